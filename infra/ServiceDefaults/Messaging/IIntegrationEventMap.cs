using JasperFx.Events;
using Marten;

namespace Shuangsuiji.ServiceDefaults.Messaging;

/// <summary>
/// A service's translation of its domain events into contract messages. Domain events stay inside the
/// service; only what this returns crosses the bus.
/// </summary>
public interface IIntegrationEventMap
{
    /// <summary>The one message an event becomes; null when it is not published.</summary>
    Task<object?> ToMessageAsync(IEvent e, IQuerySession session, CancellationToken ct) => Task.FromResult<object?>(null);

    /// <summary>
    /// Every message of one event. A map implements this instead of <see cref="ToMessageAsync"/> when one event
    /// stands for several facts (an approved result: one inspection per item checked).
    /// </summary>
    async Task<IReadOnlyList<object>> ToMessagesAsync(IEvent e, IQuerySession session, CancellationToken ct) =>
        await ToMessageAsync(e, session, ct) is { } message ? [message] : [];
}
