using Shuangsuiji.Draws.Records;
using Shuangsuiji.Draws.Sampling;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Draws.Drawing;

/// <summary>
/// The rules of a draw (docs/draw-verification.md): pure functions of the draw, the command, the time and — where the
/// engine keeps a secret — the sealed secret it made. No party can steer a draw: every draw has two independent parties
/// or more (the supervising office always, its secret sealed by the engine unless it commits its own), commitments close
/// at a deadline fixed at preparation, and the seed takes a public value whose source and round were fixed then too and
/// which is entered once, after the deadline. A party's attempt to do otherwise is refused and recorded.
/// </summary>
public static class DrawDecider
{
    public const int DefaultRecentInspectionMonths = 12;

    /// <summary>The engine as a party of its own: the second party of a return visit's draw, which the office draws alone.</summary>
    public const string EngineParty = "draw-engine";

    /// <summary>Commitments close at most this long after preparation: a draw does not wait for months.</summary>
    public static readonly TimeSpan LongestCommitWindow = TimeSpan.FromDays(30);

    /// <summary>Only the task's lead department (staff or system) prepares its draw; a return visit's, its office (supervisor).</summary>
    public static void AuthorizePrepare(PrepareDraw command, CommandContext ctx)
    {
        var lead = command.Departments.FirstOrDefault() ?? throw new InvalidFieldException("department_ids", "name at least the lead department");
        if (command.IsReturnVisit)
        {
            if (!ctx.Caller.ActsFor(lead) || !ctx.Caller.IsSupervisor())
                throw new ForbiddenException($"a return visit's draw is prepared by the supervising office {lead}");
        }
        else if (!ctx.Caller.ActsFor(lead) || ctx.Caller.Role is not (Roles.Staff or Roles.System))
            throw new ForbiddenException($"the lead department {lead} prepares the draw");
    }

    /// <summary>
    /// Fixes a draw: who takes part, what is drawn from where, the candidate lists (already placed in their strata, see
    /// <see cref="Placement"/>), the public randomness and the commit deadline. The supervising office is a party of every
    /// task's draw: unless it takes part with its own secret, the engine keeps one for it (<paramref name="keep"/>), sealed,
    /// committed now; when it does, and in a return visit's draw (which the office prepares), the engine is a party itself.
    /// </summary>
    public static IReadOnlyList<object> Prepare(PrepareDraw command, Placement placement, long candidatesAsOf, Draw? replaced, string? supervisingOffice,
        IReadOnlyList<RiskQuota> quotas, IReadOnlyList<DrawSummary> taskDraws, Func<string, KeptSecret> keep, CommandContext ctx)
    {
        AuthorizePrepare(command, ctx);
        if (taskDraws.FirstOrDefault(d => d.OpenAt(ctx.Now)) is { } open)
            throw new RuleViolationException($"task {command.TaskId} has draw {open.DrawId} open: execute it, let its deadline pass without every commitment, or cancel it");
        var latest = taskDraws.Where(d => d.ExecutedAt is not null).MaxBy(d => d.ExecutedAt);
        if (command.RedrawOf is { } earlier)
        {
            if (replaced is not { Executed: not null }) throw new InvalidFieldException("redraw_of", $"no executed draw {earlier} to draw again");
            if (replaced.TaskId != command.TaskId) throw new InvalidFieldException("redraw_of", $"draw {earlier} is of task {replaced.TaskId}, not {command.TaskId}");
            if (latest is not null && latest.DrawId != earlier)
                throw new InvalidFieldException("redraw_of", $"task {command.TaskId}'s latest draw is {latest.DrawId}: a re-draw replaces that one");
            if (string.IsNullOrWhiteSpace(command.Reason)) throw new InvalidFieldException("reason", "a re-draw needs its reason, which stays in the record");
        }
        else if (latest is not null)
            throw new RuleViolationException($"task {command.TaskId} was drawn by draw {latest.DrawId}: a re-draw names it in redraw_of, with a reason");
        QuotaSizes.Check(command.Strata, label => placement.Lists[label].Count, quotas);

        // Some party's secret is always the engine's, sealed until execution, so that no party can work out the outcome
        // before it reveals (and withhold its secret if it dislikes it): the office's, or the engine's own when the office
        // commits a secret of its own, and in a return visit, which the office draws.
        string? office = null;
        if (!command.IsReturnVisit)
        {
            office = supervisingOffice ?? throw new RuleViolationException(
                $"no office of the leading group (领导小组办公室) supervises the region of {command.Departments[0]}: the directories must hold one, the second party of its draws");
            if (command.Office is { } named && named != office)
                throw new InvalidFieldException("office_id", $"the office supervising {command.Departments[0]} is {office}, not {named}");
        }
        var kept = command.IsReturnVisit || command.Office is not null ? EngineParty : office!;
        IReadOnlyList<string> parties = [.. command.Departments, .. office is null ? [] : new[] { office }, .. kept == EngineParty ? [EngineParty] : Array.Empty<string>()];

        var strata = command.Strata.Select(s =>
        {
            var list = placement.Lists[s.Label];
            var asked = new StratumSize(s.Percent, s.Count).For(list.Count);
            return new PreparedStratum(s.Label, s.RiskClasses, s.Percent, s.Count, list.Count, list.Sha256, asked);
        }).ToList();
        var secret = keep(kept);
        return
        [
            new DrawPrepared(command.DrawId, command.TaskId, parties, command.Items, command.Scope, strata,
                placement.Exclusions, command.RecentInspectionMonths, command.RedrawOf, command.Reason?.Trim(), ctx.Caller, ctx.Now,
                office, candidatesAsOf, command.MergedTasks is { Count: > 0 } merged ? merged : null,
                command.IsReturnVisit ? command.SampledTasks : null, command.Randomness, command.CommitDeadline),
            new SecretCommitted(command.DrawId, kept, secret.Sha256, true, null, Engine(kept), ctx.Now, secret.Sealed),
        ];
    }

