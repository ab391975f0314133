using JasperFx.Events;
using Marten;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.ServiceDefaults.Messaging;
using Shuangsuiji.Tasks.Results;

namespace Shuangsuiji.Tasks;

/// <summary>
/// What the tasks service tells the others: which entities are in an open task, and which were inspected for
/// which item, and when.
/// </summary>
public sealed class TasksMessages : IIntegrationEventMap
{
    /// <summary>
    /// An approved result is final, so its entity counts as inspected from then on (the draw engine's 12-month
    /// exclusion): one message per item checked, dated the last check date, with the inspectors who checked (the
    /// draw engine keeps them from inspecting the entity again next time).
    /// </summary>
    public async Task<IReadOnlyList<object>> ToMessagesAsync(IEvent e, IQuerySession session, CancellationToken ct)
    {
        // From its draw until it is closed, a task's entities are not drawn into another task (SPEC.md §3).
        if (e.Data is InspectionTasks.EntitiesDrawn drawn) return [new TaskEntitiesChanged(drawn.TaskId, drawn.Entities, true, drawn.At)];
        if (e.Data is InspectionTasks.TaskClosed closed) return [new TaskEntitiesChanged(closed.TaskId, [], false, closed.At)];
        // Once a result is entered its inspectors are the ones who inspected: no replacement after that.
        if (e.Data is ResultSubmitted submitted) return [new ResultEntered(submitted.TaskId, submitted.DepartmentId, submitted.Uscc, submitted.At)];
        if (e.Data is not ResultApproved approved) return [];
        var result = await session.LoadAsync<EntityResult>(EntityResult.StreamId(approved.ResultId), ct)
            ?? throw new InvalidOperationException($"result {approved.ResultId} has events but no snapshot");
        var inspectedOn = result.Entry.CheckEndedOn!.Value;
        return [.. result.Entry.Items.Where(i => i.Checked)
            .Select(i => new EntityInspected(result.Uscc, i.ItemId, inspectedOn, result.TaskId, result.Entry.InspectorIds))];
    }
}
