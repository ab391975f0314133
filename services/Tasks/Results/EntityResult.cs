using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Tasks.Results;

public enum ResultStatus { Draft, Submitted, Returned, Approved }

/// <summary>Saved while the inspectors work (offline-friendly): may be incomplete, checked only when submitted.</summary>
public sealed record ResultDraftSaved(string ResultId, string TaskId, string DepartmentId, string Uscc, ResultEntry Entry, Caller By, DateTimeOffset At);

public sealed record ResultSubmitted(string ResultId, string TaskId, string DepartmentId, string Uscc, ResultEntry Entry, Caller By, DateTimeOffset At);

public sealed record ResultApproved(string ResultId, Caller By, DateTimeOffset At);

/// <summary>Sent back by the reviewer. The comment is internal and never public.</summary>
public sealed record ResultReturned(string ResultId, string Comment, Caller By, DateTimeOffset At);

public sealed record FollowUpRecorded(string ResultId, FollowUpAction Action, Caller By, DateTimeOffset At);

/// <summary>The entity corrected what it was ordered to correct.</summary>
public sealed record CorrectionRecorded(string ResultId, DateOnly CorrectedOn, string? Note, Caller By, DateTimeOffset At);

public sealed record FollowUpClosed(string ResultId, DateOnly ClosedOn, Caller By, DateTimeOffset At);

/// <summary>
/// One department's result for one drawn entity of a task (result id "task:department:uscc", stream "result:{id}"),
/// with its review and follow-up. A stream of its own, so that departments and inspectors enter results in parallel.
/// ReturnComment is the reviewer's last reason for returning it, for the department's staff only.
/// </summary>
public sealed record EntityResult(
    string Id, string ResultId, string TaskId, string DepartmentId, string Uscc, ResultStatus Status, ResultEntry Entry,
    string? ReturnComment, IReadOnlyList<FollowUpAction> FollowUps, DateOnly? CorrectedOn, DateOnly? FollowUpClosedOn) : IAggregate<EntityResult>
{
    public long Version { get; set; }

    /// <summary>When an entity found unreachable went on the abnormal-operations list, and under which decision.</summary>
    public DateOnly? AbnormalListedOn { get; init; }

    public string? AbnormalListingDecisionNo { get; init; }

    /// <summary>The listing deadline that passed without a listing, once raised.</summary>
    public DateOnly? AbnormalListingOverdueOn { get; init; }

    /// <summary>When it was first submitted and when approved (so published), as Beijing dates.</summary>
    public DateOnly? SubmittedOn { get; init; }

    public DateOnly? ApprovedOn { get; init; }

    /// <summary>When it was approved: the time its public record carries.</summary>
    public DateTimeOffset? ApprovedAt { get; init; }

    public static string IdOf(string taskId, string departmentId, string uscc) => $"{taskId}:{departmentId}:{uscc}";

    public static string StreamId(string resultId) => $"result:{resultId}";

    public static EntityResult When(EntityResult? state, object @event) => (state, @event) switch
    {
        (null, ResultDraftSaved e) => New(e.ResultId, e.TaskId, e.DepartmentId, e.Uscc, ResultStatus.Draft, e.Entry),
        (null, ResultSubmitted e) => New(e.ResultId, e.TaskId, e.DepartmentId, e.Uscc, ResultStatus.Submitted, e.Entry) with { SubmittedOn = ChinaDate.Of(e.At) },
        ({ } s, ResultDraftSaved e) => s with { Status = ResultStatus.Draft, Entry = e.Entry },
        ({ } s, ResultSubmitted e) => s with { Status = ResultStatus.Submitted, Entry = e.Entry, SubmittedOn = s.SubmittedOn ?? ChinaDate.Of(e.At) },
        ({ } s, ResultApproved e) => s with { Status = ResultStatus.Approved, ApprovedOn = ChinaDate.Of(e.At), ApprovedAt = e.At },
        ({ } s, ResultReturned e) => s with { Status = ResultStatus.Returned, ReturnComment = e.Comment },
        ({ } s, FollowUpRecorded e) => s with { FollowUps = [.. s.FollowUps, e.Action] },
        ({ } s, CorrectionRecorded e) => s with { CorrectedOn = e.CorrectedOn },
        ({ } s, FollowUpClosed e) => s with { FollowUpClosedOn = e.ClosedOn },
        ({ } s, AbnormalListingRecorded e) => s with { AbnormalListedOn = e.ListedOn, AbnormalListingDecisionNo = e.DecisionNo },
        ({ } s, AbnormalListingOverdue e) => s with { AbnormalListingOverdueOn = e.DueOn },
        // The deadlines follow the calendar; the event keeps the move on the record.
        ({ } s, ResultDeadlineMoved) => s,
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to result {state?.Id ?? "(new)"}"),
    };

    private static EntityResult New(string resultId, string taskId, string departmentId, string uscc, ResultStatus status, ResultEntry entry) =>
        new(StreamId(resultId), resultId, taskId, departmentId, uscc, status, entry, null, [], null, null);
}
