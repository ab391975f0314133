using Shuangsuiji.Draws.Records;
using Shuangsuiji.Draws.Sampling;
using Shuangsuiji.ServiceDefaults.Auth;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.ServiceDefaults.Validation;

namespace Shuangsuiji.Draws.Drawing;

/// <summary>The rules of commit–reveal and execution (SPEC.md §6): pure functions of the draw, the command and the time.</summary>
public static class DrawDecider
{
    public const int DefaultRecentInspectionMonths = 12;

    /// <summary>
    /// Fixes a draw: who takes part, what is drawn from where, and the candidate lists (already placed in their
    /// strata, see <see cref="Placement"/>). The lead department (the first) prepares it.
    /// </summary>
    public static IReadOnlyList<object> Prepare(PrepareDraw command, Placement placement, long candidatesAsOf, Draw? replaced, CommandContext ctx)
    {
        var lead = command.Departments.FirstOrDefault() ?? throw new InvalidFieldException("department_ids", "name at least the lead department");
        if (command.IsReturnVisit)
        {
            if (!ctx.Caller.ActsFor(lead) || !ctx.Caller.IsSupervisor())
                throw new ForbiddenException($"a return visit's draw is prepared by the supervising office {lead}");
        }
        else if (!ctx.Caller.ActsFor(lead) || ctx.Caller.Role is not (Roles.Staff or Roles.System))
            throw new ForbiddenException($"the lead department {lead} prepares the draw");
        if (command.RedrawOf is { } earlier)
        {
            if (replaced is not { Executed: not null }) throw new InvalidFieldException("redraw_of", $"no executed draw {earlier} to draw again");
            if (replaced.TaskId != command.TaskId) throw new InvalidFieldException("redraw_of", $"draw {earlier} is of task {replaced.TaskId}, not {command.TaskId}");
            if (string.IsNullOrWhiteSpace(command.Reason)) throw new InvalidFieldException("reason", "a re-draw needs its reason, which stays in the record");
        }
        var strata = command.Strata.Select(s =>
        {
            var list = placement.Lists[s.Label];
            var asked = new StratumSize(s.Percent, s.Count).For(list.Count);
            return new PreparedStratum(s.Label, s.RiskClasses, s.Percent, s.Count, list.Count, list.Sha256, asked);
        }).ToList();
        IEnumerable<string> parties = command.Office is { } office ? [.. command.Departments, office] : command.Departments;
        return [new DrawPrepared(command.DrawId, command.TaskId, [.. parties], command.Items, command.Scope, strata,
            placement.Exclusions, command.RecentInspectionMonths, command.RedrawOf, command.Reason?.Trim(), ctx.Caller, ctx.Now, command.Office,
            candidatesAsOf, command.MergedTasks is { Count: > 0 } merged ? merged : null, command.IsReturnVisit ? command.SampledTasks : null)];
    }

    /// <summary>
    /// The entities a return visit samples: those of the named tasks, each of which the draw engine must know as closed
    /// (as of the candidates' sequence number; <paramref name="found"/> gives each task's entities and whether it was).
    /// </summary>
    public static IReadOnlyCollection<string> SampledEntities(IReadOnlyList<string> tasks, IReadOnlyDictionary<string, (IReadOnlyList<string> Usccs, bool Closed)> found)
    {
        foreach (var task in tasks)
        {
            if (!found.TryGetValue(task, out var entities)) throw new InvalidFieldException("sampled_task_ids", $"no drawn entities of task {task} are known");
            if (!entities.Closed) throw new InvalidFieldException("sampled_task_ids", $"task {task} is not closed: return visits sample closed tasks");
        }
        return tasks.SelectMany(t => found[t].Usccs).ToHashSet();
    }

    /// <summary>An entity inspected for one of the items on or after this date is not drawn again.</summary>
    public static DateOnly InspectedSince(DateTimeOffset preparedAt, int months) => DateOnly.FromDateTime(preparedAt.UtcDateTime).AddMonths(-months);

