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
        if (entry.CheckDates.Count == 0) throw new InvalidFieldException("check_dates", "give the date(s) of the check");
        foreach (var (date, i) in entry.CheckDates.Select((d, i) => (d, i)))
        {
            if (date < checkFrom || date > checkTo)
                throw new InvalidFieldException($"check_dates[{i}]", $"{date:yyyy-MM-dd} is outside the task's check period {checkFrom:yyyy-MM-dd}–{checkTo:yyyy-MM-dd}");
            if (date > today) throw new InvalidFieldException($"check_dates[{i}]", $"{date:yyyy-MM-dd} is in the future");
        }
        Distinct(entry.CheckDates, "check_dates");

        if (entry.Methods.Count == 0) throw new InvalidFieldException("methods", "give at least one check method");
        Defined(entry.Methods, "methods");
        Distinct(entry.Methods, "methods");

        Categories(entry);
        var outcomes = Items(entry.Items, items);
        // An item's problem has to show in the published result, or the public record would say less than the check found.
        if (outcomes.Any(o => o.ProblemFound) && !entry.FindsProblem)
            throw new InvalidFieldException("categories",
                $"a problem was found on an item: choose {ResultCategory.ProblemPending.Label()}, {ResultCategory.ProblemCorrected.Label()} or {ResultCategory.SeriousNonCooperation.Label()}");
        if (entry.Categories.Contains(ResultCategory.NoProblem) && !outcomes.Any(o => o.Checked))
            throw new InvalidFieldException("items", $"{ResultCategory.NoProblem.Label()} needs at least one item checked");

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
                throw new InvalidFieldException($"inspector_ids[{i}]", $"{id} is not on the team matched to this entity ({string.Join(", ", team)})");
        if (valid.Count < needed) throw new InvalidFieldException("inspector_ids", $"give the {needed} or more inspectors of this department who checked");
        Distinct(valid, "inspector_ids");
        return valid;
    }

    private static void Categories(ResultEntry entry)
    {
        var categories = entry.Categories;
        if (categories.Count == 0) throw new InvalidFieldException("categories", "give at least one result category");
        Defined(categories, "categories");
        Distinct(categories, "categories");
        // Every other category says a problem was found or that the entity did not operate as checked, so none fits beside "no problem".
        if (categories.Contains(ResultCategory.NoProblem) && categories.Count > 1)
            throw new InvalidFieldException("categories",
                $"{ResultCategory.NoProblem.Label()} excludes {string.Join("、", categories.Where(c => c != ResultCategory.NoProblem).Select(c => c.Label()))}");

        var pending = categories.Contains(ResultCategory.ProblemPending);
        if (pending && entry.PendingReasons.Count == 0)
            throw new InvalidFieldException("pending_reasons", $"{ResultCategory.ProblemPending.Label()} needs at least one reason");
        if (!pending && entry.PendingReasons.Count > 0)
            throw new InvalidFieldException("pending_reasons", $"reasons belong only to {ResultCategory.ProblemPending.Label()}");
        Defined(entry.PendingReasons, "pending_reasons");
        Distinct(entry.PendingReasons, "pending_reasons");
    }

    private static List<ItemOutcome> Items(IReadOnlyList<ItemOutcome> outcomes, IReadOnlyList<string> items)
    {
        var result = new List<ItemOutcome>();
        foreach (var (o, i) in outcomes.Select((o, i) => (o, i)))
        {
            if (!items.Contains(o.ItemId)) throw new InvalidFieldException($"items[{i}].item_id", $"'{o.ItemId}' is not an item of this department in the task");
            if (result.Any(r => r.ItemId == o.ItemId)) throw new InvalidFieldException($"items[{i}].item_id", $"'{o.ItemId}' is given twice");
            if (o.ProblemFound && !o.Checked) throw new InvalidFieldException($"items[{i}].problem_found", "an item not checked cannot have a problem found");
            var action = string.IsNullOrWhiteSpace(o.Action) ? null : o.Action.Trim();
            if (o.ProblemFound && action is null) throw new InvalidFieldException($"items[{i}].action", "say what was done about the problem found");
            if (action is { Length: > 500 }) throw new InvalidFieldException($"items[{i}].action", "is longer than 500 characters");
            result.Add(o with { Action = action });
        }
        if (items.FirstOrDefault(id => result.All(r => r.ItemId != id)) is { } missing)
            throw new InvalidFieldException("items", $"give the outcome of item '{missing}'");
        return result;
    }

    private static List<AttachmentRef> Attachments(IReadOnlyList<AttachmentRef> attachments)
    {
        var result = new List<AttachmentRef>();
        foreach (var (a, i) in attachments.Select((a, i) => (a, i)))
        {
            var hash = a.Sha256?.Trim().ToLowerInvariant() ?? "";
            if (!Sha256Pattern().IsMatch(hash))
                throw new InvalidFieldException($"attachments[{i}].sha256", "must be the 64 hexadecimal digits of the file's SHA-256");
            if (result.Any(r => r.Sha256 == hash)) throw new InvalidFieldException($"attachments[{i}].sha256", "the same file is attached twice");
            var name = a.FileName?.Trim() ?? "";
            if (name.Length is 0 or > 255 || name.Any(c => char.IsControl(c) || c is '/' or '\\'))
                throw new InvalidFieldException($"attachments[{i}].file_name", "must be a file name of 1–255 characters without a path");
            var mediaType = a.MediaType?.Trim().ToLowerInvariant() ?? "";
            if (!MediaTypePattern().IsMatch(mediaType))
                throw new InvalidFieldException($"attachments[{i}].media_type", $"'{a.MediaType}' is not a media type such as image/jpeg or application/pdf");
            result.Add(new AttachmentRef(hash, name, mediaType));
        }
        return result;
    }

    private static void Defined<T>(IEnumerable<T> values, string field) where T : struct, Enum
    {
        foreach (var value in values)
            if (!Enum.IsDefined(value)) throw new InvalidFieldException(field, $"{value} is not a known value");
    }

    private static void Distinct<T>(IReadOnlyList<T> values, string field)
    {
        if (values.Distinct().Count() != values.Count) throw new InvalidFieldException(field, "a value is given twice");
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex("^[a-z]+/[a-z0-9][a-z0-9!#$&^_.+-]*$")]
    private static partial Regex MediaTypePattern();
}
