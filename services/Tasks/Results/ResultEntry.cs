using System.Text.RegularExpressions;
using Shuangsuiji.Tasks.Forms;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Tasks.Results;

/// <summary>The outcome for one inspection item: checked or not, problem found, action taken.</summary>
public sealed record ItemOutcome(string ItemId, bool Checked, bool ProblemFound, string? Action);

/// <summary>A photo or document stored elsewhere by content: events carry its hash, never its bytes.</summary>
public sealed record AttachmentRef(string Sha256, string FileName, string MediaType);

/// <summary>
/// One department's result for one entity (谁检查、谁录入): who checked (inspector ids, never names), when, how, what
/// was found, and the values of the item's check forms (一企一表).
/// </summary>
public sealed record ResultEntry(
    IReadOnlyList<DateOnly> CheckDates, IReadOnlyList<CheckMethod> Methods, IReadOnlyList<ResultCategory> Categories,
    IReadOnlyList<PendingReason> PendingReasons, IReadOnlyList<ItemOutcome> Items, IReadOnlyList<AttachmentRef> Attachments,
    IReadOnlyList<string> InspectorIds, IReadOnlyList<FormValue> FormValues)
{
    // Entries stored before inspectors and form values were recorded read back without them.
    public IReadOnlyList<string> InspectorIds { get; init; } = InspectorIds ?? [];

    public IReadOnlyList<FormValue> FormValues { get; init; } = FormValues ?? [];

    public bool FindsProblem => Categories.Any(c => c.FindsProblem());

    /// <summary>Starts the 10-working-day clock for the abnormal-operations list.</summary>
    public bool FoundUnreachable => PendingReasons.Contains(PendingReason.Unreachable);

    public DateOnly? CheckEndedOn => CheckDates.Count == 0 ? null : CheckDates.Max();
}

public static partial class ResultValidation
{
    /// <summary>
    /// Checks a submitted entry against the task (the department's items and their forms, the check period, how many
    /// of its inspectors a check needs, from the matched team) and today's date; each error names its field. Returns the entry with texts
    /// trimmed and hashes in lower case.
    /// </summary>
    public static ResultEntry Validate(ResultEntry entry, IReadOnlyList<string> items, IReadOnlyList<ItemForms> forms, IReadOnlyCollection<string> team,
        int inspectorsNeeded, DateOnly checkFrom, DateOnly checkTo, DateOnly today)
    {
        if (entry.CheckDates.Count == 0) throw new InvalidFieldException("check_dates", "give the date(s) of the check", "请填写检查日期", Reasons.FieldRequired);
        foreach (var (date, i) in entry.CheckDates.Select((d, i) => (d, i)))
        {
            if (date < checkFrom || date > checkTo)
                throw new InvalidFieldException($"check_dates[{i}]", $"{date:yyyy-MM-dd} is outside the task's check period {checkFrom:yyyy-MM-dd}–{checkTo:yyyy-MM-dd}",
                    $"{date:yyyy-MM-dd} 不在任务的检查期间 {checkFrom:yyyy-MM-dd}–{checkTo:yyyy-MM-dd} 之内", TasksReasons.OutsideCheckPeriod.About(checkFrom, checkTo));
            if (date > today)
                throw new InvalidFieldException($"check_dates[{i}]", $"{date:yyyy-MM-dd} is in the future", $"{date:yyyy-MM-dd} 晚于今天", Reasons.DateInFuture.About(today));
        }
        Distinct(entry.CheckDates, "check_dates");

        if (entry.Methods.Count == 0) throw new InvalidFieldException("methods", "give at least one check method", "至少选择一种检查方式", Reasons.FieldRequired);
        Defined(entry.Methods, "methods");
        Distinct(entry.Methods, "methods");

        Categories(entry);
        var outcomes = Items(entry.Items, items);
        // An item's problem has to show in the published result, or the public record would say less than the check found.
        if (outcomes.Any(o => o.ProblemFound) && !entry.FindsProblem)
            throw new InvalidFieldException("categories",
                $"a problem was found on an item: choose {ResultCategory.ProblemPending.Label()}, {ResultCategory.ProblemCorrected.Label()} or {ResultCategory.SeriousNonCooperation.Label()}",
                $"有检查事项发现问题：请选择“{ResultCategory.ProblemPending.Label()}”“{ResultCategory.ProblemCorrected.Label()}”或“{ResultCategory.SeriousNonCooperation.Label()}”",
                TasksReasons.CategoryConflict);
        if (entry.Categories.Contains(ResultCategory.NoProblem) && !outcomes.Any(o => o.Checked))
            throw new InvalidFieldException("items", $"{ResultCategory.NoProblem.Label()} needs at least one item checked",
                $"“{ResultCategory.NoProblem.Label()}”至少需要检查一个事项", TasksReasons.CategoryConflict);

        return entry with
        {
            Items = outcomes, Attachments = Attachments(entry.Attachments), InspectorIds = Inspectors(entry.InspectorIds, team, inspectorsNeeded),
            FormValues = Forms.FormValues.Validate(entry.FormValues, forms, outcomes),
        };
    }

