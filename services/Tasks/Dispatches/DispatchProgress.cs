using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Results;

namespace Shuangsuiji.Tasks.Dispatches;

/// <summary>Where a receiver stands: not yet received, then its task's way from draft to closed.</summary>
public enum ReceiverState { Sent, Received, Drawn, Checking, Published, Closed }

/// <summary>Whether the dispatch will be done by its due date: every receiver's task closed.</summary>
public enum DispatchTimeliness { OnTrack, AtRisk, Overdue, Done }

/// <summary>A receiver's figures: entities drawn, those with a result entered (submitted or approved), and those found with a problem.</summary>
public sealed record ReceiverProgress(string DepartmentId, string? TaskId, ReceiverState State, InspectionTaskStatus? TaskStatus,
    int Entities, int Entered, int Problems);

public sealed record DispatchFigures(int Receivers, int Received, int Closed, int Entities, int Entered, int Problems);

/// <summary>How a dispatch stands, for its sender: each receiver's task and the combined figures.</summary>
public static class DispatchProgress
{
    /// <summary>Within this many days of the due date with a receiver's task still open, the dispatch is at risk.</summary>
    public const int AtRiskDays = 15;

    public static ReceiverProgress Of(DispatchReceiver receiver, InspectionTask? task, IEnumerable<EntityResult> results)
    {
        if (receiver.TaskId is null || task is null) return new(receiver.DepartmentId, receiver.TaskId, ReceiverState.Sent, null, 0, 0, 0);
        var entered = results.Where(r => r.TaskId == task.TaskId && r.DepartmentId == receiver.DepartmentId
            && r.Status is ResultStatus.Submitted or ResultStatus.Approved && task.Entities.Contains(r.Uscc)).ToList();
        var state = task.Status switch
        {
            InspectionTaskStatus.Closed => ReceiverState.Closed,
            InspectionTaskStatus.Published or InspectionTaskStatus.FollowUp => ReceiverState.Published,
            >= InspectionTaskStatus.Checking => ReceiverState.Checking,
            >= InspectionTaskStatus.Drawn => ReceiverState.Drawn,
            _ => ReceiverState.Received,
        };
        return new(receiver.DepartmentId, task.TaskId, state, task.Status, task.Entities.Count, entered.Count, entered.Count(r => r.Entry.FindsProblem));
    }

    public static DispatchFigures Combined(IReadOnlyCollection<ReceiverProgress> receivers) =>
        new(receivers.Count, receivers.Count(r => r.State > ReceiverState.Sent), receivers.Count(r => r.State == ReceiverState.Closed),
            receivers.Sum(r => r.Entities), receivers.Sum(r => r.Entered), receivers.Sum(r => r.Problems));

    /// <summary>Against the dispatch's due date (the end of its check period, for a planned task the plan's).</summary>
    public static DispatchTimeliness Timeliness(DateOnly due, DispatchFigures figures, DateOnly today) =>
        figures.Receivers > 0 && figures.Closed == figures.Receivers ? DispatchTimeliness.Done
        : today > due ? DispatchTimeliness.Overdue
        : today >= due.AddDays(-AtRiskDays) ? DispatchTimeliness.AtRisk
        : DispatchTimeliness.OnTrack;
}
