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

    /// <summary>
    /// The messages of each event of a page the relay publishes, in the page's order. A map whose messages read the
    /// store for most events implements this to read once for the whole page: one event at a time, a page of 500
    /// is 500 round trips in a row, and the relay falls behind a busy store.
    /// </summary>
    async Task<IReadOnlyList<IReadOnlyList<object>>> ToMessagesAsync(IReadOnlyList<IEvent> page, IQuerySession session, CancellationToken ct)
    {
        // One event at a time: the maps read the session, which is not thread-safe.
        var messages = new List<IReadOnlyList<object>>(page.Count);
        foreach (var e in page) messages.Add(await ToMessagesAsync(e, session, ct));
        return messages;
    }
}
