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
    public static void AuthorizePrepare(PrepareDraw command, CommandContext ctx) => AuthorizePrepare(command.Departments.FirstOrDefault()
        ?? throw new InvalidFieldException("department_ids", "name at least the lead department", "至少列出牵头部门", Reasons.FieldRequired),
        command.IsReturnVisit, ctx);

    /// <summary>A preparation sent again, decided again on the draw it made: its caller must still be the one who may prepare it.</summary>
    public static void AuthorizePrepare(Draw prepared, CommandContext ctx) => AuthorizePrepare(prepared.Departments[0], prepared.SampledTasks is { Count: > 0 }, ctx);

    private static void AuthorizePrepare(string lead, bool isReturnVisit, CommandContext ctx)
    {
        if (isReturnVisit)
        {
            if (!ctx.Caller.ActsFor(lead) || !ctx.Caller.IsSupervisor())
                throw new ForbiddenException($"a return visit's draw is prepared by the supervising office {lead}",
                    $"回访的抽取由领导小组办公室 {lead} 准备", Reasons.OfficeOnly.About(lead));
        }
        else if (!ctx.Caller.ActsFor(lead) || ctx.Caller.Role is not (Roles.Staff or Roles.System))
            throw new ForbiddenException($"the lead department {lead} prepares the draw", $"抽取由牵头部门 {lead} 准备", Reasons.DepartmentOnly.About(lead));
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
            throw new RuleViolationException($"task {command.TaskId} has draw {open.DrawId} open: execute it, let its deadline pass without every commitment, or cancel it",
                $"任务 {command.TaskId} 有尚未结束的抽取 {open.DrawId}：请执行该抽取、待其承诺截止时间过后未集齐承诺而失效，或将其取消",
                DrawsReasons.DrawOpen.About(command.TaskId, open.DrawId));
        var latest = taskDraws.Where(d => d.ExecutedAt is not null).MaxBy(d => d.ExecutedAt);
        if (command.RedrawOf is { } earlier)
        {
            if (replaced is not { Executed: not null })
                throw new InvalidFieldException("redraw_of", $"no executed draw {earlier} to draw again", $"没有已执行的抽取 {earlier} 可供重新抽取",
                    DrawsReasons.RedrawOfInvalid.About(latest?.DrawId));
            if (replaced.TaskId != command.TaskId)
                throw new InvalidFieldException("redraw_of", $"draw {earlier} is of task {replaced.TaskId}, not {command.TaskId}",
                    $"抽取 {earlier} 属于任务 {replaced.TaskId}，不属于任务 {command.TaskId}", DrawsReasons.RedrawOfInvalid.About(latest?.DrawId));
            if (latest is not null && latest.DrawId != earlier)
                throw new InvalidFieldException("redraw_of", $"task {command.TaskId}'s latest draw is {latest.DrawId}: a re-draw replaces that one",
                    $"任务 {command.TaskId} 最近一次抽取是 {latest.DrawId}，重新抽取只能替换该次抽取", DrawsReasons.RedrawOfInvalid.About(latest.DrawId));
            if (string.IsNullOrWhiteSpace(command.Reason))
                throw new InvalidFieldException("reason", "a re-draw needs its reason, which stays in the record", "重新抽取须说明理由，理由将留存于抽取记录中",
                    Reasons.FieldRequired);
        }
        else if (latest is not null)
            throw new RuleViolationException($"task {command.TaskId} was drawn by draw {latest.DrawId}: a re-draw names it in redraw_of, with a reason",
                $"任务 {command.TaskId} 已由抽取 {latest.DrawId} 完成抽取：重新抽取须在 redraw_of 中注明该抽取并说明理由",
                DrawsReasons.AlreadyDrawn.About(command.TaskId, latest.DrawId));
        QuotaSizes.Check(command.Strata, label => placement.Lists[label].Count, quotas);

        // Some party's secret is always the engine's, sealed until execution, so that no party can work out the outcome
        // before it reveals (and withhold its secret if it dislikes it): the office's, or the engine's own when the office
        // commits a secret of its own, and in a return visit, which the office draws.
        string? office = null;
        if (!command.IsReturnVisit)
        {
            office = supervisingOffice ?? throw new RuleViolationException(
                $"no office of the leading group (领导小组办公室) supervises the region of {command.Departments[0]}: the directories must hold one, the second party of its draws",
                $"{command.Departments[0]} 所在地区没有领导小组办公室：部门名录中须有该办公室，作为本地区抽取的第二方",
                DrawsReasons.NoSupervisingOffice.About(command.Departments[0]));
            if (command.Office is { } named && named != office)
                throw new InvalidFieldException("office_id", $"the office supervising {command.Departments[0]} is {office}, not {named}",
                    $"监督 {command.Departments[0]} 的办公室是 {office}，不是 {named}", DrawsReasons.OfficeMismatch.About(office));
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
            if (!found.TryGetValue(task, out var entities))
                throw new InvalidFieldException("sampled_task_ids", $"no drawn entities of task {task} are known", $"尚不掌握任务 {task} 的抽中对象",
                    DrawsReasons.SampledTaskNotClosed.About(task));
            if (!entities.Closed)
                throw new InvalidFieldException("sampled_task_ids", $"task {task} is not closed: return visits sample closed tasks",
                    $"任务 {task} 尚未办结：回访只从已办结的任务中抽取", DrawsReasons.SampledTaskNotClosed.About(task));
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
        if (c.Departments.Count == 0)
            throw new InvalidFieldException("department_ids", "name at least the lead department", "至少列出牵头部门", Reasons.FieldRequired);
        if (c.Departments.Distinct().Count() != c.Departments.Count)
            throw new InvalidFieldException("department_ids", "name each department once", "每个部门只列一次", Reasons.FieldDuplicate);
        foreach (var id in c.Office is { } office ? [.. c.Departments, office] : c.Departments)
            if (department(id) is not { Retired: false })
                throw new InvalidFieldException(c.Departments.Contains(id) ? "department_ids" : "office_id", $"no active department {id}",
                    department(id) is null ? $"抽取引擎尚未获知部门 {id}" : $"部门 {id} 已撤销",
                    department(id) is null ? Reasons.DepartmentNotKnown.About(id) : Reasons.DepartmentRetired.About(id));
        if (c.IsReturnVisit)
        {
            if (c.Departments.Count != 1 || c.Office is not null)
                throw new InvalidFieldException("department_ids", "a return visit's draw has one department: the supervising office, named alone",
                    "回访抽取只有一个部门：单独列出的领导小组办公室", DrawsReasons.DepartmentsMismatch.About(c.Departments));
            if (c.MergedTasks is { Count: > 0 }) throw new InvalidFieldException("merged_task_ids", "a return visit merges no tasks", "回访不合并任务");
            if (c.SampledTasks!.Distinct().Count() != c.SampledTasks!.Count)
                throw new InvalidFieldException("sampled_task_ids", "name each task once", "每个任务只列一次", Reasons.FieldDuplicate);
            foreach (var task in c.SampledTasks!) Require.Code(task, "sampled_task_ids");
        }
        else if (c.Items.Count == 0) throw new InvalidFieldException("item_ids", "name the items the draw is for", "请列出本次抽取所针对的检查事项", Reasons.FieldRequired);
        if (c.Strata.Count is 0 or > 20) throw new InvalidFieldException("strata", "give one to twenty strata", "分层数须为 1 至 20 个", Reasons.FieldOutOfRange);
        if (c.Strata.Select(s => s.Label).Distinct().Count() != c.Strata.Count)
            throw new InvalidFieldException("strata", "labels must differ", "各分层的标签不能重复", Reasons.FieldDuplicate);
        foreach (var (s, i) in c.Strata.Select((s, i) => (s, i)))
        {
            Require.Code(s.Label, $"strata[{i}].label");
            if (s.Percent is < 0 or > 100)
                throw new InvalidFieldException($"strata[{i}].percent", $"{s.Percent} is not between 0 and 100", $"{s.Percent} 不在 0 到 100 之间", Reasons.FieldOutOfRange);
            if (s.Count is < 0) throw new InvalidFieldException($"strata[{i}].count", "cannot be negative", "不能为负数", Reasons.FieldOutOfRange);
            if (s.Percent is null == s.Count is null)
                throw new InvalidFieldException($"strata[{i}]", $"stratum {s.Label}: give a percent or a count", $"分层 {s.Label}：请给出比例或数量（二者选一）",
                    Reasons.FieldRequired);
        }
        var classes = c.Strata.SelectMany(s => s.RiskClasses.DefaultIfEmpty("")).ToList();
        if (classes.Distinct().Count() != classes.Count)
            throw new InvalidFieldException("strata.risk_classes", "a risk class belongs to one stratum only", "一个风险等级只能属于一个分层", Reasons.FieldDuplicate);
        if (c.RecentInspectionMonths is < 0 or > 60)
            throw new InvalidFieldException("recent_inspection_months", "must be between 0 and 60", "须在 0 到 60 之间", Reasons.FieldOutOfRange);
        if (now is { } at)
        {
            var randomness = c.Randomness ?? throw new InvalidFieldException("public_randomness",
                "declare the public random value's source and round (a lottery issue, a beacon round) whose value is known only after the commit deadline",
                "请声明公开随机数的来源和期次（某期彩票开奖号码、某轮随机信标），其值须在承诺截止后才能知晓", Reasons.FieldRequired);
            Require.Text(randomness.Source, "public_randomness.source", 100);
            Require.Text(randomness.Round, "public_randomness.round", 100);
            var deadline = c.CommitDeadline ?? throw new InvalidFieldException("commit_deadline",
                "is required: commitments close then, and the public value is taken after it", "必填：承诺于此时截止，公开随机数在此之后取得", Reasons.FieldRequired);
            if (deadline <= at)
                throw new InvalidFieldException("commit_deadline", $"{deadline:O} is not after now ({at:O})", $"{deadline:O} 不晚于当前时间（{at:O}）", Reasons.FieldOutOfRange);
            if (deadline - at > LongestCommitWindow)
                throw new InvalidFieldException("commit_deadline", $"is more than {LongestCommitWindow.Days} days away", $"距今超过 {LongestCommitWindow.Days} 天",
                    Reasons.FieldOutOfRange);
        }
        var lead = department(c.Departments[0])!;
        var region = lead.DivisionPrefix;
        foreach (var d in c.Scope.Divisions)
            if (!d.StartsWith(region) && !region.StartsWith(d) || d.Length == 0)
                throw new InvalidFieldException("scope.divisions", $"{d} is outside the region of {lead.Id}", $"{d} 不在 {lead.Id} 的辖区内",
                    DrawsReasons.OutsideScope.About(region));
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
            throw Refuse(current, "commit", null, ctx, new RuleViolationException($"{party} has already committed to draw {current.DrawId}; a commitment is made once",
                $"{party} 已对抽取 {current.DrawId} 作出承诺；承诺只能作出一次", DrawsReasons.AlreadyCommitted.About(current.DrawId, party)));
        if (current.CommitDeadline is { } deadline && ctx.Now >= deadline)
            throw Refuse(current, "commit", null, ctx, new RuleViolationException($"commitments to draw {current.DrawId} closed at {deadline:O}",
                $"抽取 {current.DrawId} 的承诺已于 {deadline:O} 截止", DrawsReasons.CommitmentsClosed.About(current.DrawId, deadline)));
        if (generate)
        {
            var kept = keep(party);
            return [new SecretCommitted(current.DrawId, party, kept.Sha256, true, null, ctx.Caller, ctx.Now, kept.Sealed)];
        }
        var hash = sha256?.Trim().ToLowerInvariant() ?? "";
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit))
            throw new InvalidFieldException("sha256", "must be the 64 hexadecimal digits of SHA-256(secret)", "须为 SHA-256(秘密值) 的 64 位十六进制数字");
        return [new SecretCommitted(current.DrawId, party, hash, false, null, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Reveal(Draw? draw, string party, string? secret, CommandContext ctx)
    {
        var current = Open(draw, ctx);
        var member = Member(current, party, ctx);
        if (member.Sha256 is null)
            throw new RuleViolationException($"{party} has not committed yet: commit first, reveal after all have committed",
                $"{party} 尚未作出承诺：须先承诺，待各方均承诺后再揭示", DrawsReasons.NotCommitted.About(current.DrawId, party));
        if (current.Parties.Where(p => p.Sha256 is null).Select(p => p.Id).ToList() is { Count: > 0 } uncommitted)
            throw new RuleViolationException($"not every party has committed yet ({string.Join(", ", uncommitted)})",
                $"尚有参与方未作出承诺（{string.Join("、", uncommitted)}）", DrawsReasons.CommitmentsPending.About(current.DrawId, uncommitted));
        if (member.Revealed)
            throw new RuleViolationException($"{party} has already revealed its secret", $"{party} 已揭示其秘密值", DrawsReasons.AlreadyRevealed.About(current.DrawId, party));
        if (member.Generated)
            throw new RuleViolationException($"the engine keeps {party}'s secret and reveals it at execution", $"{party} 的秘密值由抽取引擎保管，于执行时揭示",
                DrawsReasons.SecretKeptByEngine.About(current.DrawId, party));
        if (DrawSeed.SecretProblem(secret) is { } problem)
            throw new InvalidFieldException("secret", problem, "须为 16 至 256 个可打印字符（不含换行等控制字符）",
                string.IsNullOrEmpty(secret) ? Reasons.FieldRequired : Reasons.FieldInvalid);
        if (DrawSeed.Commitment(secret!) != member.Sha256)
            throw new InvalidFieldException("secret", $"does not match the commitment of {party}", $"与 {party} 的承诺不符", DrawsReasons.SecretMismatch.About(party));
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
            throw new ForbiddenException($"the supervising office{(current.Supervisor is { } o ? $" {o}" : "")} enters the public value of draw {current.DrawId}",
                $"抽取 {current.DrawId} 的公开随机数由领导小组办公室{(current.Supervisor is { } z ? $" {z} " : "")}录入", Reasons.OfficeOnly.About(current.Supervisor));
        var text = value?.Trim() ?? "";
        if (text.Length is 0 or > 256 || text.Any(char.IsControl))
            throw new InvalidFieldException("value", "must be 1 to 256 printable characters, as the source publishes the value", "须为 1 至 256 个可打印字符，与来源公布的值一致");
        var randomness = current.Randomness
            ?? throw new RuleViolationException($"draw {current.DrawId} was prepared without a declared public randomness: cancel it and prepare it again",
                $"抽取 {current.DrawId} 准备时未声明公开随机源：请取消后重新准备", DrawsReasons.NoPublicRandomness.About(current.DrawId));
        if (ctx.Now < current.CommitDeadline)
            throw Refuse(current, "public_value", text, ctx, new RuleViolationException(
                $"the value of {randomness.Source} {randomness.Round} is entered after the commit deadline {current.CommitDeadline:O}",
                $"{randomness.Source} {randomness.Round} 的值须在承诺截止时间 {current.CommitDeadline:O} 之后录入",
                DrawsReasons.CommitmentsOpen.About(current.DrawId, current.CommitDeadline)));
        if (current.PublicValue is { } recorded)
            return recorded.Value == text ? [] : throw Refuse(current, "public_value", text, ctx, new RuleViolationException(
                $"the public value of draw {current.DrawId} was entered at {recorded.At:O} ({recorded.Value}); it is entered once",
                $"抽取 {current.DrawId} 的公开随机数已于 {recorded.At:O} 录入（{recorded.Value}），只能录入一次",
                DrawsReasons.PublicValueRecorded.About(current.DrawId, recorded.At)));
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
        // A party's staff or system (an office's supervisor) executes it: its reviewers and administrators do not.
        if (!current.Parties.Any(p => p.Id == ctx.Caller.DepartmentId) || ctx.Caller.Role is not (Roles.Staff or Roles.System or Roles.Supervisor))
            throw new ForbiddenException($"only the draw's parties ({string.Join(", ", current.Parties.Select(p => p.Id))}) may execute it",
                $"只有抽取的参与方（{string.Join("、", current.Parties.Select(p => p.Id))}）可以执行抽取", DrawsReasons.PartiesOnly.About(current.DrawId));
        var randomness = current.Randomness
            ?? throw new RuleViolationException($"draw {current.DrawId} was prepared without a declared public randomness: cancel it and prepare it again",
                $"抽取 {current.DrawId} 准备时未声明公开随机源：请取消后重新准备", DrawsReasons.NoPublicRandomness.About(current.DrawId));
        var value = current.PublicValue?.Value
            ?? throw Refuse(current, "execute", null, ctx, new RuleViolationException(
                $"the public value of {randomness.Source} {randomness.Round} has not been entered: the draw executes after it is, past the commit deadline {current.CommitDeadline:O}",
                $"{randomness.Source} {randomness.Round} 的公开随机数尚未录入：须在承诺截止时间 {current.CommitDeadline:O} 之后录入，抽取方可执行",
                DrawsReasons.PublicValueMissing.About(current.DrawId, current.CommitDeadline)));
        if (!string.IsNullOrWhiteSpace(publicValue) && publicValue.Trim() != value)
            throw Refuse(current, "execute", publicValue.Trim(), ctx, new InvalidFieldException("public_value",
                $"differs from the value entered for {randomness.Source} {randomness.Round}; the draw takes that one",
                $"与为 {randomness.Source} {randomness.Round} 录入的值不同；抽取以录入的值为准", DrawsReasons.PublicValueMismatch.About(current.DrawId)));
        if (current.Parties.Where(p => !p.Generated && !p.Revealed).Select(p => p.Id).ToList() is { Count: > 0 } waiting)
            throw new RuleViolationException($"waiting for the secrets of {string.Join(", ", waiting)}", $"正在等待 {string.Join("、", waiting)} 揭示秘密值",
                DrawsReasons.SecretsPending.About(current.DrawId, waiting));
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
                $"{string.Join(", ", matched)} matched inspectors to draw {replaced}: re-draw {draw.DrawId} can no longer replace it; cancel it with a reason",
                $"{string.Join("、", matched)} 已为抽取 {replaced} 匹配检查人员：重新抽取 {draw.DrawId} 不能再替换该抽取，请说明理由后将其取消",
                DrawsReasons.RedrawTooLate.About(draw.TaskId, replaced));
    }

    /// <summary>A draw not yet executed is abandoned with a reason by the task's lead (staff or system) or the supervising office.</summary>
    public static IReadOnlyList<object> Cancel(Draw? draw, string? reason, CommandContext ctx)
    {
        var current = Open(draw, ctx);
        var lead = current.Departments[0];
        var byLead = ctx.Caller.ActsFor(lead) && ctx.Caller.Role is Roles.Staff or Roles.System or Roles.Supervisor;
        var byOffice = current.Supervisor is { } office && ctx.Caller.ActsFor(office) && ctx.Caller.IsSupervisor();
        if (!byLead && !byOffice)
            throw new ForbiddenException($"the lead {lead} or the supervising office cancels draw {current.DrawId}",
                $"抽取 {current.DrawId} 由牵头部门 {lead} 或领导小组办公室取消", DrawsReasons.LeadOrOfficeOnly.About(current.DrawId, lead));
        return [new DrawCancelled(current.DrawId, Require.Text(reason, "reason", 1000), ctx.Caller, ctx.Now)];
    }

    /// <summary>
    /// A department matches its own inspectors to the drawn entities, once. A team has two members or more:
    /// a department drawing alone puts two in each; in a joint draw each department puts one or more.
    /// </summary>
    public static IReadOnlyList<object> MatchInspectors(Draw? draw, Matching.DepartmentMatch? matched, string departmentId, Matching.MatchRules rules,
        IReadOnlyList<Matching.DrawInspector> inspectors, Func<string, IReadOnlyCollection<string>> lastInspectorsOf, CommandContext ctx)
    {
        var current = draw ?? throw new NotFoundException("no such draw", "没有该抽取", DrawsReasons.DrawNotFound.About(null));
        if (current.Executed is null)
            throw new RuleViolationException($"draw {current.DrawId} has not been executed: match after the entity draw", $"抽取 {current.DrawId} 尚未执行：须在抽取检查对象之后匹配检查人员",
                DrawsReasons.NotExecuted.About(current.DrawId));
        if (current.IsReturnVisit)
            throw new RuleViolationException($"draw {current.DrawId} is a return visit's: the office visits, no inspectors are matched",
                $"抽取 {current.DrawId} 属于回访：由办公室回访，不匹配检查人员", DrawsReasons.ReturnVisitDraw.About(current.DrawId));
        if (!current.Departments.Contains(departmentId))
            throw new InvalidFieldException("department_id", $"{departmentId} is not one of the inspecting departments of draw {current.DrawId}",
                $"{departmentId} 不是抽取 {current.DrawId} 的检查部门", DrawsReasons.DepartmentNotInDraw.About(current.DrawId, departmentId));
        if (!ctx.Caller.ActsFor(departmentId) || ctx.Caller.Role is not (Roles.Staff or Roles.System))
            throw new ForbiddenException($"only {departmentId} matches its own inspectors", $"只有 {departmentId} 可以匹配本部门的检查人员", Reasons.DepartmentOnly.About(departmentId));
        if (matched is not null)
            throw new RuleViolationException($"{departmentId} has already matched its inspectors to draw {current.DrawId}; replace an inspector instead",
                $"{departmentId} 已为抽取 {current.DrawId} 匹配检查人员；如需调整，请更换检查人员", DrawsReasons.AlreadyMatched.About(current.DrawId, departmentId));
        if (rules.CheckTo < rules.CheckFrom)
            throw new InvalidFieldException("check_to", "is before check_from", "早于 check_from（检查开始日期）", Reasons.DateTooEarly.About(rules.CheckFrom));
        var minimum = current.Departments.Count == 1 ? 2 : 1;
        if (rules.TeamSize < minimum)
            throw new InvalidFieldException("team_size", minimum == 2 ? "a department inspecting alone sends at least two inspectors" : "must be at least 1",
                minimum == 2 ? "单独检查的部门每组至少派出两名检查人员" : "至少为 1", Reasons.FieldOutOfRange);
        if (rules.WorkloadCap < 0) throw new InvalidFieldException("workload_cap", "cannot be negative", "不能为负数", Reasons.FieldOutOfRange);
        var matches = Matching.InspectorMatching.Match(current.Executed.Seed, departmentId, current.DrawOrder, inspectors, lastInspectorsOf, rules);
        return [new Matching.InspectorsMatched(current.DrawId, departmentId, rules, matches, ctx.Caller, ctx.Now)];
    }

    /// <summary>A member of a team replaced by the same rules, with a reason, only before the department has entered its result (docs/domain.md, rules).</summary>
    public static IReadOnlyList<object> ReplaceInspector(Draw? draw, Matching.DepartmentMatch? match, string departmentId, string uscc, string inspectorId,
        string? reason, bool resultEntered, IReadOnlyList<Matching.DrawInspector> inspectors, IReadOnlyCollection<string> lastInspectors, CommandContext ctx)
    {
        var current = draw ?? throw new NotFoundException("no such draw", "没有该抽取", DrawsReasons.DrawNotFound.About(null));
        var matched = match ?? throw new RuleViolationException($"{departmentId} has not matched inspectors to draw {current.DrawId}",
            $"{departmentId} 尚未为抽取 {current.DrawId} 匹配检查人员", DrawsReasons.NotMatched.About(current.DrawId, departmentId));
        if (!ctx.Caller.ActsFor(departmentId) || ctx.Caller.Role is not (Roles.Staff or Roles.System))
            throw new ForbiddenException($"only {departmentId} replaces its own inspectors", $"只有 {departmentId} 可以更换本部门的检查人员", Reasons.DepartmentOnly.About(departmentId));
        if (string.IsNullOrWhiteSpace(reason))
            throw new InvalidFieldException("reason", "a replacement needs its reason, which stays in the record", "更换检查人员须说明理由，理由将留存于抽取记录中",
                Reasons.FieldRequired);
        if (resultEntered)
            throw new RuleViolationException($"{departmentId} has entered its result for {uscc} in task {current.TaskId}: its inspectors can no longer be replaced",
                $"{departmentId} 已在任务 {current.TaskId} 中录入 {uscc} 的检查结果，不能再更换其检查人员",
                DrawsReasons.ResultEntered.About(current.TaskId, departmentId, uscc));
        var teams = matched.Teams();
        var team = teams.GetValueOrDefault(uscc) ?? [];
        if (!team.Contains(inspectorId))
            throw new InvalidFieldException("inspector_id", $"{inspectorId} is not on the team of {departmentId} for {uscc}",
                $"{inspectorId} 不在 {departmentId} 检查 {uscc} 的检查组中", DrawsReasons.NotOnTeam.About(inspectorId, uscc));
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
        var executed = draw.Executed ?? throw new RuleViolationException($"draw {draw.DrawId} has not been executed: its record is not public yet",
            $"抽取 {draw.DrawId} 尚未执行，其记录尚未公开", DrawsReasons.NotExecuted.About(draw.DrawId));
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
        null => throw new NotFoundException("no such draw", "没有该抽取", DrawsReasons.DrawNotFound.About(null)),
        { Executed: not null } => throw new RuleViolationException($"draw {draw.DrawId} has been executed; a draw executes once — prepare a re-draw with a reason",
            $"抽取 {draw.DrawId} 已执行；抽取只执行一次，如需重新抽取，请说明理由另行准备", DrawsReasons.AlreadyExecuted.About(draw.DrawId)),
        { Cancelled: { } c } => throw new RuleViolationException($"draw {draw.DrawId} was cancelled at {c.At:O}: {c.Reason}",
            $"抽取 {draw.DrawId} 已于 {c.At:O} 取消：{c.Reason}", DrawsReasons.Cancelled.About(draw.DrawId, c.At)),
        _ when !lapsedToo && draw.LapsedAt(ctx.Now) => throw new RuleViolationException(
            $"draw {draw.DrawId} lapsed: its commitments closed at {draw.CommitDeadline:O} without {string.Join(", ", draw.Parties.Where(p => p.Sha256 is null).Select(p => p.Id))}; prepare the task's draw again",
            $"抽取 {draw.DrawId} 已失效：承诺于 {draw.CommitDeadline:O} 截止时 {string.Join("、", draw.Parties.Where(p => p.Sha256 is null).Select(p => p.Id))} 未作出承诺；请重新准备该任务的抽取",
            DrawsReasons.Lapsed.About(draw.DrawId, draw.CommitDeadline)),
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
        var member = draw.Parties.FirstOrDefault(p => p.Id == party)
            ?? throw new InvalidFieldException("party", $"{party} is not a party to draw {draw.DrawId}", $"{party} 不是抽取 {draw.DrawId} 的参与方",
                DrawsReasons.NotAParty.About(draw.DrawId, party));
        if (!ctx.Caller.ActsFor(party) || ctx.Caller.Role is not (Roles.Staff or Roles.System or Roles.Supervisor))
            throw new ForbiddenException($"only {party} may commit or reveal its own secret", $"只有 {party} 可以承诺或揭示自己的秘密值", Reasons.DepartmentOnly.About(party));
        return member;
    }
}

/// <summary>A refused attempt on a draw: the error for its caller, and the event that keeps the attempt on the draw.</summary>
public sealed class DrawRefusal(DomainException error, DrawAttemptRefused attempt) : Exception(error.Message, error)
{
    public DomainException Error { get; } = error;

    public DrawAttemptRefused Attempt { get; } = attempt;
}
