using System.Security.Cryptography;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;

namespace Shuangsuiji.ServiceDefaults.Messaging;

/// <summary>
/// Publishes committed events to RabbitMQ. Run by Marten's async daemon, whose checkpoint moves only after a
/// whole page is published: delivery is at least once, never lost, and without a dual write. The message id
/// is the event id (for the further messages of one event, an id derived from it and the message's place), so
/// consumers recognise a redelivery. A page's streams are published side by side (each publish waits for the
/// broker's confirmation, so one at a time the relay falls behind a few hundred events a second); the
/// messages of one stream keep their order.
/// </summary>
public sealed class EventRelay(IBus bus, IIntegrationEventMap map) : SubscriptionBase
{
    public const string SubscriptionKey = "bus-relay";
    private const int StreamsAtOnce = 32;

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken ct)
    {
        // The messages are made one event at a time: the maps read the session, which is not thread-safe.
        var outgoing = new List<(IEvent Event, IReadOnlyList<object> Messages)>();
        foreach (var e in page.Events) outgoing.Add((e, await map.ToMessagesAsync(e, operations, ct)));
        await Parallel.ForEachAsync(outgoing.Where(o => o.Messages.Count > 0).GroupBy(o => o.Event.StreamKey ?? o.Event.StreamId.ToString()),
            new ParallelOptions { MaxDegreeOfParallelism = StreamsAtOnce, CancellationToken = ct }, async (stream, token) =>
            {
                foreach (var (e, messages) in stream) await PublishAsync(e, messages, token);
            });
        return NullChangeListener.Instance;
    }

    private async Task PublishAsync(IEvent e, IReadOnlyList<object> messages, CancellationToken ct)
    {
        foreach (var (message, index) in messages.Select((m, i) => (m, i)))
            await bus.Publish(message, message.GetType(), context =>
            {
                context.MessageId = MessageId(e.Id, index);
                if (Guid.TryParse(e.CorrelationId, out var correlation)) context.CorrelationId = correlation;
                context.Headers.Set(RelayHeaders.User, e.UserName);
                context.Headers.Set(RelayHeaders.Department, e.GetHeader(EventStore.EventHeaders.Department)?.ToString());
                context.Headers.Set(RelayHeaders.Role, e.GetHeader(EventStore.EventHeaders.Role)?.ToString());
                context.Headers.Set(RelayHeaders.CorrelationId, e.CorrelationId);
                context.Headers.Set(RelayHeaders.CausationId, e.CausationId);
                context.Headers.Set(RelayHeaders.Stream, e.StreamKey);
                context.Headers.Set(RelayHeaders.EventType, e.EventTypeName);
            }, ct);
    }

    private static Guid MessageId(Guid eventId, int index) =>
        index == 0 ? eventId : new Guid(MD5.HashData([.. eventId.ToByteArray(), .. BitConverter.GetBytes(index)]));
}
