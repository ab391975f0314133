using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Shuangsuiji.Kernel;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Results;

namespace Shuangsuiji.Tasks.OpenWork;

/// <summary>
/// Keeps <see cref="WorkTable"/> in the transaction of the events: a task's events set its row for each of its
/// departments, a result's events move its department's counts from what the result was to what it is now. Both states
/// are the stream's snapshot as stored before this transaction, folded forward with the new events.
/// </summary>
public sealed class OpenWorkProjection(WorkTable table, IReadOnlySet<Type> taskEvents, IReadOnlySet<Type> resultEvents) : IProjection
{
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        foreach (var stream in events.Where(e => taskEvents.Contains(e.EventType)).GroupBy(e => e.StreamKey!))
        {
            var task = Aggregate.Fold(await operations.LoadAsync<InspectionTask>(stream.Key, ct), stream.Select(e => e.Data));
            foreach (var department in task?.Departments ?? [])
                operations.QueueSqlCommand(table.UpsertTask, WorkTable.TaskValues(task!, department));
        }
        foreach (var stream in events.Where(e => resultEvents.Contains(e.EventType)).GroupBy(e => e.StreamKey!))
        {
            var before = await operations.LoadAsync<EntityResult>(stream.Key, ct);
            var after = Aggregate.Fold(before, stream.Select(e => e.Data))!;
            if (ResultShare.Of(before) is var was && ResultShare.Of(after) is { } now && was != now)
                operations.QueueSqlCommand(table.ShiftResult, WorkTable.ShiftValues(after.TaskId, after.DepartmentId, was, now));
        }
    }
}
