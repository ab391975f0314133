using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Shuangsuiji.Draws.Drawing;

namespace Shuangsuiji.Draws.Candidates;

/// <summary>
/// An executed task's draw puts its entities in the task, in the transaction that executes it: from then on they are not
/// drawn into another task (unless it merges this one), until the tasks service says the task closed. A re-draw adds its
/// entities (an entity keeps one interval per task, so those of the draw it replaced stay until the task closes). A return
/// visit's draw puts no entity in a task.
/// </summary>
public sealed class OpenTaskEntities(CandidateTable table) : IProjection
{
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        foreach (var e in events)
        {
            if (e.Data is not DrawExecuted executed) continue;
            var draw = await operations.LoadAsync<DrawSummary>(Draw.StreamId(executed.DrawId), ct)
                ?? throw new InvalidOperationException($"draw {executed.DrawId} is executed but has no summary");
            if (draw.SampledTasks is { Count: > 0 }) continue;
            var drawn = System.Text.Json.JsonSerializer.Serialize(executed.DrawOrder());
            operations.QueueSqlCommand(table.ApplyInTurn);
            operations.QueueSqlCommand(table.OpenTask, draw.TaskId, drawn);
        }
    }
}