    /// <summary>The engine acting for a party whose secret it keeps: what the events it appends for it are attributed to.</summary>
    public static Caller Engine(string party) => new(EngineParty, party, Roles.System);

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

    /// <summary>
    /// Checks a command on its own, before any candidate is read. A draw to be prepared (<paramref name="now"/> given)
    /// also declares its public randomness and a commit deadline after now; a preview needs neither.
    /// </summary>
    public static PrepareDraw Check(PrepareDraw c, Func<string, Candidates.DrawDepartment?> department, DateTimeOffset? now = null)
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
                throw new InvalidFieldException("department_ids", "a return visit's draw has one department: the supervising office, named alone");
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
        if (now is { } at)
        {
            var randomness = c.Randomness ?? throw new InvalidFieldException("public_randomness",
                "declare the public random value's source and round (a lottery issue, a beacon round) whose value is known only after the commit deadline");
            Require.Text(randomness.Source, "public_randomness.source", 100);
            Require.Text(randomness.Round, "public_randomness.round", 100);
            var deadline = c.CommitDeadline ?? throw new InvalidFieldException("commit_deadline", "is required: commitments close then, and the public value is taken after it");
            if (deadline <= at) throw new InvalidFieldException("commit_deadline", $"{deadline:O} is not after now ({at:O})");
            if (deadline - at > LongestCommitWindow) throw new InvalidFieldException("commit_deadline", $"is more than {LongestCommitWindow.Days} days away");
        }
        var lead = department(c.Departments[0])!;
        var region = lead.DivisionPrefix;
        foreach (var d in c.Scope.Divisions)
            if (!d.StartsWith(region) && !region.StartsWith(d) || d.Length == 0)
                throw new InvalidFieldException("scope.divisions", $"{d} is outside the region of {lead.Id}");
        return c with
        {
            Scope = c.Scope.Divisions.Count == 0 ? c.Scope with { Divisions = [region] } : c.Scope,
            RecentInspectionMonths = c.IsReturnVisit ? 0 : c.RecentInspectionMonths,
            Randomness = c.Randomness is { } r ? new PublicRandomness(r.Source.Trim(), r.Round.Trim()) : null,
        };
    }

    /// <summary>A party commits once, before the deadline: to SHA-256 of its secret, or to one the engine keeps sealed for it.</summary>
    public static IReadOnlyList<object> Commit(Draw? draw, string party, string? sha256, bool generate, Func<string, KeptSecret> keep, CommandContext ctx)
    {
        var current = Open(draw, ctx, lapsedToo: true);
        var member = Member(current, party, ctx);
        if (member.Sha256 is not null)
            throw Refuse(current, "commit", null, ctx, new RuleViolationException($"{party} has already committed to draw {current.DrawId}; a commitment is made once"));
        if (current.CommitDeadline is { } deadline && ctx.Now >= deadline)
            throw Refuse(current, "commit", null, ctx, new RuleViolationException($"commitments to draw {current.DrawId} closed at {deadline:O}"));
        if (generate)
        {
            var kept = keep(party);
            return [new SecretCommitted(current.DrawId, party, kept.Sha256, true, null, ctx.Caller, ctx.Now, kept.Sealed)];
        }
        var hash = sha256?.Trim().ToLowerInvariant() ?? "";
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit))
            throw new InvalidFieldException("sha256", "must be the 64 hexadecimal digits of SHA-256(secret)");
        return [new SecretCommitted(current.DrawId, party, hash, false, null, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Reveal(Draw? draw, string party, string? secret, CommandContext ctx)
    {
        var current = Open(draw, ctx);
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

    /// <summary>
    /// The value of the declared public randomness, entered once after the commit deadline by the supervising office (its
    /// supervisor or a system client of it). The same value again changes nothing; another is refused and recorded.
    /// </summary>
    public static IReadOnlyList<object> RecordPublicValue(Draw? draw, string? value, CommandContext ctx)
    {
        var current = Open(draw, ctx);
        if (current.Supervisor is not { } office || !ctx.Caller.ActsFor(office) || ctx.Caller.Role is not (Roles.Supervisor or Roles.System))
            throw new ForbiddenException($"the supervising office{(current.Supervisor is { } o ? $" {o}" : "")} enters the public value of draw {current.DrawId}");
        var text = value?.Trim() ?? "";
        if (text.Length is 0 or > 256 || text.Any(char.IsControl))
            throw new InvalidFieldException("value", "must be 1 to 256 printable characters, as the source publishes the value");
        var randomness = current.Randomness
            ?? throw new RuleViolationException($"draw {current.DrawId} was prepared without a declared public randomness: cancel it and prepare it again");
        if (ctx.Now < current.CommitDeadline)
            throw Refuse(current, "public_value", text, ctx, new RuleViolationException(
                $"the value of {randomness.Source} {randomness.Round} is entered after the commit deadline {current.CommitDeadline:O}"));
        if (current.PublicValue is { } recorded)
            return recorded.Value == text ? [] : throw Refuse(current, "public_value", text, ctx, new RuleViolationException(
                $"the public value of draw {current.DrawId} was entered at {recorded.At:O} ({recorded.Value}); it is entered once"));
        return [new PublicValueRecorded(current.DrawId, text, ctx.Caller, ctx.Now)];
    }

    /// <summary>
    /// Executes the draw over its prepared candidate lists (in canonical order, by stratum label), once the public value is
    /// entered and every secret a party holds is revealed; the engine opens the secrets it kept (<paramref name="open"/>)
    /// and reveals them. A public value given here must be the one entered.
    /// </summary>
    public static IReadOnlyList<object> Execute(Draw? draw, string? publicValue, Func<Party, string> open, Func<string, Candidates.CandidateList> candidatesOf,
        CommandContext ctx)
    {
        var (current, value) = Executable(draw, publicValue, ctx);
        var reveals = current.Parties.Where(p => p.Generated).Select(p => new SecretRevealed(current.DrawId, p.Id, open(p), ctx.Caller, ctx.Now)).ToList();
        var secrets = current.Parties.Select(p => (p.Id, p.Generated ? reveals.First(r => r.Party == p.Id).Secret : p.Secret!));
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

    /// <summary>Whether the draw may execute now, and with which public value; checked before its candidates are read again.</summary>
    public static (Draw Draw, string PublicValue) Executable(Draw? draw, string? publicValue, CommandContext ctx)
    {
        var current = Open(draw, ctx);
        if (!current.Parties.Any(p => p.Id == ctx.Caller.DepartmentId))
            throw new ForbiddenException($"only the draw's parties ({string.Join(", ", current.Parties.Select(p => p.Id))}) may execute it");
        var randomness = current.Randomness
            ?? throw new RuleViolationException($"draw {current.DrawId} was prepared without a declared public randomness: cancel it and prepare it again");
        var value = current.PublicValue?.Value
            ?? throw Refuse(current, "execute", null, ctx, new RuleViolationException(
                $"the public value of {randomness.Source} {randomness.Round} has not been entered: the draw executes after it is, past the commit deadline {current.CommitDeadline:O}"));
        if (!string.IsNullOrWhiteSpace(publicValue) && publicValue.Trim() != value)
            throw Refuse(current, "execute", publicValue.Trim(), ctx, new InvalidFieldException("public_value",
                $"differs from the value entered for {randomness.Source} {randomness.Round}; the draw takes that one"));
        if (current.Parties.Where(p => !p.Generated && !p.Revealed).Select(p => p.Id).ToList() is { Count: > 0 } waiting)
            throw new RuleViolationException($"waiting for the secrets of {string.Join(", ", waiting)}");
        return (current, value);
    }

    /// <summary>
    /// A re-draw executes only while no department has matched inspectors to the draw it replaces (<paramref name="matched"/>):
    /// from then on the task keeps that draw, and a re-draw executed anyway would put entities in the task that it never takes.
    /// </summary>
    public static void StillReplaces(Draw draw, IReadOnlyCollection<string> matched)
    {
        if (draw.RedrawOf is { } replaced && matched.Count > 0)
            throw new RuleViolationException(
                $"{string.Join(", ", matched)} matched inspectors to draw {replaced}: re-draw {draw.DrawId} can no longer replace it; cancel it with a reason");
    }

    /// <summary>A draw not yet executed is abandoned with a reason by the task's lead (staff or system) or the supervising office.</summary>
    public static IReadOnlyList<object> Cancel(Draw? draw, string? reason, CommandContext ctx)
    {
        var current = Open(draw, ctx);
        var lead = current.Departments[0];
        var byLead = ctx.Caller.ActsFor(lead) && ctx.Caller.Role is Roles.Staff or Roles.System or Roles.Supervisor;
        var byOffice = current.Supervisor is { } office && ctx.Caller.ActsFor(office) && ctx.Caller.IsSupervisor();
        if (!byLead && !byOffice) throw new ForbiddenException($"the lead {lead} or the supervising office cancels draw {current.DrawId}");
        return [new DrawCancelled(current.DrawId, Require.Text(reason, "reason", 1000), ctx.Caller, ctx.Now)];
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

    /// <summary>A member of a team replaced by the same rules, with a reason, only before the department has entered its result (docs/domain.md, rules).</summary>
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
            [.. draw.Parties.Select(p => new CommitmentEntry(p.Id, p.Sha256!, p.Generated, p.CommittedAt))],
            [.. draw.Parties.Select(p => new RevealEntry(p.Id, p.Secret!))], executed.PublicValue, executed.Seed,
            [.. draw.Strata.Zip(executed.Strata, (s, r) => new StratumEntry(s.Label, r.Seed, s.CandidateCount, s.CandidatesSha256, s.Asked,
                r.Picks.Length, r.Picks, r.Selected))],
            draw.Exclusions,
            [.. departments.SelectMany(d => d.Matches.Select(m => new MatchEntry(m.Uscc, d.DepartmentId, DrawSeed.ForMatch(executed.Seed, d.DepartmentId, m.Uscc),
                m.PoolSize, m.PoolSha256, m.Picks, m.Selected, m.Failure)))],
            [.. departments.SelectMany(d => d.Replacements).Select(r => new ReplacementEntry(r.Uscc, r.DepartmentId, r.Replaced, r.Seed, r.PoolSize, r.PoolSha256,
                r.Pick, r.Selected, r.Reason))], draw.SampledTasks,
            draw.Randomness is { } randomness
                ? new PublicRandomnessEntry(randomness.Source, randomness.Round, draw.CommitDeadline!.Value, draw.PublicValue?.At)
                : null,
            draw.Refused.Count > 0
                ? [.. draw.Refused.Select(r => new RefusedAttemptEntry(r.Attempt, r.By.DepartmentId, r.At, r.Reason, r.Value))]
                : null);
    }

    /// <summary>A draw that can still take commands: not executed, not cancelled, and (unless <paramref name="lapsedToo"/>) not lapsed.</summary>
    private static Draw Open(Draw? draw, CommandContext ctx, bool lapsedToo = false) => draw switch
    {
        null => throw new NotFoundException("no such draw"),
        { Executed: not null } => throw new RuleViolationException($"draw {draw.DrawId} has been executed; a draw executes once — prepare a re-draw with a reason"),
        { Cancelled: { } c } => throw new RuleViolationException($"draw {draw.DrawId} was cancelled at {c.At:O}: {c.Reason}"),
        _ when !lapsedToo && draw.LapsedAt(ctx.Now) => throw new RuleViolationException(
            $"draw {draw.DrawId} lapsed: its commitments closed at {draw.CommitDeadline:O} without {string.Join(", ", draw.Parties.Where(p => p.Sha256 is null).Select(p => p.Id))}; prepare the task's draw again"),
        _ => draw,
    };

    /// <summary>
    /// A party's attempt refused: the caller gets <paramref name="error"/>, and the draw keeps the attempt (made by one of
    /// its parties or its office; others are only refused).
    /// </summary>
    private static Exception Refuse(Draw draw, string attempt, string? value, CommandContext ctx, DomainException error) =>
        draw.Parties.Any(p => ctx.Caller.ActsFor(p.Id))
            ? new DrawRefusal(error, new DrawAttemptRefused(draw.DrawId, attempt, error.Message, value, ctx.Caller, ctx.Now))
            : error;

    private static Party Member(Draw draw, string party, CommandContext ctx)
    {
        var member = draw.Parties.FirstOrDefault(p => p.Id == party) ?? throw new InvalidFieldException("party", $"{party} is not a party to draw {draw.DrawId}");
        if (!ctx.Caller.ActsFor(party) || ctx.Caller.Role is not (Roles.Staff or Roles.System or Roles.Supervisor))
            throw new ForbiddenException($"only {party} may commit or reveal its own secret");
        return member;
    }
}

/// <summary>A refused attempt on a draw: the error for its caller, and the event that keeps the attempt on the draw.</summary>
public sealed class DrawRefusal(DomainException error, DrawAttemptRefused attempt) : Exception(error.Message, error)
{
    public DomainException Error { get; } = error;

    public DrawAttemptRefused Attempt { get; } = attempt;
}