    /// <summary>Checks a prepare command on its own, before any candidate is read.</summary>
    public static PrepareDraw Check(PrepareDraw c, Func<string, Candidates.DrawDepartment?> department)
    {
        Require.Code(c.DrawId, "draw_id");
        Require.Code(c.TaskId, "task_id");
        if (c.Departments.Count == 0) throw new InvalidFieldException("department_ids", "name at least the lead department");
        if (c.Departments.Distinct().Count() != c.Departments.Count) throw new InvalidFieldException("department_ids", "name each department once");
        foreach (var id in c.Office is { } office ? [.. c.Departments, office] : c.Departments)
            if (department(id) is not { Retired: false }) throw new InvalidFieldException(c.Departments.Contains(id) ? "department_ids" : "office_id", $"no active department {id}");
        if (c.IsReturnVisit)
        {
            if (c.Departments.Count != 1 || c.Office is not null)
                throw new InvalidFieldException("department_ids", "a return visit's draw has one party: the supervising office, named alone");
            if (c.MergedTasks is { Count: > 0 }) throw new InvalidFieldException("merged_task_ids", "a return visit merges no tasks");
            if (c.SampledTasks!.Distinct().Count() != c.SampledTasks!.Count) throw new InvalidFieldException("sampled_task_ids", "name each task once");
            foreach (var task in c.SampledTasks!) Require.Code(task, "sampled_task_ids");
        }
        else if (c.Items.Count == 0) throw new InvalidFieldException("item_ids", "name the items the draw is for");
        if (c.Strata.Count is 0 or > 20) throw new InvalidFieldException("strata", "give one to twenty strata");
        if (c.Strata.Select(s => s.Label).Distinct().Count() != c.Strata.Count) throw new InvalidFieldException("strata", "labels must differ");
        foreach (var s in c.Strata)
        {
            Require.Code(s.Label, "strata.label");
            if (s.Percent is < 0 or > 100) throw new InvalidFieldException("strata.percent", $"{s.Percent} is not between 0 and 100");
            if (s.Count is < 0) throw new InvalidFieldException("strata.count", "cannot be negative");
            if (s.Percent is null == s.Count is null) throw new InvalidFieldException("strata", $"stratum {s.Label}: give a percent or a count");
        }
        var classes = c.Strata.SelectMany(s => s.RiskClasses.DefaultIfEmpty("")).ToList();
        if (classes.Distinct().Count() != classes.Count) throw new InvalidFieldException("strata.risk_classes", "a risk class belongs to one stratum only");
        if (c.RecentInspectionMonths is < 0 or > 60) throw new InvalidFieldException("recent_inspection_months", "must be between 0 and 60");
        var lead = department(c.Departments[0])!;
        var region = lead.DivisionPrefix;
        foreach (var d in c.Scope.Divisions)
            if (!d.StartsWith(region) && !region.StartsWith(d) || d.Length == 0)
                throw new InvalidFieldException("scope.divisions", $"{d} is outside the region of {lead.Id}");
        return c with
        {
            Scope = c.Scope.Divisions.Count == 0 ? c.Scope with { Divisions = [region] } : c.Scope,
            RecentInspectionMonths = c.IsReturnVisit ? 0 : c.RecentInspectionMonths,
        };
    }

