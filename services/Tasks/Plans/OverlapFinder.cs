namespace Shuangsuiji.Tasks.Plans;

/// <summary>A planned task of a published plan version.</summary>
public sealed record PlannedTaskRef(string DepartmentId, int Year, int PlanVersion, string TaskCode, string Name, IReadOnlyList<string> Items);

/// <summary>Planned tasks of several departments that could visit the same entities in the same period: one joint task instead.</summary>
public sealed record JointTaskProposal(IReadOnlyList<PlannedTaskRef> Tasks, DateOnly From, DateOnly To, PlanScope Scope)
{
    public IReadOnlyList<string> DepartmentIds => [.. Tasks.Select(t => t.DepartmentId)];
}

/// <summary>
/// Finds repeated visits before they happen (users' complaint: several departments inspecting the same entity in
/// the same month). Pure and deterministic: the same plans give the same proposals in the same order.
/// </summary>
public static class OverlapFinder
{
    /// <summary>
    /// Over the latest published version of each plan: groups of planned tasks, one per department, whose periods
    /// and scopes all intersect. Each pair that intersects seeds a group, grown by every later task (in order) that
    /// still intersects the whole group; groups contained in another are left out.
    /// </summary>
    public static IReadOnlyList<JointTaskProposal> Find(IEnumerable<AnnualPlan> plans)
    {
        var tasks = plans
            .Where(p => p.Published is not null)
            .SelectMany(p => p.Published!.Batches.SelectMany(b => b.Tasks)
                .Select(t => new Candidate(new PlannedTaskRef(p.DepartmentId, p.Year, p.Published.Version, t.Code, t.Name, t.Items), t)))
            .OrderBy(t => t.Ref.DepartmentId, StringComparer.Ordinal).ThenBy(t => t.Ref.Year).ThenBy(t => t.Ref.TaskCode, StringComparer.Ordinal)
            .ToList();
        var groups = new List<JointTaskProposal>();
        for (var i = 0; i < tasks.Count; i++)
            for (var j = i + 1; j < tasks.Count; j++)
            {
                if (Join([tasks[i]], tasks[i].Task.From, tasks[i].Task.To, tasks[i].Task.Scope, tasks[j]) is not { } pair) continue;
                var (members, from, to, scope) = pair;
                foreach (var other in tasks.Skip(i + 1).Where(t => t != tasks[j]))
                    if (Join(members, from, to, scope, other) is { } grown) (members, from, to, scope) = grown;
                groups.Add(new JointTaskProposal([.. members.OrderBy(tasks.IndexOf).Select(m => m.Ref)], from, to, scope));
            }
        return [.. groups
            .Where(g => !groups.Any(o => o.Tasks.Count > g.Tasks.Count && g.Tasks.All(o.Tasks.Contains)))
            .DistinctBy(g => string.Join("|", g.Tasks.Select(t => $"{t.DepartmentId}/{t.TaskCode}").Order(StringComparer.Ordinal)))];
    }

    private sealed record Candidate(PlannedTaskRef Ref, PlannedTask Task);

    /// <summary>The group with the candidate added, narrowed to what all share; null when the candidate does not fit.</summary>
    private static (List<Candidate>, DateOnly, DateOnly, PlanScope)? Join(List<Candidate> members, DateOnly from, DateOnly to, PlanScope scope, Candidate candidate)
    {
        if (members.Any(m => m.Ref.DepartmentId == candidate.Ref.DepartmentId || AlreadyJoint(m.Task, candidate.Task))) return null;
        var (f, t) = (Max(from, candidate.Task.From), Min(to, candidate.Task.To));
        if (f > t || Intersect(scope, candidate.Task.Scope) is not { } common) return null;
        return ([.. members, candidate], f, t, common);
    }

    /// <summary>Both already plan this visit together: one leads a joint task the other takes part in.</summary>
    private static bool AlreadyJoint(PlannedTask a, PlannedTask b) =>
        a.Joint && b.Joint && a.LeadDepartmentId == b.LeadDepartmentId
        && new[] { a.LeadDepartmentId }.Concat(a.ParticipantIds).ToHashSet().SetEquals(new[] { b.LeadDepartmentId }.Concat(b.ParticipantIds));

    /// <summary>
    /// The entities both scopes can hit, or null when there are none. Tags do not separate scopes (an entity
    /// carries many tags), so the common scope leaves them to the departments.
    /// </summary>
    public static PlanScope? Intersect(PlanScope a, PlanScope b)
    {
        var divisions = Prefixes(a.Divisions, b.Divisions);
        var industries = a.Industries.Count == 0 ? b.Industries : b.Industries.Count == 0 ? a.Industries : Prefixes(a.Industries, b.Industries);
        var entityTypes = Common(a.EntityTypes, b.EntityTypes);
        var subLibraries = Common(a.SubLibraries, b.SubLibraries);
        if (divisions.Count == 0 || industries.Count == 0 && (a.Industries.Count > 0 || b.Industries.Count > 0)
            || entityTypes is null || subLibraries is null)
            return null;
        return new PlanScope(divisions, industries, entityTypes, [], subLibraries);
    }

    /// <summary>Codes that nest by prefix (division 1303 holds 130302; industry C holds C13): the narrower of each nested pair.</summary>
    private static List<string> Prefixes(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var narrower = a.SelectMany(x => b.Where(y => x.StartsWith(y, StringComparison.Ordinal) || y.StartsWith(x, StringComparison.Ordinal))
            .Select(y => x.Length >= y.Length ? x : y)).ToHashSet();
        return [.. narrower.Where(x => !narrower.Any(y => y != x && x.StartsWith(y, StringComparison.Ordinal))).Order(StringComparer.Ordinal)];
    }

    /// <summary>An empty list does not restrict; two restricting lists must share a value (null when they do not).</summary>
    private static IReadOnlyList<string>? Common(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count == 0) return b;
        if (b.Count == 0) return a;
        var common = a.Intersect(b).Order(StringComparer.Ordinal).ToList();
        return common.Count == 0 ? null : common;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
