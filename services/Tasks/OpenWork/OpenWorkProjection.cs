using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Shuangsuiji.Kernel;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Results;

namespace Shuangsuiji.Tasks.OpenWork;

/// <summary>
/// Keeps <see cref="WorkTable"/> in the transaction of the events: a task's events set its row for each of its
/// departments, a result's events move its department's counts from what the result was to what it is now. What a stream
/// was is its snapshot as committed, read in a session of its own (the command's session already holds the new state);
/// a command appends at the version it read, so nothing else has committed to the stream in between.
/// </summary>
public sealed class OpenWorkProjection(WorkTable table, IReadOnlySet<Type> taskEvents, IReadOnlySet<Type> resultEvents) : IProjection
{
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var tasks = events.Where(e => taskEvents.Contains(e.EventType)).GroupBy(e => e.StreamKey!).ToList();
        var results = events.Where(e => resultEvents.Contains(e.EventType)).GroupBy(e => e.StreamKey!).ToList();
        if (tasks.Count == 0 && results.Count == 0) return;
        await using var committed = operations.DocumentStore.QuerySession();
        var tasksBefore = (await committed.LoadManyAsync<InspectionTask>(ct, tasks.Select(s => s.Key))).ToDictionary(t => t.Id);
        foreach (var stream in tasks)
        {
            var task = Aggregate.Fold(tasksBefore.GetValueOrDefault(stream.Key), stream.Select(e => e.Data))!;
            foreach (var department in task.Departments)
                operations.QueueSqlCommand(table.UpsertTask, WorkTable.TaskValues(task, department));
        }
        var resultsBefore = (await committed.LoadManyAsync<EntityResult>(ct, results.Select(s => s.Key))).ToDictionary(r => r.Id);
        foreach (var stream in results)
        {
            var before = resultsBefore.GetValueOrDefault(stream.Key);
            var after = Aggregate.Fold(before, stream.Select(e => e.Data))!;
            if (ResultShare.Of(before) is var was && ResultShare.Of(after) is { } now && was != now)
                operations.QueueSqlCommand(table.ShiftResult, WorkTable.ShiftValues(after.TaskId, after.DepartmentId, was, now));
        }
    }
}
