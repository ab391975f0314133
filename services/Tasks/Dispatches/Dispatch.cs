using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Plans;
using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Tasks.Dispatches;

/// <summary>
/// A task dispatched down the system (派发): the sender's items (by their codes, each receiver checks its own item of the
/// same code), scope, quotas, check period and notice, to the lower departments of the same system that will carry it
/// (receivers). Plan is set when it carries out a planned task of the sender's published plan, whose period ends on DueOn.
/// </summary>
public sealed record DispatchSent(
    string DispatchId, string DepartmentId, string Name, IReadOnlyList<string> Items, PlanScope Scope, IReadOnlyList<RiskQuota> Quotas,
    DateOnly CheckFrom, DateOnly CheckTo, string Notice, PlanRef? Plan, IReadOnlyList<string> Receivers, Caller By, DateTimeOffset At);

/// <summary>A receiver took the dispatch on (接收) as its own task.</summary>
public sealed record DispatchReceived(string DispatchId, string DepartmentId, string TaskId, Caller By, DateTimeOffset At);

/// <summary>A receiver and, once it has received the dispatch, its own task.</summary>
public sealed record DispatchReceiver(string DepartmentId, string? TaskId, DateOnly? ReceivedOn);

/// <summary>
/// A dispatch (派发; stream "dispatch:{id}"): sent once by staff of the sending department, then received by each lower
/// department, which carries its own task (scope narrowed to its region) through the usual workflow.
/// </summary>
public sealed record Dispatch(
    string Id, string DispatchId, string DepartmentId, string Name, IReadOnlyList<string> Items, PlanScope Scope, IReadOnlyList<RiskQuota> Quotas,
    DateOnly CheckFrom, DateOnly CheckTo, string Notice, PlanRef? Plan, IReadOnlyList<DispatchReceiver> Receivers, DateOnly SentOn)
    : IAggregate<Dispatch>
{
    public long Version { get; set; }

    public static string StreamId(string dispatchId) => $"dispatch:{dispatchId}";

    /// <summary>The departments it was sent to, for the query of a department's received dispatches.</summary>
    public IReadOnlyList<string> ReceiverIds => [.. Receivers.Select(r => r.DepartmentId)];

    public DispatchReceiver? Receiver(string departmentId) => Receivers.FirstOrDefault(r => r.DepartmentId == departmentId);

    public static Dispatch When(Dispatch? state, object @event) => (state, @event) switch
    {
        (null, DispatchSent e) => new Dispatch(StreamId(e.DispatchId), e.DispatchId, e.DepartmentId, e.Name, e.Items, e.Scope, e.Quotas,
            e.CheckFrom, e.CheckTo, e.Notice, e.Plan, [.. e.Receivers.Select(r => new DispatchReceiver(r, null, null))], ChinaDate.Of(e.At)),
        ({ } s, DispatchReceived e) => s with
        {
            Receivers = [.. s.Receivers.Select(r => r.DepartmentId == e.DepartmentId ? r with { TaskId = e.TaskId, ReceivedOn = ChinaDate.Of(e.At) } : r)],
        },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to dispatch {state?.Id ?? "(new)"}"),
    };
}
