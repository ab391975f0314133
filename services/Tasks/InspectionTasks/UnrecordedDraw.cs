using Shuangsuiji.Kernel;

namespace Shuangsuiji.Tasks.InspectionTasks;

/// <summary>An executed draw its task (or return visit) refused, with why: stored, in the audit trail and sent to the office.</summary>
public sealed record DrawNotRecordedOnTask(string DrawId, string TaskId, string DepartmentId, string Reason, Caller By, DateTimeOffset At);

/// <summary>An executed draw the tasks service could not record (stream "unrecorded-draw:{drawId}").</summary>
public sealed record UnrecordedDraw(string Id, string DrawId, string TaskId, string Reason) : IAggregate<UnrecordedDraw>
{
    public long Version { get; set; }

    public static string StreamId(string drawId) => $"unrecorded-draw:{drawId}";

    public static UnrecordedDraw When(UnrecordedDraw? state, object @event) => @event switch
    {
        DrawNotRecordedOnTask e => new UnrecordedDraw(StreamId(e.DrawId), e.DrawId, e.TaskId, e.Reason),
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to {state?.Id ?? "an unrecorded draw"}"),
    };
}
