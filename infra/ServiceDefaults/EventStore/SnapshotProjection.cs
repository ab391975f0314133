using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.ServiceDefaults.EventStore;

/// <summary>
/// Keeps each stream's current state as a document, updated in the same transaction as the append. A stream
/// may also carry events of other concerns (an import job's data batches): the snapshot passes over them.
/// </summary>
public sealed class SnapshotProjection<TState>(IReadOnlySet<Type> events) : SingleStreamProjection<TState, string>
    where TState : class, IAggregate<TState>
{
    public override TState? Evolve(TState? snapshot, string id, IEvent e)
    {
        if (!events.Contains(e.EventType)) return snapshot;
        var next = TState.When(snapshot, e.Data);
        next.Version = e.Version;
        return next;
    }
}

public static class AggregateRegistration
{
    /// <summary>
    /// Registers an aggregate: the stored name of each of its events (part of the event log: never rename one,
    /// add a new one) and its inline snapshot, which sees only these events.
    /// </summary>
    public static void AddAggregate<TState>(this StoreOptions options, params (Type Event, string StoredName)[] events)
        where TState : class, IAggregate<TState> =>
        options.AddAggregate<TState>(ProjectionLifecycle.Inline, events);

    /// <summary>
    /// The same with the snapshot kept as <paramref name="lifecycle"/> says: <see cref="ProjectionLifecycle.Live"/> stores
    /// none and folds the stream when read, for a state whose events are large (stored once, not again as a document).
    /// </summary>
    public static void AddAggregate<TState>(this StoreOptions options, ProjectionLifecycle lifecycle, params (Type Event, string StoredName)[] events)
        where TState : class, IAggregate<TState>
    {
        foreach (var (type, storedName) in events) options.Events.MapEventType(type, storedName);
        options.AddSnapshot<TState>(lifecycle, [.. events.Select(e => e.Event)]);
    }

    /// <summary>A further state folded from event types already mapped (e.g. a small summary of a large aggregate).</summary>
    public static void AddSnapshot<TState>(this StoreOptions options, ProjectionLifecycle lifecycle, params Type[] events)
        where TState : class, IAggregate<TState>
    {
        var snapshot = new SnapshotProjection<TState>(events.ToHashSet());
        foreach (var type in events) snapshot.IncludeType(type);
        options.Projections.Add(snapshot, lifecycle);
    }
}
