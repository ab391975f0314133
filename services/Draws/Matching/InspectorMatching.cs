using Shuangsuiji.Draws.Sampling;

namespace Shuangsuiji.Draws.Matching;

/// <summary>An inspector as the draw engine knows it from the directories' messages (ids only, no personal data).</summary>
public sealed record DrawInspector(string Id, string InspectorId, string DepartmentId, string Status, DateOnly ValidFrom, DateOnly ValidTo,
    IReadOnlyList<string> Specialties, IReadOnlyList<string> Conflicts, long Version)
{
    public static string Key(string departmentId, string inspectorId) => $"{departmentId}/{inspectorId}";
}

/// <summary>The rules one department's matching follows for a task.</summary>
public sealed record MatchRules(DateOnly CheckFrom, DateOnly CheckTo, IReadOnlyList<string> RequiredSpecialties, int TeamSize, int WorkloadCap);

public sealed record Match(string Uscc, string DepartmentId, string Seed, int PoolSize, string PoolSha256, long[] Picks, string[] Selected, string? Failure);

/// <summary>
/// Matching (匹配): for each drawn entity, in draw order, the department's eligible inspectors — active, with a
/// certificate valid over the planned check dates, holding the required specialties, not recused from the
/// entity, not its last inspectors, under the task's workload cap — in canonical order (ids by byte order), and
/// the team picked among them with the stream seeded for this department and entity. Too few eligible is a
/// recorded failure for that entity, never a smaller team. A pure function of its inputs.
/// </summary>
public static class InspectorMatching
{
    /// <summary>Whether an inspector may go to this entity under these rules (the workload cap aside).</summary>
    public static bool Eligible(DrawInspector i, string uscc, IReadOnlyCollection<string> lastInspectors, MatchRules rules) =>
        i.Status == "active" && i.ValidFrom <= rules.CheckFrom && i.ValidTo >= rules.CheckTo
        && rules.RequiredSpecialties.All(i.Specialties.Contains) && !i.Conflicts.Contains(uscc) && !lastInspectors.Contains(i.InspectorId);

    public static IReadOnlyList<Match> Match(string seed, string departmentId, IReadOnlyList<string> entitiesInDrawOrder,
        IReadOnlyList<DrawInspector> inspectors, Func<string, IReadOnlyCollection<string>> lastInspectorsOf, MatchRules rules)
    {
        var workload = new Dictionary<string, int>();
        var own = inspectors.Where(i => i.DepartmentId == departmentId).OrderBy(i => i.InspectorId, StringComparer.Ordinal).ToList();
        var matches = new List<Match>();
        foreach (var uscc in entitiesInDrawOrder)
        {
            var last = lastInspectorsOf(uscc);
            var eligible = own.Where(i => Eligible(i, uscc, last, rules)
                    && (rules.WorkloadCap == 0 || workload.GetValueOrDefault(i.InspectorId) < rules.WorkloadCap))
                .Select(i => i.InspectorId).ToArray();
            var derived = DrawSeed.ForMatch(seed, departmentId, uscc);
            var hash = StratifiedDraw.ListSha256(eligible);
            if (eligible.Length < rules.TeamSize)
            {
                matches.Add(new Match(uscc, departmentId, derived, eligible.Length, hash, [], [],
                    $"only {eligible.Length} eligible inspector(s) of {departmentId}, {rules.TeamSize} needed"));
                continue;
            }
            var (picks, _) = Sampler.WithoutReplacement(derived, rules.TeamSize, 1, eligible.Length);
            var team = picks.Select(p => eligible[p - 1]).ToArray();
            foreach (var member in team) workload[member] = workload.GetValueOrDefault(member) + 1;
            matches.Add(new Match(uscc, departmentId, derived, eligible.Length, hash, picks, team, null));
        }
        return matches;
    }
}

public sealed record Replacement(string Uscc, string DepartmentId, string Replaced, string Seed, int PoolSize, string PoolSha256, long Pick,
    string Selected, string Reason);

public static class InspectorReplacement
{
    /// <summary>
    /// Replaces one member of an entity's team by the same rules: among the department's eligible inspectors who
    /// are not on the team and under the workload cap, one picked with the match's seed + "/replace/" + n.
    /// </summary>
    public static Replacement Replace(string matchSeed, int number, string departmentId, string uscc, string replaced, IReadOnlyList<string> team,
        IReadOnlyDictionary<string, int> workload, IReadOnlyList<DrawInspector> inspectors, IReadOnlyCollection<string> lastInspectors,
        MatchRules rules, string reason)
    {
        var pool = inspectors.Where(i => i.DepartmentId == departmentId && !team.Contains(i.InspectorId) && i.InspectorId != replaced
                && InspectorMatching.Eligible(i, uscc, lastInspectors, rules)
                && (rules.WorkloadCap == 0 || workload.GetValueOrDefault(i.InspectorId) < rules.WorkloadCap))
            .Select(i => i.InspectorId).Order(StringComparer.Ordinal).ToArray();
        if (pool.Length == 0) throw new ServiceDefaults.Grpc.RuleViolationException($"no eligible inspector of {departmentId} can replace {replaced} for {uscc}");
        var seed = $"{matchSeed}/replace/{number}";
        var pick = Sampler.Number(seed, 1, 1, pool.Length);
        return new Replacement(uscc, departmentId, replaced, seed, pool.Length, StratifiedDraw.ListSha256(pool), pick, pool[pick - 1], reason);
    }
}
