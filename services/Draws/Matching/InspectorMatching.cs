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

/// <summary>A team for one entity; its seed is <see cref="DrawSeed.ForMatch"/> of the draw's seed, the department and the entity.</summary>
public sealed record Match(string Uscc, int PoolSize, string PoolSha256, long[] Picks, string[] Selected, string? Failure);

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
        Able(i, rules) && !i.Conflicts.Contains(uscc) && !lastInspectors.Contains(i.InspectorId);

    /// <summary>What does not depend on the entity: active, certificate valid over the check dates, the required specialties.</summary>
    private static bool Able(DrawInspector i, MatchRules rules) =>
        i.Status == "active" && i.ValidFrom <= rules.CheckFrom && i.ValidTo >= rules.CheckTo && rules.RequiredSpecialties.All(i.Specialties.Contains);

    public static IReadOnlyList<Match> Match(string seed, string departmentId, IReadOnlyList<string> entitiesInDrawOrder,
        IReadOnlyList<DrawInspector> inspectors, Func<string, IReadOnlyCollection<string>> lastInspectorsOf, MatchRules rules)
    {
        // The pool of most entities is the department's able inspectors under the cap: kept with its hash, and changed
        // only when someone reaches the cap. An entity with a recusal or a last inspector in it gets a pool of its own.
        var pool = new Pool([.. inspectors.Where(i => i.DepartmentId == departmentId && Able(i, rules)).Select(i => i.InspectorId).Order(StringComparer.Ordinal)]);
        var recusals = inspectors.Where(i => i.DepartmentId == departmentId).SelectMany(i => i.Conflicts.Select(uscc => (uscc, i.InspectorId)))
            .ToLookup(x => x.uscc, x => x.InspectorId);
        var workload = new Dictionary<string, int>();
        var teams = new Teams(entitiesInDrawOrder, rules.TeamSize);
        // The first hashes of each entity's stream do not depend on who is still eligible: computed side by side.
        var teamHashes = rules.TeamSize * 32;
        var firstHashes = Sampler.FirstHashesOfMany(DrawSeed.ForMatch(seed, departmentId, ""), entitiesInDrawOrder, rules.TeamSize);
        for (var n = 0; n < entitiesInDrawOrder.Count; n++)
        {
            var uscc = entitiesInDrawOrder[n];
            var last = lastInspectorsOf(uscc);
            var (eligible, hash) = (pool.Members, pool.Sha256);
            if (last.Count > 0 || recusals.Contains(uscc))
            {
                var left = last.Concat(recusals[uscc]).Where(pool.Contains).ToHashSet();
                if (left.Count > 0)
                {
                    eligible = [.. pool.Members.Where(i => !left.Contains(i))];
                    hash = StratifiedDraw.ListSha256(eligible);
                }
            }
            if (eligible.Length < rules.TeamSize)
            {
                teams.Fail(n, eligible.Length, hash, $"only {eligible.Length} eligible inspector(s) of {departmentId}, {rules.TeamSize} needed");
                continue;
            }
            // The seed string is made only for the rare team whose first hashes repeat a pick.
            var (picks, _) = Sampler.WithoutReplacement(() => DrawSeed.ForMatch(seed, departmentId, uscc), rules.TeamSize, 1, eligible.Length,
                firstHashes.AsSpan(n * teamHashes, teamHashes));
            var team = teams.Pick(n, eligible.Length, hash, picks);
            for (var p = 0; p < picks.Length; p++)
            {
                var member = team[p] = eligible[picks[p] - 1];
                ref var load = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(workload, member, out _);
                if (++load == rules.WorkloadCap && rules.WorkloadCap > 0) pool = pool.Without(member);
            }
        }
        return teams;
    }

    /// <summary>
    /// A matching's teams as columns, a few arrays in all, each team made into a <see cref="Match"/> when asked for.
    /// A province-wide matching holds its 300,000 teams until they are stored: as three objects each, a collection
    /// during the matching copied all of them (hundreds of milliseconds, bench draw); arrays are not copied.
    /// </summary>
    private sealed class Teams(IReadOnlyList<string> usccs, int teamSize) : IReadOnlyList<Match>
    {
        private readonly int[] poolSizes = new int[usccs.Count];
        private readonly string[] poolHashes = new string[usccs.Count];
        private readonly long[] picks = new long[usccs.Count * teamSize];
        private readonly string[] members = new string[usccs.Count * teamSize];
        private readonly Dictionary<int, string> failures = [];

        /// <summary>Records the picks of entity n and gives the span its team's ids are to be written to.</summary>
        public Span<string> Pick(int n, int poolSize, string poolSha256, long[] teamPicks)
        {
            (poolSizes[n], poolHashes[n]) = (poolSize, poolSha256);
            teamPicks.CopyTo(picks, n * teamSize);
            return members.AsSpan(n * teamSize, teamSize);
        }

        public void Fail(int n, int poolSize, string poolSha256, string failure)
        {
            (poolSizes[n], poolHashes[n]) = (poolSize, poolSha256);
            failures[n] = failure;
        }

        public int Count => usccs.Count;

        public Match this[int n] => failures.TryGetValue(n, out var failure)
            ? new Match(usccs[n], poolSizes[n], poolHashes[n], [], [], failure)
            : new Match(usccs[n], poolSizes[n], poolHashes[n], picks[(n * teamSize)..((n + 1) * teamSize)], members[(n * teamSize)..((n + 1) * teamSize)], null);

        public IEnumerator<Match> GetEnumerator()
        {
            for (var n = 0; n < Count; n++) yield return this[n];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Inspector ids in canonical order, with their hash computed once.</summary>
    private sealed class Pool(string[] members)
    {
        private readonly HashSet<string> set = [.. members];
        private string? sha256;

        public string[] Members => members;

        public string Sha256 => sha256 ??= StratifiedDraw.ListSha256(members);

        public bool Contains(string id) => set.Contains(id);

        public Pool Without(string id) => new([.. members.Where(m => m != id)]);
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
        if (pool.Length == 0) throw new Shuangsuiji.Kernel.RuleViolationException($"no eligible inspector of {departmentId} can replace {replaced} for {uscc}");
        var seed = $"{matchSeed}/replace/{number}";
        var pick = Sampler.Number(seed, 1, 1, pool.Length);
        return new Replacement(uscc, departmentId, replaced, seed, pool.Length, StratifiedDraw.ListSha256(pool), pick, pool[pick - 1], reason);
    }
}
