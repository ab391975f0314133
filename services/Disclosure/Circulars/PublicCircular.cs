using Marten;
using Shuangsuiji.Contracts.Supervision;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Disclosure.Circulars;

/// <summary>
/// A circular (通报) of a special inspection as published (stream "circular:{id}"). It never changes: a second message of
/// the same circular (a redelivery) leaves the first as it was.
/// </summary>
public sealed record PublicCircular(string Id, string CircularId, string? Corrects, DateOnly PublishedOn, CircularPublished Published) : IAggregate<PublicCircular>
{
    public long Version { get; set; }

    public static string StreamId(string circularId) => $"circular:{circularId}";

    public static PublicCircular When(PublicCircular? state, object @event) => (state, @event) switch
    {
        (null, CircularPublished e) => new PublicCircular(StreamId(e.CircularId), e.CircularId, e.Corrects, e.PublishedOn, e),
        ({ } s, CircularPublished) => s,
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to circular {state?.Id ?? "(new)"}"),
    };
}

public sealed class CircularPublishedConsumer(IDocumentStore store, TimeProvider clock) : PublicFactConsumer<CircularPublished, PublicCircular>(store, clock)
{
    protected override string StreamOf(CircularPublished fact) => PublicCircular.StreamId(fact.CircularId);
}
