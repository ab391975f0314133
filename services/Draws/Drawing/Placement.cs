using Shuangsuiji.Draws.Candidates;

namespace Shuangsuiji.Draws.Drawing;

public sealed record StratumSpec(string Label, IReadOnlyList<string> RiskClasses, decimal? Percent, int? Count);

public sealed record PrepareDraw(string DrawId, string TaskId, IReadOnlyList<string> Departments, string? Office, IReadOnlyList<string> Items,
    CandidateScope Scope, IReadOnlyList<StratumSpec> Strata, int RecentInspectionMonths, string? RedrawOf, string? Reason);

/// <summary>
/// Puts the entities in scope, read in canonical order, into their strata by risk class, and counts every one
/// left out by reason: not active (未正常经营), inspected for one of the items recently, or in no stratum.
/// </summary>
public sealed class Placement
{
    public const string NotActive = "not_active";
    public const string InspectedRecently = "inspected_recently";
    public const string NotInStrata = "risk_class_not_drawn";

    private readonly Dictionary<string, string> stratumOfClass;
    private readonly Dictionary<string, int> exclusions = new() { [NotActive] = 0, [InspectedRecently] = 0, [NotInStrata] = 0 };

    public Placement(IReadOnlyList<StratumSpec> strata)
    {
        // An empty class list is the stratum of entities without a class.
        stratumOfClass = strata.SelectMany(s => s.RiskClasses.DefaultIfEmpty("").Select(c => (c, s.Label))).ToDictionary(x => x.c, x => x.Label);
        Lists = strata.ToDictionary(s => s.Label, _ => new List<string>());
    }

    public Dictionary<string, List<string>> Lists { get; }

    public IReadOnlyDictionary<string, int> Exclusions => exclusions;

    public void Add(string uscc, string status, string? riskClass, bool inspectedRecently)
    {
        if (status != "active") exclusions[NotActive]++;
        else if (inspectedRecently) exclusions[InspectedRecently]++;
        else if (stratumOfClass.TryGetValue(riskClass ?? "", out var label)) Lists[label].Add(uscc);
        else exclusions[NotInStrata]++;
    }
}
