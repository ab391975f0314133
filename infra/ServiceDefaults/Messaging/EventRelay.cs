using System.Diagnostics;
using System.Security.Cryptography;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Shuangsuiji.ServiceDefaults.Telemetry;

namespace Shuangsuiji.ServiceDefaults.Messaging;

/// <summary>
/// Publishes committed events to RabbitMQ. Run by Marten's async daemon, whose checkpoint moves only after a
/// whole page is published: delivery is at least once, never lost, and without a dual write. The message id
/// is the event id (for the further messages of one event, an id derived from it and the message's place), so
/// consumers recognise a redelivery. Each publish waits for the broker's confirmation, so they go side by side:
/// only the messages of one kind from one stream (a result's progress, version after version) go one after the
/// other, in the stream's order. An approval's messages are of three kinds for three services: published a stream
/// at a time, they left the relay 6–8 s behind 200 approvals a second (bench disclosure).
/// </summary>
public sealed class EventRelay(IBus bus, IIntegrationEventMap map) : SubscriptionBase
{
    public const string SubscriptionKey = "bus-relay";
    private const int PublishesAtOnce = 256;

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken ct)
    {
        await PublishAsync(bus, map, page.Events, operations, ct);
        return NullChangeListener.Instance;
    }

    /// <summary>Publishes the messages of a page of events, as the relay does (also used to publish them again: <see cref="EventRepublisher"/>).</summary>
    public static async Task<int> PublishAsync(IBus bus, IIntegrationEventMap map, IReadOnlyList<IEvent> events, IQuerySession session, CancellationToken ct)
    {
        var messages = await map.ToMessagesAsync(events, session, ct);
        var outgoing = events.SelectMany((e, i) => messages[i].Select((message, index) => (Event: e, Message: message, Index: index))).ToList();
        await Parallel.ForEachAsync(outgoing.GroupBy(o => (o.Event.StreamKey ?? o.Event.StreamId.ToString(), o.Message.GetType())),
            new ParallelOptions { MaxDegreeOfParallelism = PublishesAtOnce, CancellationToken = ct }, async (inOrder, token) =>
            {
                foreach (var (e, message, index) in inOrder) await PublishAsync(bus, e, message, index, token);
            });
        return outgoing.Count;
    }

    private static async Task PublishAsync(IBus bus, IEvent e, object message, int index, CancellationToken ct)
    {
        // In the trace of the command that stored the event (the daemon has none of its own): the bus carries it on.
        using var span = e.GetHeader(EventStore.EventHeaders.TraceParent) is string parent && ActivityContext.TryParse(parent, null, out var cause)
            ? PlatformMetrics.Activities.StartActivity($"relay {e.EventTypeName}", ActivityKind.Producer, cause)
            : null;
        span?.SetTag("shuangsuiji.stream", e.StreamKey);
        await bus.Publish(message, message.GetType(), context =>
        {
            context.MessageId = MessageId(e.Id, index);
            Attribute(context, e);
        }, ct);
    }

    /// <summary>The headers of a message made of <paramref name="e"/>: who caused it, and where it came from.</summary>
    public static void Attribute(SendContext context, IEvent e)
    {
        if (Guid.TryParse(e.CorrelationId, out var correlation)) context.CorrelationId = correlation;
        context.Headers.Set(RelayHeaders.User, e.UserName);
        context.Headers.Set(RelayHeaders.Department, e.GetHeader(EventStore.EventHeaders.Department)?.ToString());
        context.Headers.Set(RelayHeaders.Role, e.GetHeader(EventStore.EventHeaders.Role)?.ToString());
        context.Headers.Set(RelayHeaders.Region, e.GetHeader(EventStore.EventHeaders.Region)?.ToString());
        context.Headers.Set(RelayHeaders.CorrelationId, e.CorrelationId);
        context.Headers.Set(RelayHeaders.CausationId, e.CausationId);
        context.Headers.Set(RelayHeaders.Stream, e.StreamKey);
        context.Headers.Set(RelayHeaders.EventType, e.EventTypeName);
    }

    private static Guid MessageId(Guid eventId, int index) =>
        index == 0 ? eventId : new Guid(MD5.HashData([.. eventId.ToByteArray(), .. BitConverter.GetBytes(index)]));
}
