using System.Text.RegularExpressions;
using Shuangsuiji.Tasks.Forms;
using Shuangsuiji.Tasks.Plans;
using Shuangsuiji.Tasks.Results;
using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Tasks.InspectionTasks;

/// <summary>A task outside the annual plan, which needs its reason.</summary>
public sealed record CreateTask(
    string TaskId, string DepartmentId, string Name, IReadOnlyList<string> Items, PlanScope Scope, IReadOnlyList<RiskQuota> Quotas,
    DateOnly CheckFrom, DateOnly CheckTo, string Reason);

/// <summary>
/// The workflow of a task (docs/domain.md, workflow). The lead department creates, invites, confirms and starts the
/// checks; a reviewer of the lead approves the task; the draw engine's messages record the draw and each department's
/// match; each department answers its invitation and completes, reviews and publishes its own results. Results themselves are in <see cref="ResultDecider"/>;
/// the department steps here take that department's results as read.
/// </summary>
public static partial class InspectionTaskDecider
{
    public static IReadOnlyList<object> CreateFromPlan(InspectionTask? state, string taskId, AnnualPlan? plan, string taskCode, CommandContext ctx)
    {
        var id = New(state, taskId);
        var published = plan?.Published ?? throw new InvalidFieldException("plan_id", "no published plan to create the task from", "没有可据以创建任务的已公布计划",
            TasksReasons.PlanNotPublished);
        Permit.Staff(ctx.Caller, plan.DepartmentId, "create tasks from its plan");
        var planned = published.Batches.SelectMany(b => b.Tasks).FirstOrDefault(t => t.Code == taskCode)
            ?? throw new InvalidFieldException("task_code", $"version {published.Version} of plan {plan.PlanId} has no planned task {taskCode}",
                $"计划 {plan.PlanId} 第 {published.Version} 版中没有计划任务 {taskCode}", Reasons.UnknownReference);
        if (planned.LeadDepartmentId != plan.DepartmentId)
            throw new InvalidFieldException("task_code", $"{taskCode} is led by {planned.LeadDepartmentId}, which creates the task and invites {plan.DepartmentId}",
                $"{taskCode} 由 {planned.LeadDepartmentId} 牵头，由其创建任务并邀请 {plan.DepartmentId}", TasksReasons.NotPlanLead.About(planned.LeadDepartmentId));
        return [new TaskCreated(id, plan.DepartmentId, planned.Name, planned.Items, planned.Scope, planned.Quotas, planned.From, planned.To,
            new PlanRef(plan.PlanId, published.Version, planned.Code), null, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> CreateOutsidePlan(InspectionTask? state, CreateTask c, CommandContext ctx)
    {
        var id = New(state, c.TaskId);
        Permit.Staff(ctx.Caller, c.DepartmentId, "create its tasks");
        if (c.CheckTo < c.CheckFrom)
            throw new InvalidFieldException("check_to", $"{c.CheckTo:yyyy-MM-dd} is before {c.CheckFrom:yyyy-MM-dd}", $"{c.CheckTo:yyyy-MM-dd} 早于 {c.CheckFrom:yyyy-MM-dd}",
                Reasons.DateTooEarly.About(c.CheckFrom));
        return [new TaskCreated(id, c.DepartmentId, Require.Text(c.Name, "name"), ItemIds.Valid(c.Items, c.DepartmentId, "items"),
            PlanDecider.Valid(c.Scope, "scope"), PlanDecider.Valid(c.Quotas, "quotas"), c.CheckFrom, c.CheckTo, null,
            Require.Text(c.Reason, "reason", 1000), ctx.Caller, ctx.Now)];
    }

    /// <summary>The lead invites a department with the items it will check, while the task is a draft.</summary>
    public static IReadOnlyList<object> Invite(InspectionTask? task, string departmentId, IReadOnlyList<string> items, CommandContext ctx)
    {
        var t = Lead(task, ctx, "invite departments");
        InStatus(t, "take invitations", InspectionTaskStatus.Draft);
        var partner = Require.Code(departmentId, "department_id");
        if (t.Department(partner) is { } known)
            throw new AlreadyExistsException($"{partner} is already in task {t.TaskId} ({known.Stage})", $"{partner} 已在任务 {t.TaskId} 中（{known.Stage.Label()}）",
                TasksReasons.DepartmentInTask.About(t.TaskId, partner));
        return [new PartnerInvited(t.TaskId, partner, ItemIds.Valid(items, partner, "items"), ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Accept(InspectionTask? task, string departmentId, CommandContext ctx)
    {
        var t = Invited(task, departmentId, ctx);
        return [new InvitationAccepted(t.TaskId, departmentId, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Decline(InspectionTask? task, string departmentId, string? reason, CommandContext ctx)
    {
        var t = Invited(task, departmentId, ctx);
        return [new InvitationDeclined(t.TaskId, departmentId, Require.Text(reason, "reason", 1000), ctx.Caller, ctx.Now)];
    }

    /// <summary>Approval fixes the check forms each department will fill in: later revisions in the catalog do not change a running task.</summary>
    public static IReadOnlyList<object> Approve(InspectionTask? task, IReadOnlyCollection<KnownForm> forms, IReadOnlyDictionary<string, KnownClaim> claims,
        CommandContext ctx)
    {
        var t = Existing(task);
        Permit.Reviewer(ctx.Caller, t.LeadId, "approve its tasks");
        InStatus(t, "be approved", InspectionTaskStatus.Draft);
        var departments = t.Departments.Where(d => d.Stage != DepartmentStage.Declined).Select(d => (d.DepartmentId, d.Items));
        return [new TaskApproved(t.TaskId, ctx.Caller, ctx.Now, TaskForms.For(departments, forms, claims))];
    }

    /// <summary>Fixes who inspects once every invitation is answered; a task whose invitations were all declined goes on alone.</summary>
    public static IReadOnlyList<object> ConfirmPartners(InspectionTask? task, CommandContext ctx)
    {
        var t = Lead(task, ctx, "confirm the partners");
        InStatus(t, "confirm its partners", InspectionTaskStatus.Approved);
        if (t.Departments.Where(d => d.Stage == DepartmentStage.Invited).Select(d => d.DepartmentId).ToList() is { Count: > 0 } waiting)
            throw new RuleViolationException($"task {t.TaskId} is waiting for the answers of {string.Join(", ", waiting)}",
                $"任务 {t.TaskId} 正在等待 {string.Join("、", waiting)} 答复邀请", TasksReasons.InvitationsUnanswered.About(t.TaskId, waiting));
        return [new PartnersConfirmed(t.TaskId, [.. t.Inspecting.Select(d => d.DepartmentId)], ctx.Caller, ctx.Now)];
    }

    /// <summary>
    /// The draw engine executed the task's draw (its message, attributed to the party that executed it): the drawn
    /// entities in draw order. Only a draw the task's lead prepared counts; a re-draw replaces the draw it names
    /// while no department has matched yet.
    /// </summary>
    public static IReadOnlyList<object> RecordDraw(InspectionTask? task, string drawId, string drawLead, string? redrawOf, IReadOnlyList<string> entities,
        IReadOnlyList<DrawStratum>? strata, CommandContext ctx)
    {
        var t = Existing(task);
        if (drawLead != t.LeadId)
            throw new RuleViolationException($"draw {drawId} was prepared by {drawLead}, not by the task's lead {t.LeadId}",
                $"抽取 {drawId} 由 {drawLead} 准备，而不是由任务的牵头部门 {t.LeadId} 准备", TasksReasons.DrawByOther.About(drawId, drawLead));
        var replacing = redrawOf is not null && t.DrawId == redrawOf;
        InStatus(t, "record a draw", replacing ? InspectionTaskStatus.Drawn : InspectionTaskStatus.PartnersConfirmed);
        if (replacing && t.Inspecting.Any(d => d.Stage >= DepartmentStage.Matched))
            throw new RuleViolationException($"task {t.TaskId} has matched inspectors to draw {redrawOf}; a re-draw cannot replace it now",
                $"任务 {t.TaskId} 已为抽取 {redrawOf} 匹配检查人员，不能再以重新抽取替换该抽取", TasksReasons.RedrawTooLate.About(t.TaskId, redrawOf));
        if (entities.Count == 0) throw new InvalidFieldException("entities", "the draw selected no entity", "抽取未抽中任何对象", Reasons.FieldRequired);
        foreach (var (uscc, i) in entities.Select((u, i) => (u, i)))
            if (!UsccPattern().IsMatch(uscc))
                throw new InvalidFieldException($"entities[{i}]", $"'{uscc}' is not a unified social credit code", $"“{uscc}”不是统一社会信用代码");
        if (entities.Distinct().Count() != entities.Count)
            throw new InvalidFieldException("entities", "an entity is given twice", "对象重复出现", Reasons.FieldDuplicate);
        if (strata is not null) CheckStrata(strata, entities.Count);
        return [new EntitiesDrawn(t.TaskId, Require.Code(drawId, "draw_id"), entities, ctx.Caller, ctx.Now, strata)];
    }

    /// <summary>The entities are the strata's draws one after another, so the strata must give exactly them.</summary>
    private static void CheckStrata(IReadOnlyList<DrawStratum> strata, int drawn)
    {
        foreach (var (s, i) in strata.Select((s, i) => (s, i)))
            if (s.Drawn < 0 || s.Drawn > s.CandidateCount)
                throw new InvalidFieldException($"strata[{i}].drawn", $"{s.Drawn} is not between 0 and its {s.CandidateCount} candidates",
                    $"{s.Drawn} 不在 0 到其候选数 {s.CandidateCount} 之间", Reasons.FieldOutOfRange);
        if (strata.Sum(s => s.Drawn) != drawn)
            throw new InvalidFieldException("strata", $"the strata gave {strata.Sum(s => s.Drawn)} entities, the draw {drawn}",
                $"各分层共抽中 {strata.Sum(s => s.Drawn)} 个对象，而抽取结果为 {drawn} 个");
    }

    /// <summary>
    /// Each inspecting department's match (匹配), once the draw engine's teams of that department for every entity of the
    /// task's draw have arrived (<paramref name="teamsKnown"/> per department, of <paramref name="drawId"/>): recorded by
    /// the service as the teams arrive, no client asks for it. Nothing while the draw is not the task's or a department's
    /// teams are still on their way.
    /// </summary>
    public static IReadOnlyList<object> RecordMatches(InspectionTask? task, string drawId, IReadOnlyDictionary<string, int> teamsKnown, CommandContext ctx)
    {
        if (task is not { Status: InspectionTaskStatus.Drawn } t || t.DrawId != drawId) return [];
        return [.. t.Inspecting.Where(d => d.Stage == DepartmentStage.Joined && teamsKnown.GetValueOrDefault(d.DepartmentId) >= t.Entities.Count)
            .Select(d => new DepartmentInspectorsMatched(t.TaskId, d.DepartmentId, ctx.Caller, ctx.Now))];
    }

    public static IReadOnlyList<object> StartChecks(InspectionTask? task, CommandContext ctx)
    {
        var t = Lead(task, ctx, "start the checks");
        InStatus(t, "start its checks", InspectionTaskStatus.Matched);
        return [new ChecksStarted(t.TaskId, ctx.Caller, ctx.Now)];
    }

    /// <summary>The department has submitted a result for every drawn entity and hands them to its reviewers.</summary>
    public static IReadOnlyList<object> CompleteEntry(InspectionTask? task, string departmentId, IReadOnlyCollection<EntityResult> results, CommandContext ctx)
    {
        var (t, d) = Inspecting(task, departmentId, ctx, "complete its result entry");
        AtStage(t, d, "complete its entry", DepartmentStage.Matched);
        InStatus(t, "complete result entry", InspectionTaskStatus.Checking);
        EveryEntity(t, departmentId, results, r => r.Status is ResultStatus.Submitted or ResultStatus.Approved, "no submitted result");
        return [new DepartmentResultsEntered(t.TaskId, departmentId, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> CompleteReview(InspectionTask? task, string departmentId, IReadOnlyCollection<EntityResult> results, CommandContext ctx)
    {
        var t = Existing(task);
        Permit.Reviewer(ctx.Caller, departmentId, "complete the review of its results");
        var d = t.Department(departmentId) ?? throw new InvalidFieldException("department_id", $"{departmentId} is not in task {t.TaskId}",
            $"{departmentId} 不在任务 {t.TaskId} 中", TasksReasons.DepartmentNotInTask.About(t.TaskId, departmentId));
        AtStage(t, d, "complete its review", DepartmentStage.ResultsEntered);
        EveryEntity(t, departmentId, results, r => r.Status == ResultStatus.Approved, "no approved result");
        return [new DepartmentResultsReviewed(t.TaskId, departmentId, ctx.Caller, ctx.Now)];
    }

    /// <summary>Each department publishes its own reviewed results (谁检查、谁公开), without waiting for the others.</summary>
    public static IReadOnlyList<object> PublishResults(InspectionTask? task, string departmentId, IReadOnlyCollection<EntityResult> results, CommandContext ctx)
    {
        var (t, d) = Inspecting(task, departmentId, ctx, "publish its results");
        AtStage(t, d, "publish its results", DepartmentStage.Reviewed);
        var problems = results.Where(r => r.DepartmentId == departmentId && r.Entry.FindsProblem).Select(r => r.Uscc).ToHashSet();
        return [new DepartmentResultsPublished(t.TaskId, departmentId, [.. t.Entities.Where(problems.Contains)], ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> CloseFollowUp(InspectionTask? task, string departmentId, IReadOnlyCollection<EntityResult> results, CommandContext ctx)
    {
        var (t, d) = Inspecting(task, departmentId, ctx, "close its follow-up");
        AtStage(t, d, "close its follow-up", DepartmentStage.Published);
        if (d.FollowUpNeeded.Count == 0)
            throw new RuleViolationException($"{departmentId} has nothing to follow up in task {t.TaskId}", $"{departmentId} 在任务 {t.TaskId} 中没有需要后续处置的事项",
                TasksReasons.NoFollowUpNeeded.About(t.TaskId, departmentId));
        if (d.FollowUpClosedOn is { } closed)
            throw new RuleViolationException($"{departmentId} closed its follow-up in task {t.TaskId} on {closed:yyyy-MM-dd}",
                $"{departmentId} 已于 {closed:yyyy-MM-dd} 办结其在任务 {t.TaskId} 中的后续处置", TasksReasons.FollowUpClosed.About($"{t.TaskId}/{departmentId}", closed));
        var closings = d.FollowUpNeeded.Select(uscc =>
            results.FirstOrDefault(r => r.DepartmentId == departmentId && r.Uscc == uscc)?.FollowUpClosedOn).ToList();
        if (d.FollowUpNeeded.Where((_, i) => closings[i] is null).ToList() is { Count: > 0 } open)
            throw new RuleViolationException($"the follow-up of {departmentId} is still open for {Few(open)}", $"{departmentId} 对 {Few(open)} 的后续处置尚未办结",
                TasksReasons.FollowUpOpen.About(t.TaskId, open));
        return [new DepartmentFollowUpClosed(t.TaskId, departmentId, closings.Max()!.Value, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Close(InspectionTask? task, DateOnly closedOn, CommandContext ctx)
    {
        var t = Lead(task, ctx, "close the task");
        InStatus(t, "be closed", InspectionTaskStatus.Published, InspectionTaskStatus.FollowUp);
        if (t.Inspecting.Where(d => d.FollowUpNeeded.Count > 0 && d.FollowUpClosedOn is null).Select(d => d.DepartmentId).ToList() is { Count: > 0 } open)
            throw new RuleViolationException($"task {t.TaskId} is {t.Status}; the follow-up of {string.Join(", ", open)} is still open",
                $"任务 {t.TaskId} 当前为{t.Status.Label()}；{string.Join("、", open)} 的后续处置尚未办结", TasksReasons.FollowUpOpen.About(t.TaskId, open));
        var latest = t.Inspecting.Max(d => d.FollowUpClosedOn);
        if (closedOn < latest)
            throw new InvalidFieldException("closed_on", $"{closedOn:yyyy-MM-dd} is before the last follow-up closed ({latest:yyyy-MM-dd})",
                $"{closedOn:yyyy-MM-dd} 早于最后一项后续处置的办结日期（{latest:yyyy-MM-dd}）", Reasons.DateTooEarly.About(latest));
        if (closedOn > ChinaDate.Of(ctx.Now))
            throw new InvalidFieldException("closed_on", $"{closedOn:yyyy-MM-dd} is in the future", $"{closedOn:yyyy-MM-dd} 晚于今天", Reasons.DateInFuture.About(ChinaDate.Of(ctx.Now)));
        return [new TaskClosed(t.TaskId, closedOn, ctx.Caller, ctx.Now)];
    }

    private static string New(InspectionTask? state, string taskId)
    {
        var id = Require.Code(taskId, "task_id");
        if (state is not null) throw new AlreadyExistsException($"task {id} already exists", $"任务 {id} 已存在", TasksReasons.TaskExists.About(id));
        return id;
    }

    private static InspectionTask Existing(InspectionTask? task) => task ?? throw new NotFoundException("no such task", "没有该任务", TasksReasons.TaskNotFound.About(null));

    private static InspectionTask Lead(InspectionTask? task, CommandContext ctx, string what)
    {
        var t = Existing(task);
        Permit.Staff(ctx.Caller, t.LeadId, what);
        return t;
    }

    private static InspectionTask Invited(InspectionTask? task, string departmentId, CommandContext ctx)
    {
        var t = Existing(task);
        Permit.Staff(ctx.Caller, departmentId, "answer its invitations");
        var d = t.Department(departmentId) ?? throw new InvalidFieldException("department_id", $"{departmentId} is not invited to task {t.TaskId}",
            $"{departmentId} 未受邀参加任务 {t.TaskId}", TasksReasons.DepartmentNotInTask.About(t.TaskId, departmentId));
        InStatus(t, "take answers to invitations", InspectionTaskStatus.Draft, InspectionTaskStatus.Approved);
        AtStage(t, d, "answer", DepartmentStage.Invited);
        return t;
    }

    private static (InspectionTask, TaskDepartment) Inspecting(InspectionTask? task, string departmentId, CommandContext ctx, string what)
    {
        var t = Existing(task);
        Permit.Staff(ctx.Caller, departmentId, what);
        var d = t.Department(departmentId) is { Inspects: true } inspecting ? inspecting
            : throw new InvalidFieldException("department_id", $"{departmentId} does not inspect in task {t.TaskId}", $"{departmentId} 不是任务 {t.TaskId} 的检查部门",
                TasksReasons.DepartmentNotInTask.About(t.TaskId, departmentId));
        return (t, d);
    }

    private static void InStatus(InspectionTask t, string what, params InspectionTaskStatus[] allowed)
    {
        if (!allowed.Contains(t.Status))
            throw new RuleViolationException($"task {t.TaskId} is {t.Status}; it can {what} only when {string.Join(" or ", allowed)}",
                $"任务 {t.TaskId} 当前为{t.Status.Label()}；只有在{StatusLabels.Labels(allowed, s => s.Label())}时才能执行此操作",
                TasksReasons.TaskWrongStatus.About(t.TaskId, t.Status, allowed.Select(s => s.ToString())));
    }

    private static void AtStage(InspectionTask t, TaskDepartment d, string what, DepartmentStage expected)
    {
        if (d.Stage != expected)
            throw new RuleViolationException($"{d.DepartmentId} is {d.Stage} in task {t.TaskId} ({t.Status}); it can {what} only when {expected}",
                $"{d.DepartmentId} 在任务 {t.TaskId}（{t.Status.Label()}）中处于“{d.Stage.Label()}”阶段；只有在“{expected.Label()}”阶段才能执行此操作",
                TasksReasons.DepartmentWrongStage.About(t.TaskId, d.DepartmentId, d.Stage, expected));
    }

    private static void EveryEntity(InspectionTask t, string departmentId, IReadOnlyCollection<EntityResult> results, Func<EntityResult, bool> done, string problem)
    {
        var finished = results.Where(r => r.DepartmentId == departmentId && r.TaskId == t.TaskId && done(r)).Select(r => r.Uscc).ToHashSet();
        if (t.Entities.Where(e => !finished.Contains(e)).ToList() is { Count: > 0 } missing)
            throw new RuleViolationException($"{departmentId} has {problem} yet for {Few(missing)}",
                $"{departmentId} 尚有对象没有{(problem == "no approved result" ? "审核通过的" : "已提交的")}检查结果：{Few(missing)}",
                TasksReasons.ResultsMissing.About(t.TaskId, departmentId, missing[0]));
    }

    private static string Few(IReadOnlyList<string> usccs) =>
        string.Join(", ", usccs.Take(5)) + (usccs.Count > 5 ? $" and {usccs.Count - 5} more" : "");

    [GeneratedRegex("^[0-9A-HJ-NP-RTUW-Y]{18}$")]
    private static partial Regex UsccPattern();
}