    public static IReadOnlyList<object> Commit(Draw? draw, string party, string? sha256, bool generate, CommandContext ctx)
    {
        var current = Open(draw);
        var member = Member(current, party, ctx);
        if (member.Sha256 is not null) throw new RuleViolationException($"{party} has already committed to draw {current.DrawId}");
        if (generate)
        {
            var secret = DrawSeed.Generate();
            return [new SecretCommitted(current.DrawId, party, DrawSeed.Commitment(secret), true, secret, ctx.Caller, ctx.Now)];
        }
        var hash = sha256?.Trim().ToLowerInvariant() ?? "";
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit))
            throw new InvalidFieldException("sha256", "must be the 64 hexadecimal digits of SHA-256(secret)");
        return [new SecretCommitted(current.DrawId, party, hash, false, null, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Reveal(Draw? draw, string party, string? secret, CommandContext ctx)
    {
        var current = Open(draw);
        var member = Member(current, party, ctx);
        if (member.Sha256 is null) throw new RuleViolationException($"{party} has not committed yet: commit first, reveal after all have committed");
        if (current.Parties.Any(p => p.Sha256 is null))
            throw new RuleViolationException($"not every party has committed yet ({string.Join(", ", current.Parties.Where(p => p.Sha256 is null).Select(p => p.Id))})");
        if (member.Revealed) throw new RuleViolationException($"{party} has already revealed its secret");
        if (member.Generated) throw new RuleViolationException($"the engine keeps {party}'s secret and reveals it at execution");
        if (DrawSeed.SecretProblem(secret) is { } problem) throw new InvalidFieldException("secret", problem);
        if (DrawSeed.Commitment(secret!) != member.Sha256) throw new InvalidFieldException("secret", $"does not match the commitment of {party}");
        return [new SecretRevealed(current.DrawId, party, secret!, ctx.Caller, ctx.Now)];
    }

    /// <summary>Executes the draw over its prepared candidate lists (in canonical order, by stratum label).</summary>
    public static IReadOnlyList<object> Execute(Draw? draw, string? publicValue, Func<string, Candidates.CandidateList> candidatesOf, CommandContext ctx)
    {
        var current = Open(draw);
        if (!current.Parties.Any(p => p.Id == ctx.Caller.DepartmentId))
            throw new ForbiddenException($"only the draw's parties ({string.Join(", ", current.Parties.Select(p => p.Id))}) may execute it");
        if (current.Parties.Where(p => !p.Generated && !p.Revealed).Select(p => p.Id).ToList() is { Count: > 0 } waiting)
            throw new RuleViolationException($"waiting for the secrets of {string.Join(", ", waiting)}");
        if (publicValue is { Length: > 256 } || publicValue?.Any(char.IsControl) == true)
            throw new InvalidFieldException("public_value", "must be at most 256 printable characters");

        var reveals = current.Parties.Where(p => p.Generated).Select(p => new SecretRevealed(current.DrawId, p.Id, p.Secret!, ctx.Caller, ctx.Now)).ToList();
        var secrets = current.Parties.Select(p => (p.Id, p.Secret!));
        var value = string.IsNullOrWhiteSpace(publicValue) ? null : publicValue.Trim();
        var seed = DrawSeed.Derive(current.DrawId, secrets, value);
        var strata = current.Strata.Select(s =>
        {
            var list = candidatesOf(s.Label);
            if (list.Sha256 != s.CandidatesSha256)
                throw new InvalidOperationException($"draw {current.DrawId}: the candidates of {s.Label} read again no longer match their hash");
            var drawn = StratifiedDraw.FromCanonical(seed, s.Label, list, list.Sha256, new StratumSize(s.Percent, s.Count));
            return new StratumResult(s.Label, drawn.Seed, drawn.Picks, drawn.Selected);
        }).ToList();
        return [.. reveals, new DrawExecuted(current.DrawId, value, seed, strata, ctx.Caller, ctx.Now)];
    }

    /// <summary>
    /// A department matches its own inspectors to the drawn entities, once. A team has two members or more:
    /// a department drawing alone puts two in each; in a joint draw each department puts one or more.
    /// </summary>
    public static IReadOnlyList<object> MatchInspectors(Draw? draw, Matching.DepartmentMatch? matched, string departmentId, Matching.MatchRules rules,
        IReadOnlyList<Matching.DrawInspector> inspectors, Func<string, IReadOnlyCollection<string>> lastInspectorsOf, CommandContext ctx)
    {
        var current = draw ?? throw new NotFoundException("no such draw");
        if (current.Executed is null) throw new RuleViolationException($"draw {current.DrawId} has not been executed: match after the entity draw");
        if (current.IsReturnVisit) throw new RuleViolationException($"draw {current.DrawId} is a return visit's: the office visits, no inspectors are matched");
        if (!current.Departments.Contains(departmentId))
            throw new InvalidFieldException("department_id", $"{departmentId} is not one of the inspecting departments of draw {current.DrawId}");
        if (!ctx.Caller.ActsFor(departmentId) || ctx.Caller.Role is not (Roles.Staff or Roles.System))
            throw new ForbiddenException($"only {departmentId} matches its own inspectors");
        if (matched is not null)
            throw new RuleViolationException($"{departmentId} has already matched its inspectors to draw {current.DrawId}; replace an inspector instead");
        if (rules.CheckTo < rules.CheckFrom) throw new InvalidFieldException("check_to", "is before check_from");
        var minimum = current.Departments.Count == 1 ? 2 : 1;
        if (rules.TeamSize < minimum)
            throw new InvalidFieldException("team_size", minimum == 2 ? "a department inspecting alone sends at least two inspectors" : "must be at least 1");
        if (rules.WorkloadCap < 0) throw new InvalidFieldException("workload_cap", "cannot be negative");
        var matches = Matching.InspectorMatching.Match(current.Executed.Seed, departmentId, current.DrawOrder, inspectors, lastInspectorsOf, rules);
        return [new Matching.InspectorsMatched(current.DrawId, departmentId, rules, matches, ctx.Caller, ctx.Now)];
    }

    /// <summary>A member of a team replaced by the same rules, with a reason, only before the department has entered its result (SPEC.md §3).</summary>
    public static IReadOnlyList<object> ReplaceInspector(Draw? draw, Matching.DepartmentMatch? match, string departmentId, string uscc, string inspectorId,
        string? reason, bool resultEntered, IReadOnlyList<Matching.DrawInspector> inspectors, IReadOnlyCollection<string> lastInspectors, CommandContext ctx)
    {
        var current = draw ?? throw new NotFoundException("no such draw");
        var matched = match ?? throw new RuleViolationException($"{departmentId} has not matched inspectors to draw {current.DrawId}");
        if (!ctx.Caller.ActsFor(departmentId) || ctx.Caller.Role is not (Roles.Staff or Roles.System))
            throw new ForbiddenException($"only {departmentId} replaces its own inspectors");
        if (string.IsNullOrWhiteSpace(reason)) throw new InvalidFieldException("reason", "a replacement needs its reason, which stays in the record");
        if (resultEntered)
            throw new RuleViolationException($"{departmentId} has entered its result for {uscc} in task {current.TaskId}: its inspectors can no longer be replaced");
        var teams = matched.Teams();
        var team = teams.GetValueOrDefault(uscc) ?? [];
        if (!team.Contains(inspectorId)) throw new InvalidFieldException("inspector_id", $"{inspectorId} is not on the team of {departmentId} for {uscc}");
        var workload = teams.SelectMany(t => t.Value.Where(i => t.Key != uscc || i != inspectorId))
            .GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
        var number = matched.Replacements.Count(r => r.Uscc == uscc) + 1;
        var replacement = Matching.InspectorReplacement.Replace(DrawSeed.ForMatch(current.Executed!.Seed, departmentId, uscc), number, departmentId, uscc,
            inspectorId, team, workload, inspectors, lastInspectors, matched.Rules, reason.Trim());
        return [new Matching.InspectorReplaced(current.DrawId, replacement, ctx.Caller, ctx.Now)];
    }

    /// <summary>The public record of an executed draw: no personal data, everything to replay it.</summary>
    public static DrawRecord Record(Draw draw, IReadOnlyList<Matching.DepartmentMatch> matched)
    {
        var departments = matched.OrderBy(m => draw.Departments.ToList().IndexOf(m.DepartmentId)).ToList();
        var executed = draw.Executed ?? throw new RuleViolationException($"draw {draw.DrawId} has not been executed: its record is not public yet");
        return new DrawRecord(DrawSeed.Algorithm, draw.DrawId, draw.TaskId,
            [.. draw.Parties.Select(p => new CommitmentEntry(p.Id, p.Sha256!, p.Generated))],
            [.. draw.Parties.Select(p => new RevealEntry(p.Id, p.Secret!))], executed.PublicValue, executed.Seed,
            [.. draw.Strata.Zip(executed.Strata, (s, r) => new StratumEntry(s.Label, r.Seed, s.CandidateCount, s.CandidatesSha256, s.Asked,
                r.Picks.Length, r.Picks, r.Selected))],
            draw.Exclusions,
            [.. departments.SelectMany(d => d.Matches.Select(m => new MatchEntry(m.Uscc, d.DepartmentId, DrawSeed.ForMatch(executed.Seed, d.DepartmentId, m.Uscc),
                m.PoolSize, m.PoolSha256, m.Picks, m.Selected, m.Failure)))],
            [.. departments.SelectMany(d => d.Replacements).Select(r => new ReplacementEntry(r.Uscc, r.DepartmentId, r.Replaced, r.Seed, r.PoolSize, r.PoolSha256,
                r.Pick, r.Selected, r.Reason))], draw.SampledTasks);
    }

    private static Draw Open(Draw? draw) => draw switch
    {
        null => throw new NotFoundException("no such draw"),
        { Executed: not null } => throw new RuleViolationException($"draw {draw.DrawId} has been executed; a draw executes once — prepare a re-draw with a reason"),
        _ => draw,
    };

    private static Party Member(Draw draw, string party, CommandContext ctx)
    {
        var member = draw.Parties.FirstOrDefault(p => p.Id == party) ?? throw new InvalidFieldException("party", $"{party} is not a party to draw {draw.DrawId}");
        if (!ctx.Caller.ActsFor(party) || ctx.Caller.Role is not (Roles.Staff or Roles.System or Roles.Supervisor))
            throw new ForbiddenException($"only {party} may commit or reveal its own secret");
        return member;
    }
}
