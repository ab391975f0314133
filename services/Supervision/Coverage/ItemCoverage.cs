using Shuangsuiji.Supervision.Activity;
using Shuangsuiji.Supervision.Alerts;

namespace Shuangsuiji.Supervision.Coverage;

/// <summary>How far a department's published plan for the year covers its list: each listed item in at least one planned task.</summary>
public sealed record DepartmentCoverage(string DepartmentId, int Claimed, int Covered, bool PlanPublished, IReadOnlyList<ListedItem> Uncovered)
{
    /// <summary>Covered over listed; a department with an empty list has nothing left uncovered.</summary>
    public double Ratio => Claimed == 0 ? 1 : (double)Covered / Claimed;
}

/// <summary>
/// Coverage (全覆盖): the work plan asks every item on a department's list to be inspected at random, so each must appear in at
/// least one planned task of the year's published plans — the department's own, or a joint task of another department that
/// lists the item. Pure: the listed items and the year's published plans in, the figure per department out.
/// </summary>
public static class ItemCoverage
{
    public const string ItemUncovered = "item_uncovered";

    public static IReadOnlyList<DepartmentCoverage> Of(IEnumerable<ListedItem> items, IReadOnlyList<KeptPlan> plans)
    {
        var planned = plans.SelectMany(p => p.State.Tasks).SelectMany(t => t.Items).ToHashSet(StringComparer.Ordinal);
        var published = plans.Select(p => p.DepartmentId).ToHashSet(StringComparer.Ordinal);
        return [.. items.Where(i => i.Listed).GroupBy(i => i.DepartmentId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var uncovered = g.Where(i => !planned.Contains(i.Id)).OrderBy(i => i.Code, StringComparer.Ordinal).ToList();
            return new DepartmentCoverage(g.Key, g.Count(), g.Count() - uncovered.Count, published.Contains(g.Key), uncovered);
        })];
    }

    /// <summary>
    /// An alert per listed item no planned task covers, once the department has published its plan for the year: until then
    /// the plan is still being drawn up (the year's plans are made at its start) and may yet cover it; after, the gap is the
    /// plan's and only an adjustment (a new published version) closes it. The alert clears when a version covers the item or
    /// the item leaves the list.
    /// </summary>
    public static IEnumerable<AlertCondition> Alerts(int year, IReadOnlyList<DepartmentCoverage> coverage) =>
        coverage.Where(c => c.PlanPublished).SelectMany(c => c.Uncovered.Select(i => new AlertCondition($"{ItemUncovered}:{year}:{i.Id}", ItemUncovered,
            c.DepartmentId, i.Id, $"检查事项“{i.Code}”未列入{year}年度已公布计划的任何抽查任务，请调整计划以实现随机抽查事项全覆盖", null)));
}