    /// <summary>
    /// No fewer than two officers check (Administrative Penalty Law); in a joint team each department brings at least
    /// one. They are members of the team the draw engine matched to the entity (双随机: the inspectors are drawn too).
    /// </summary>
    private static List<string> Inspectors(IReadOnlyList<string> ids, IReadOnlyCollection<string> team, int needed)
    {
        var valid = ids.Select((id, i) => Require.Code(id, $"inspector_ids[{i}]")).ToList();
        foreach (var (id, i) in valid.Select((id, i) => (id, i)))
            if (!team.Contains(id))
                throw new InvalidFieldException($"inspector_ids[{i}]", $"{id} is not on the team matched to this entity ({string.Join(", ", team)})",
                    $"{id} 不在为该对象匹配的检查组中（{string.Join("、", team)}）", TasksReasons.NotOnTeam.About(id));
        if (valid.Count < needed)
            throw new InvalidFieldException("inspector_ids", $"give the {needed} or more inspectors of this department who checked",
                $"请列出本部门参加检查的 {needed} 名或更多检查人员", TasksReasons.TooFewInspectors.About(needed));
        Distinct(valid, "inspector_ids");
        return valid;
    }

    private static void Categories(ResultEntry entry)
    {
        var categories = entry.Categories;
        if (categories.Count == 0) throw new InvalidFieldException("categories", "give at least one result category", "至少选择一个结果类别", Reasons.FieldRequired);
        Defined(categories, "categories");
        Distinct(categories, "categories");
        // Every other category says a problem was found or that the entity did not operate as checked, so none fits beside "no problem".
        if (categories.Contains(ResultCategory.NoProblem) && categories.Count > 1)
            throw new InvalidFieldException("categories",
                $"{ResultCategory.NoProblem.Label()} excludes {string.Join("、", categories.Where(c => c != ResultCategory.NoProblem).Select(c => c.Label()))}",
                $"“{ResultCategory.NoProblem.Label()}”不能与“{string.Join("、", categories.Where(c => c != ResultCategory.NoProblem).Select(c => c.Label()))}”同时选择",
                TasksReasons.CategoryConflict);

        var pending = categories.Contains(ResultCategory.ProblemPending);
        if (pending && entry.PendingReasons.Count == 0)
            throw new InvalidFieldException("pending_reasons", $"{ResultCategory.ProblemPending.Label()} needs at least one reason",
                $"“{ResultCategory.ProblemPending.Label()}”至少需要一个原因", Reasons.FieldRequired);
        if (!pending && entry.PendingReasons.Count > 0)
            throw new InvalidFieldException("pending_reasons", $"reasons belong only to {ResultCategory.ProblemPending.Label()}",
                $"只有“{ResultCategory.ProblemPending.Label()}”才填写原因", TasksReasons.CategoryConflict);
        Defined(entry.PendingReasons, "pending_reasons");
        Distinct(entry.PendingReasons, "pending_reasons");
    }

