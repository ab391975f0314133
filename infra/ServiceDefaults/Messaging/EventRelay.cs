using System.Security.Cryptography;
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
/// consumers recognise a redelivery.
/// </summary>
public sealed class EventRelay(IBus bus, IIntegrationEventMap map) : SubscriptionBase
{
    public const string SubscriptionKey = "bus-relay";

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken ct)
    {
        foreach (var e in page.Events)
        {
            var messages = await map.ToMessagesAsync(e, operations, ct);
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
        return NullChangeListener.Instance;
    }

    private static Guid MessageId(Guid eventId, int index) =>
        index == 0 ? eventId : new Guid(MD5.HashData([.. eventId.ToByteArray(), .. BitConverter.GetBytes(index)]));
}
