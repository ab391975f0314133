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
            throw new RuleViolationException($"no inspectors of {departmentId} are matched to {uscc} in task {t.TaskId}: match (or replace) them in the draw engine first");
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
            throw new RuleViolationException($"result {r.ResultId} already records {FollowUpKind.None.Label()}");
        if (valid.Kind == FollowUpKind.None && r.FollowUps.Count > 0)
            throw new InvalidFieldException("kind", $"result {r.ResultId} already has follow-up actions");
        return [new FollowUpRecorded(r.ResultId, valid, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> RecordCorrection(EntityResult? result, InspectionTask? task, DateOnly correctedOn, string? note, CommandContext ctx)
    {
        var r = OpenFollowUp(result, task, ctx);
        var ordered = r.FollowUps.Where(a => a.Kind == FollowUpKind.OrderCorrection).Select(a => (DateOnly?)a.On).Max()
            ?? throw new RuleViolationException($"result {r.ResultId} has no order to correct ({FollowUpKind.OrderCorrection.Label()})");
        if (correctedOn < ordered) throw new InvalidFieldException("corrected_on", $"{correctedOn:yyyy-MM-dd} is before the order of {ordered:yyyy-MM-dd}");
        if (correctedOn > ChinaDate.Of(ctx.Now)) throw new InvalidFieldException("corrected_on", $"{correctedOn:yyyy-MM-dd} is in the future");
        return [new CorrectionRecorded(r.ResultId, correctedOn, Require.OptionalText(note, "note", 1000), ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> CloseFollowUp(EntityResult? result, InspectionTask? task, DateOnly closedOn, CommandContext ctx)
    {
        var r = OpenFollowUp(result, task, ctx);
        if (r.FollowUps.Count == 0) throw new RuleViolationException($"result {r.ResultId} has no follow-up recorded yet");
        if (!FollowUps.OrdersSettled(r.FollowUps, r.CorrectedOn))
            throw new RuleViolationException($"result {r.ResultId}: the order to correct is neither corrected nor passed on to the case-handling unit or the judiciary");
        var latest = r.FollowUps.Max(a => a.On);
        if (r.CorrectedOn > latest) latest = r.CorrectedOn.Value;
        if (closedOn < latest) throw new InvalidFieldException("closed_on", $"{closedOn:yyyy-MM-dd} is before the last follow-up step ({latest:yyyy-MM-dd})");
        if (closedOn > ChinaDate.Of(ctx.Now)) throw new InvalidFieldException("closed_on", $"{closedOn:yyyy-MM-dd} is in the future");
        return [new FollowUpClosed(r.ResultId, closedOn, ctx.Caller, ctx.Now)];
    }

    /// <summary>
    /// An entity found unreachable at its registered address goes on the abnormal-operations list (a decision of the
    /// checking department, with its number), once, after the result is approved.
    /// </summary>
    public static IReadOnlyList<object> RecordAbnormalListing(EntityResult? result, InspectionTask? task, DateOnly listedOn, string? decisionNo, CommandContext ctx)
    {
        var r = result ?? throw new NotFoundException("no such result");
        _ = task ?? throw new NotFoundException($"no task {r.TaskId}");
        Permit.Staff(ctx.Caller, r.DepartmentId, "list entities as operating abnormally");
        if (r.Status != ResultStatus.Approved) throw new RuleViolationException($"result {r.ResultId} is {r.Status}; an entity is listed on an approved result");
        if (!r.Entry.FoundUnreachable)
            throw new RuleViolationException($"result {r.ResultId} did not find the entity unreachable ({PendingReason.Unreachable.Label()})");
        if (r.AbnormalListedOn is { } listed) throw new RuleViolationException($"{r.Uscc} was listed on {listed:yyyy-MM-dd} under result {r.ResultId}");
        if (listedOn < r.Entry.CheckEndedOn) throw new InvalidFieldException("listed_on", $"{listedOn:yyyy-MM-dd} is before the check ended ({r.Entry.CheckEndedOn:yyyy-MM-dd})");
        if (listedOn > ChinaDate.Of(ctx.Now)) throw new InvalidFieldException("listed_on", $"{listedOn:yyyy-MM-dd} is in the future");
        return [new AbnormalListingRecorded(r.ResultId, listedOn, Require.Text(decisionNo, "decision_no", 100), ctx.Caller, ctx.Now)];
    }

    private static (InspectionTask, TaskDepartment) OpenForEntry(EntityResult? result, InspectionTask? task, string departmentId, string uscc, CommandContext ctx)
    {
        var t = task ?? throw new NotFoundException("no such task");
        Permit.Staff(ctx.Caller, departmentId, "enter its results");
        var d = t.Department(departmentId) is { Inspects: true } inspecting ? inspecting
            : throw new InvalidFieldException("department_id", $"{departmentId} does not inspect in task {t.TaskId}");
        if (t.Status is < InspectionTaskStatus.Checking or InspectionTaskStatus.Closed)
            throw new RuleViolationException($"task {t.TaskId} is {t.Status}; results are entered once the checks have started");
        // Once the department's review is complete its results are final; what follows is publication.
        if (d.Stage >= DepartmentStage.Reviewed)
            throw new RuleViolationException($"{departmentId} is {d.Stage} in task {t.TaskId}; its results can no longer change");
        if (!t.Entities.Contains(uscc)) throw new InvalidFieldException("uscc", $"{uscc} was not drawn for task {t.TaskId}");
        if (result is { Status: ResultStatus.Submitted or ResultStatus.Approved })
            throw new RuleViolationException($"result {result.ResultId} is {result.Status}; it changes only after the reviewer returns it");
        return (t, d);
    }

    private static EntityResult ForReview(EntityResult? result, InspectionTask? task, CommandContext ctx)
    {
        var r = result ?? throw new NotFoundException("no such result");
        var t = task ?? throw new NotFoundException($"no task {r.TaskId}");
        Permit.Reviewer(ctx.Caller, r.DepartmentId, "review its results");
        if (t.Department(r.DepartmentId)?.Stage >= DepartmentStage.Reviewed)
            throw new RuleViolationException($"the review of {r.DepartmentId} in task {t.TaskId} is complete");
        if (r.Status != ResultStatus.Submitted)
            throw new RuleViolationException($"result {r.ResultId} is {r.Status}; only a submitted result is reviewed");
        return r;
    }

    private static EntityResult OpenFollowUp(EntityResult? result, InspectionTask? task, CommandContext ctx)
    {
        var r = result ?? throw new NotFoundException("no such result");
        var t = task ?? throw new NotFoundException($"no task {r.TaskId}");
        Permit.Staff(ctx.Caller, r.DepartmentId, "record the follow-up of its results");
        if (t.Status == InspectionTaskStatus.Closed) throw new RuleViolationException($"task {t.TaskId} is {t.Status}");
        if (r.Status != ResultStatus.Approved)
            throw new RuleViolationException($"result {r.ResultId} is {r.Status}; follow-up is recorded on approved results");
        if (!r.Entry.FindsProblem) throw new RuleViolationException($"result {r.ResultId} found no problem; there is nothing to follow up");
        if (r.FollowUpClosedOn is { } closed) throw new RuleViolationException($"the follow-up of result {r.ResultId} was closed on {closed:yyyy-MM-dd}");
        return r;
    }
}
