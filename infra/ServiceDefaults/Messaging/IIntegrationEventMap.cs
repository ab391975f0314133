using JasperFx.Events;
using Marten;

namespace Shuangsuiji.ServiceDefaults.Messaging;

/// <summary>
/// A service's translation of its domain events into contract messages. Domain events stay inside the
/// service; only what this returns crosses the bus. Null means the event is not published.
/// </summary>
public interface IIntegrationEventMap
{
    Task<object?> ToMessageAsync(IEvent e, IQuerySession session, CancellationToken ct);
}