    private static List<ItemOutcome> Items(IReadOnlyList<ItemOutcome> outcomes, IReadOnlyList<string> items)
    {
        var result = new List<ItemOutcome>();
        foreach (var (o, i) in outcomes.Select((o, i) => (o, i)))
        {
            if (!items.Contains(o.ItemId))
                throw new InvalidFieldException($"items[{i}].item_id", $"'{o.ItemId}' is not an item of this department in the task", $"“{o.ItemId}”不是本部门在该任务中的检查事项",
                    Reasons.UnknownReference);
            if (result.Any(r => r.ItemId == o.ItemId))
                throw new InvalidFieldException($"items[{i}].item_id", $"'{o.ItemId}' is given twice", $"“{o.ItemId}”重复", Reasons.FieldDuplicate);
            if (o.ProblemFound && !o.Checked)
                throw new InvalidFieldException($"items[{i}].problem_found", "an item not checked cannot have a problem found", "未检查的事项不能认定发现问题");
            var action = string.IsNullOrWhiteSpace(o.Action) ? null : o.Action.Trim();
            if (o.ProblemFound && action is null)
                throw new InvalidFieldException($"items[{i}].action", "say what was done about the problem found", "请说明对所发现问题的处理", Reasons.FieldRequired);
            if (action is { Length: > 500 })
                throw new InvalidFieldException($"items[{i}].action", "is longer than 500 characters", "超过 500 个字符", Reasons.FieldTooLong.About(500));
            result.Add(o with { Action = action });
        }
        if (items.FirstOrDefault(id => result.All(r => r.ItemId != id)) is { } missing)
            throw new InvalidFieldException("items", $"give the outcome of item '{missing}'", $"请填写检查事项“{missing}”的检查情况", Reasons.FieldRequired);
        return result;
    }

    private static List<AttachmentRef> Attachments(IReadOnlyList<AttachmentRef> attachments)
    {
        var result = new List<AttachmentRef>();
        foreach (var (a, i) in attachments.Select((a, i) => (a, i)))
        {
            var hash = a.Sha256?.Trim().ToLowerInvariant() ?? "";
            if (!Sha256Pattern().IsMatch(hash))
                throw new InvalidFieldException($"attachments[{i}].sha256", "must be the 64 hexadecimal digits of the file's SHA-256", "须为文件 SHA-256 摘要的 64 位十六进制数字");
            if (result.Any(r => r.Sha256 == hash))
                throw new InvalidFieldException($"attachments[{i}].sha256", "the same file is attached twice", "同一文件重复附上", Reasons.FieldDuplicate);
            var name = a.FileName?.Trim() ?? "";
            if (name.Length is 0 or > 255 || name.Any(c => char.IsControl(c) || c is '/' or '\\'))
                throw new InvalidFieldException($"attachments[{i}].file_name", "must be a file name of 1–255 characters without a path", "须为 1–255 个字符、不含路径的文件名");
            var mediaType = a.MediaType?.Trim().ToLowerInvariant() ?? "";
            if (!MediaTypePattern().IsMatch(mediaType))
                throw new InvalidFieldException($"attachments[{i}].media_type", $"'{a.MediaType}' is not a media type such as image/jpeg or application/pdf",
                    $"“{a.MediaType}”不是 image/jpeg、application/pdf 这样的媒体类型");
            result.Add(new AttachmentRef(hash, name, mediaType));
        }
        return result;
    }

    private static void Defined<T>(IEnumerable<T> values, string field) where T : struct, Enum
    {
        foreach (var value in values)
            if (!Enum.IsDefined(value)) throw new InvalidFieldException(field, $"{value} is not a known value", $"{value} 不是可识别的取值");
    }

    private static void Distinct<T>(IReadOnlyList<T> values, string field)
    {
        if (values.Distinct().Count() != values.Count) throw new InvalidFieldException(field, "a value is given twice", "取值重复", Reasons.FieldDuplicate);
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex("^[a-z]+/[a-z0-9][a-z0-9!#$&^_.+-]*$")]
    private static partial Regex MediaTypePattern();
}
