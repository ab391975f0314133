using System.Globalization;
using Microsoft.Extensions.Primitives;
using Shuangsuiji.Api.Tasks.V1;

namespace Shuangsuiji.Workbench.Plans;

/// <summary>
/// A planned task as the plan page's form posts it, into the batch it names (a new batch when the number is new). Lists
/// picked with checkboxes (items, entity types, tags, partners) come as repeated fields; codes typed in (divisions,
/// industries, sub-libraries) are separated by commas, spaces or 、.
/// </summary>
public sealed partial class PlannedTaskForm
{
    public const string Prefix = "Planned";

    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");
    public long ExpectedVersion { get; set; } = -1;
    public string? Batch { get; set; } = "1";
    public string? BatchName { get; set; }
    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    public string? Divisions { get; set; }
    public string? Industries { get; set; }
    public string? SubLibraries { get; set; }
    public bool Joint { get; set; }

    /// <summary>The code of a joint item (联合抽查事项) of the joint-inspection item list the task is taken from; it makes the task joint.</summary>
    public string? JointItem { get; set; }

    /// <summary>The quotas by risk class: a number and its unit ("percent" or "count"), one pair of fields per class.</summary>
    public static readonly string[] RiskClasses = ["A", "B", "C", "D"];

    /// <summary>The planned task it says, and the problems the form itself finds (by the service's field names), before anything is sent.</summary>
    public (PlannedTask Task, int Batch, Dictionary<string, string> Problems) Read(IFormCollection form, string departmentId)
    {
        var problems = new Dictionary<string, string>();
        if (!int.TryParse(Batch, NumberStyles.None, CultureInfo.InvariantCulture, out var batch) || batch < 1)
            problems["batch.number"] = "批次号须为不小于 1 的整数";
        var task = new PlannedTask
        {
            Code = Code?.Trim() ?? "", Name = Name?.Trim() ?? "", From = From ?? "", To = To ?? "",
            Items = { Picked(form, "Items") },
            Scope = new PlanScope
            {
                Divisions = { Split(Divisions) }, Industries = { Split(Industries) }, EntityTypes = { Picked(form, "EntityTypes") },
                Tags = { Picked(form, "Tags") }, SubLibraries = { Split(SubLibraries) },
            },
            Joint = Joint || !string.IsNullOrWhiteSpace(JointItem), LeadDepartmentId = departmentId, JointItemCode = JointItem?.Trim() ?? "",
        };
        // Partners left unpicked on a task from a joint item are the item's other departments, as the service fills them.
        if (task.Joint) task.ParticipantIds.AddRange(Picked(form, "Partners"));
        foreach (var riskClass in RiskClasses)
        {
            var value = form[$"{Prefix}.Quota{riskClass}"].ToString().Trim();
            if (value.Length == 0) continue;
            var count = form[$"{Prefix}.Unit{riskClass}"] == "count";
            if (!decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) || number < 0 || count && number != decimal.Truncate(number))
            {
                problems[$"quotas.{riskClass}"] = count ? $"{riskClass} 类的户数须为非负整数" : $"{riskClass} 类的比例须为 0 到 100 之间的数";
                continue;
            }
            task.Quotas.Add(count ? new RiskQuota { RiskClass = riskClass, Count = (int)number } : new RiskQuota { RiskClass = riskClass, Percent = (double)number });
        }
        return (task, batch, problems);
    }

    public static IEnumerable<string> Picked(IFormCollection form, string name) =>
        form[$"{Prefix}.{name}"].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).Distinct();

    private static IEnumerable<string> Split(string? text) =>
        (text ?? "").Split([',', '，', '、', ' ', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// The service names a planned task's field by its place in the plan ("batches[0].tasks[2].scope.divisions[1]"); the
    /// form shows it beside its own field ("scope.divisions"), a batch's fields as "batch.number" and "batch.name".
    /// </summary>
    public static Dictionary<string, string> FormFields(IReadOnlyDictionary<string, string> fields)
    {
        var mapped = new Dictionary<string, string>();
        foreach (var (field, problem) in fields)
        {
            var local = Place().Replace(field, "") is var rest && field.Contains(".tasks[", StringComparison.Ordinal) ? rest
                : field.StartsWith("batches[", StringComparison.Ordinal) ? "batch" + BatchPlace().Replace(field, "") : field;
            local = Index().Replace(local.TrimStart('.'), "");
            mapped.TryAdd(local, problem);
        }
        return mapped;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^batches\[\d+\]\.tasks\[\d+\]\.?")]
    private static partial System.Text.RegularExpressions.Regex Place();

    [System.Text.RegularExpressions.GeneratedRegex(@"^batches\[\d+\]")]
    private static partial System.Text.RegularExpressions.Regex BatchPlace();

    [System.Text.RegularExpressions.GeneratedRegex(@"\[\d+\]")]
    private static partial System.Text.RegularExpressions.Regex Index();
}

/// <summary>A command on the plan as a whole (approve, publish, remove a task, start an adjustment with its reason).</summary>
public sealed class PlanCommandForm
{
    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");
    public long ExpectedVersion { get; set; } = -1;
    public string? Reason { get; set; }
    public string? Code { get; set; }
}
