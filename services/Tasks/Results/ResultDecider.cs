using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Tasks.Results;

/// <summary>
/// Result entry, review and follow-up for one entity: only the department that checked enters its result, only a
/// reviewer of that department approves or returns it, and follow-up is recorded on approved results with a problem.
/// </summary>
public static class ResultDecider
{
    public static IReadOnlyList<object> SaveDraft(EntityResult? result, InspectionTask? task, string departmentId, string uscc, ResultEntry draft, CommandContext ctx)
    {
        var (t, d) = OpenForEntry(result, task, departmentId, uscc, ctx);
        return [new ResultDraftSaved(EntityResult.IdOf(t.TaskId, d.DepartmentId, uscc), t.TaskId, d.DepartmentId, uscc, draft, ctx.Caller, ctx.Now)];
    }

    /// <param name="team">the inspectors the draw engine matched to the entity for the department (null or empty: none)</param>
    public static IReadOnlyList<object> Submit(EntityResult? result, InspectionTask? task, string departmentId, string uscc, ResultEntry entry,
        IReadOnlyCollection<string>? team, CommandContext ctx)
    {
        var (t, d) = OpenForEntry(result, task, departmentId, uscc, ctx);
        if (team is not { Count: > 0 })
            throw new RuleViolationException($"no inspectors of {departmentId} are matched to {uscc} in task {t.TaskId}: match (or replace) them in the draw engine first",
                $"任务 {t.TaskId} 中尚无 {departmentId} 的检查人员匹配到 {uscc}：请先在抽取引擎中匹配（或更换）检查人员",
                TasksReasons.TeamNotArrived.About(t.TaskId, departmentId, uscc));
        // A department checking alone brings both officers; in a joint team each department brings at least one.
        var inspectorsNeeded = t.Inspecting.Count > 1 ? 1 : 2;
        var valid = ResultValidation.Validate(entry, d.Items, t.FormsOf(d.DepartmentId), team, inspectorsNeeded, t.CheckFrom, t.CheckTo, ChinaDate.Of(ctx.Now));
        return [new ResultSubmitted(EntityResult.IdOf(t.TaskId, d.DepartmentId, uscc), t.TaskId, d.DepartmentId, uscc, valid, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Approve(EntityResult? result, InspectionTask? task, CommandContext ctx)
    {
        var r = ForReview(result, task, ctx);
        return [new ResultApproved(r.ResultId, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Return(EntityResult? result, InspectionTask? task, string? comment, CommandContext ctx)
    {
        var r = ForReview(result, task, ctx);
        return [new ResultReturned(r.ResultId, Require.Text(comment, "comment", 1000), ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> RecordFollowUp(EntityResult? result, InspectionTask? task, FollowUpAction action, CommandContext ctx)
    {
        var r = OpenFollowUp(result, task, ctx);
        var valid = FollowUps.Validate(action, r.DepartmentId, r.Entry.CheckEndedOn!.Value, ChinaDate.Of(ctx.Now));
        // "No follow-up" is a decision about the whole problem, so it cannot stand beside actions.
        if (r.FollowUps.Any(a => a.Kind == FollowUpKind.None))
            throw new RuleViolationException($"result {r.ResultId} already records {FollowUpKind.None.Label()}", $"结果 {r.ResultId} 已记录“{FollowUpKind.None.Label()}”",
                TasksReasons.NoFollowUpRecorded.About(r.ResultId));
        if (valid.Kind == FollowUpKind.None && r.FollowUps.Count > 0)
            throw new InvalidFieldException("kind", $"result {r.ResultId} already has follow-up actions", $"结果 {r.ResultId} 已有后续处置措施");
        return [new FollowUpRecorded(r.ResultId, valid, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> RecordCorrection(EntityResult? result, InspectionTask? task, DateOnly correctedOn, string? note, CommandContext ctx)
    {
        var r = OpenFollowUp(result, task, ctx);
        var ordered = r.FollowUps.Where(a => a.Kind == FollowUpKind.OrderCorrection).Select(a => (DateOnly?)a.On).Max()
            ?? throw new RuleViolationException($"result {r.ResultId} has no order to correct ({FollowUpKind.OrderCorrection.Label()})",
                $"结果 {r.ResultId} 没有“{FollowUpKind.OrderCorrection.Label()}”", TasksReasons.NoOrderToCorrect.About(r.ResultId));
        if (correctedOn < ordered)
            throw new InvalidFieldException("corrected_on", $"{correctedOn:yyyy-MM-dd} is before the order of {ordered:yyyy-MM-dd}",
                $"{correctedOn:yyyy-MM-dd} 早于责令整改日期 {ordered:yyyy-MM-dd}", Reasons.DateTooEarly.About(ordered));
        if (correctedOn > ChinaDate.Of(ctx.Now))
            throw new InvalidFieldException("corrected_on", $"{correctedOn:yyyy-MM-dd} is in the future", $"{correctedOn:yyyy-MM-dd} 晚于今天", Reasons.DateInFuture.About(ChinaDate.Of(ctx.Now)));
        return [new CorrectionRecorded(r.ResultId, correctedOn, Require.OptionalText(note, "note", 1000), ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> CloseFollowUp(EntityResult? result, InspectionTask? task, DateOnly closedOn, CommandContext ctx)
    {
        var r = OpenFollowUp(result, task, ctx);
        if (r.FollowUps.Count == 0)
            throw new RuleViolationException($"result {r.ResultId} has no follow-up recorded yet", $"结果 {r.ResultId} 尚未记录后续处置", TasksReasons.NoFollowUpYet.About(r.ResultId));
        if (!FollowUps.OrdersSettled(r.FollowUps, r.CorrectedOn))
            throw new RuleViolationException($"result {r.ResultId}: the order to correct is neither corrected nor passed on to the case-handling unit or the judiciary",
                $"结果 {r.ResultId}：责令整改既未整改到位，也未移送办案机构或司法机关", TasksReasons.OrderNotSettled.About(r.ResultId));
        var latest = r.FollowUps.Max(a => a.On);
        if (r.CorrectedOn > latest) latest = r.CorrectedOn.Value;
        if (closedOn < latest)
            throw new InvalidFieldException("closed_on", $"{closedOn:yyyy-MM-dd} is before the last follow-up step ({latest:yyyy-MM-dd})",
                $"{closedOn:yyyy-MM-dd} 早于最后一项后续处置（{latest:yyyy-MM-dd}）", Reasons.DateTooEarly.About(latest));
        if (closedOn > ChinaDate.Of(ctx.Now))
            throw new InvalidFieldException("closed_on", $"{closedOn:yyyy-MM-dd} is in the future", $"{closedOn:yyyy-MM-dd} 晚于今天", Reasons.DateInFuture.About(ChinaDate.Of(ctx.Now)));
        return [new FollowUpClosed(r.ResultId, closedOn, ctx.Caller, ctx.Now)];
    }

    /// <summary>
    /// An entity found unreachable at its registered address goes on the abnormal-operations list (a decision of the
    /// checking department, with its number), once, after the result is approved.
    /// </summary>
    public static IReadOnlyList<object> RecordAbnormalListing(EntityResult? result, InspectionTask? task, DateOnly listedOn, string? decisionNo, CommandContext ctx)
    {
        var r = Existing(result);
        _ = task ?? throw NoTask(r.TaskId);
        Permit.Staff(ctx.Caller, r.DepartmentId, "list entities as operating abnormally");
        if (r.Status != ResultStatus.Approved)
            throw new RuleViolationException($"result {r.ResultId} is {r.Status}; an entity is listed on an approved result",
                $"结果 {r.ResultId} 当前为{r.Status.Label()}；只能依据审核通过的结果列入经营异常名录",
                TasksReasons.ResultWrongStatus.About(r.ResultId, r.Status, nameof(ResultStatus.Approved)));
        if (!r.Entry.FoundUnreachable)
            throw new RuleViolationException($"result {r.ResultId} did not find the entity unreachable ({PendingReason.Unreachable.Label()})",
                $"结果 {r.ResultId} 未认定“{PendingReason.Unreachable.Label()}”", TasksReasons.NotUnreachable.About(r.ResultId));
        if (r.AbnormalListedOn is { } listed)
            throw new RuleViolationException($"{r.Uscc} was listed on {listed:yyyy-MM-dd} under result {r.ResultId}",
                $"{r.Uscc} 已于 {listed:yyyy-MM-dd} 依据结果 {r.ResultId} 列入经营异常名录", TasksReasons.AlreadyListed.About(r.Uscc, listed));
        if (listedOn < r.Entry.CheckEndedOn)
            throw new InvalidFieldException("listed_on", $"{listedOn:yyyy-MM-dd} is before the check ended ({r.Entry.CheckEndedOn:yyyy-MM-dd})",
                $"{listedOn:yyyy-MM-dd} 早于检查结束日期（{r.Entry.CheckEndedOn:yyyy-MM-dd}）", Reasons.DateTooEarly.About(r.Entry.CheckEndedOn));
        if (listedOn > ChinaDate.Of(ctx.Now))
            throw new InvalidFieldException("listed_on", $"{listedOn:yyyy-MM-dd} is in the future", $"{listedOn:yyyy-MM-dd} 晚于今天", Reasons.DateInFuture.About(ChinaDate.Of(ctx.Now)));
        return [new AbnormalListingRecorded(r.ResultId, listedOn, Require.Text(decisionNo, "decision_no", 100), ctx.Caller, ctx.Now)];
    }

    private static (InspectionTask, TaskDepartment) OpenForEntry(EntityResult? result, InspectionTask? task, string departmentId, string uscc, CommandContext ctx)
    {
        var t = task ?? throw new NotFoundException("no such task", "没有该任务", TasksReasons.TaskNotFound.About(null));
        Permit.Staff(ctx.Caller, departmentId, "enter its results");
        var d = t.Department(departmentId) is { Inspects: true } inspecting ? inspecting
            : throw new InvalidFieldException("department_id", $"{departmentId} does not inspect in task {t.TaskId}", $"{departmentId} 不是任务 {t.TaskId} 的检查部门",
                TasksReasons.DepartmentNotInTask.About(t.TaskId, departmentId));
        if (t.Status is < InspectionTaskStatus.Checking or InspectionTaskStatus.Closed)
            throw new RuleViolationException($"task {t.TaskId} is {t.Status}; results are entered once the checks have started",
                $"任务 {t.TaskId} 当前为{t.Status.Label()}；检查开始后、任务办结前才能录入结果",
                TasksReasons.TaskWrongStatus.About(t.TaskId, t.Status, nameof(InspectionTaskStatus.Checking)));
        // Once the department's review is complete its results are final; what follows is publication.
        if (d.Stage >= DepartmentStage.Reviewed)
            throw new RuleViolationException($"{departmentId} is {d.Stage} in task {t.TaskId}; its results can no longer change",
                $"{departmentId} 在任务 {t.TaskId} 中处于“{d.Stage.Label()}”阶段，其结果不能再更改", TasksReasons.ResultsFinal.About(t.TaskId, departmentId));
        if (!t.Entities.Contains(uscc))
            throw new InvalidFieldException("uscc", $"{uscc} was not drawn for task {t.TaskId}", $"{uscc} 未被任务 {t.TaskId} 抽中", TasksReasons.EntityNotDrawn.About(t.TaskId, uscc));
        if (result is { Status: ResultStatus.Submitted or ResultStatus.Approved })
            throw new RuleViolationException($"result {result.ResultId} is {result.Status}; it changes only after the reviewer returns it",
                $"结果 {result.ResultId} 当前为{result.Status.Label()}；只有审核人员退回后才能更改",
                TasksReasons.ResultWrongStatus.About(result.ResultId, result.Status, $"{ResultStatus.Draft},{ResultStatus.Returned}"));
        return (t, d);
    }

    private static EntityResult ForReview(EntityResult? result, InspectionTask? task, CommandContext ctx)
    {
        var r = Existing(result);
        var t = task ?? throw NoTask(r.TaskId);
        Permit.Reviewer(ctx.Caller, r.DepartmentId, "review its results");
        if (t.Department(r.DepartmentId)?.Stage >= DepartmentStage.Reviewed)
            throw new RuleViolationException($"the review of {r.DepartmentId} in task {t.TaskId} is complete", $"{r.DepartmentId} 在任务 {t.TaskId} 中的审核已完成",
                TasksReasons.ReviewComplete.About(t.TaskId, r.DepartmentId));
        if (r.Status != ResultStatus.Submitted)
            throw new RuleViolationException($"result {r.ResultId} is {r.Status}; only a submitted result is reviewed",
                $"结果 {r.ResultId} 当前为{r.Status.Label()}；只能审核已提交的结果", TasksReasons.ResultWrongStatus.About(r.ResultId, r.Status, nameof(ResultStatus.Submitted)));
        return r;
    }

    private static EntityResult OpenFollowUp(EntityResult? result, InspectionTask? task, CommandContext ctx)
    {
        var r = Existing(result);
        var t = task ?? throw NoTask(r.TaskId);
        Permit.Staff(ctx.Caller, r.DepartmentId, "record the follow-up of its results");
        if (t.Status == InspectionTaskStatus.Closed)
            throw new RuleViolationException($"task {t.TaskId} is {t.Status}", $"任务 {t.TaskId} 已办结", TasksReasons.TaskWrongStatus.About(t.TaskId, t.Status, null));
        if (r.Status != ResultStatus.Approved)
            throw new RuleViolationException($"result {r.ResultId} is {r.Status}; follow-up is recorded on approved results",
                $"结果 {r.ResultId} 当前为{r.Status.Label()}；只能对审核通过的结果记录后续处置",
                TasksReasons.ResultWrongStatus.About(r.ResultId, r.Status, nameof(ResultStatus.Approved)));
        if (!r.Entry.FindsProblem)
            throw new RuleViolationException($"result {r.ResultId} found no problem; there is nothing to follow up", $"结果 {r.ResultId} 未发现问题，无需后续处置",
                TasksReasons.NoProblemFound.About(r.ResultId));
        if (r.FollowUpClosedOn is { } closed)
            throw new RuleViolationException($"the follow-up of result {r.ResultId} was closed on {closed:yyyy-MM-dd}", $"结果 {r.ResultId} 的后续处置已于 {closed:yyyy-MM-dd} 办结",
                TasksReasons.FollowUpClosed.About(r.ResultId, closed));
        return r;
    }

    private static EntityResult Existing(EntityResult? result) => result ?? throw new NotFoundException("no such result", "没有该结果", TasksReasons.ResultNotFound.About(null));

    private static NotFoundException NoTask(string taskId) => new($"no task {taskId}", $"没有任务 {taskId}", TasksReasons.TaskNotFound.About(taskId));
}
