using Marten;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Disclosure.Tasks;

/// <summary>
/// A task's announcement (抽查任务公示; stream "task:{id}"): as last announced, with every draw of the task in the
/// order announced (a re-draw announces the task again).
/// </summary>
public sealed record PublicTask(
    string Id, string TaskId, string Name, IReadOnlyList<PublicTaskDepartment> Departments, PublicScope Scope, int EntityCount,
    DateOnly CheckFrom, DateOnly CheckTo, DateOnly? ResultsDueOn, string DrawId, string? PlanId, string? PlanTaskCode, DateTimeOffset AnnouncedAt,
    IReadOnlyList<string> DrawIds) : IAggregate<PublicTask>
{
    public long Version { get; set; }

    /// <summary>The due date was counted Monday to Friday through a year whose holiday notice is not recorded yet (暂按工作日计算).</summary>
    public bool ResultsDueOnProvisional { get; init; }

    public static string StreamId(string taskId) => $"task:{taskId}";

    public static PublicTask When(PublicTask? state, object @event) => (state, @event) switch
    {
        (_, TaskAnnounced e) when state is null || e.At >= state.AnnouncedAt => new PublicTask(StreamId(e.TaskId), e.TaskId, e.Name, e.Departments,
            e.Scope, e.EntityCount, e.CheckFrom, e.CheckTo, e.ResultsDueOn, e.DrawId, e.PlanId, e.PlanTaskCode, e.At,
            [.. state?.DrawIds.Where(d => d != e.DrawId) ?? [], e.DrawId]) { ResultsDueOnProvisional = e.ResultsDueOnProvisional },
        // An announcement older than the one held (messages may arrive out of order) only adds its draw to the history.
        ({ } s, TaskAnnounced e) => s with { DrawIds = s.DrawIds.Contains(e.DrawId) ? s.DrawIds : [e.DrawId, .. s.DrawIds] },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to task {state?.Id ?? "(new)"}"),
    };
}

public sealed class TaskAnnouncedConsumer(IDocumentStore store, TimeProvider clock) : PublicFactConsumer<TaskAnnounced, PublicTask>(store, clock)
{
    protected override string StreamOf(TaskAnnounced fact) => PublicTask.StreamId(fact.TaskId);
}
