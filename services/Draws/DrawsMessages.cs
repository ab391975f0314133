using JasperFx.Events;
using Marten;
using Shuangsuiji.Contracts.Draws;
using Shuangsuiji.Draws.Drawing;
using Shuangsuiji.ServiceDefaults.Messaging;

namespace Shuangsuiji.Draws;

/// <summary>What the draw engine tells the others: the entities each executed draw gave its task.</summary>
public sealed class DrawsMessages : IIntegrationEventMap
{
    public async Task<object?> ToMessageAsync(IEvent e, IQuerySession session, CancellationToken ct)
    {
        if (e.Data is not DrawExecuted executed) return null;
        var draw = await session.LoadAsync<Draw>(e.StreamKey!, ct) ?? throw new InvalidOperationException($"draw {e.StreamKey} has events but no snapshot");
        return new TaskEntitiesDrawn(draw.DrawId, draw.TaskId, draw.Departments, draw.DrawOrder, draw.RedrawOf, executed.At);
    }
}
