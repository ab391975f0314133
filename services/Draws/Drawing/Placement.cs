using Shuangsuiji.Draws.Candidates;

namespace Shuangsuiji.Draws.Drawing;

public sealed record StratumSpec(string Label, IReadOnlyList<string> RiskClasses, decimal? Percent, int? Count);

public sealed record PrepareDraw(string DrawId, string TaskId, IReadOnlyList<string> Departments, string? Office, IReadOnlyList<string> Items,
    CandidateScope Scope, IReadOnlyList<StratumSpec> Strata, int RecentInspectionMonths, string? RedrawOf, string? Reason,
    IReadOnlyList<string>? MergedTasks = null, IReadOnlyList<string>? SampledTasks = null, PublicRandomness? Randomness = null,
    DateTimeOffset? CommitDeadline = null)
{
    /// <summary>A return visit's draw (回访) samples the entities of closed tasks rather than the directory.</summary>
    public bool IsReturnVisit => SampledTasks is { Count: > 0 };
}

/// <summary>
/// The entities in scope put in their strata by risk class, each list in canonical order, and every one left out
/// counted by reason: not active (未正常经营), inspected for one of the items recently, in another open task, or in
/// no stratum.
/// </summary>
public sealed record Placement(IReadOnlyDictionary<string, CandidateList> Lists, IReadOnlyDictionary<string, int> Exclusions)
{
    public const string NotActive = "not_active";
    public const string InspectedRecently = "inspected_recently";
    public const string InOpenTask = "in_open_task";
    public const string NotInStrata = "risk_class_not_drawn";
}
