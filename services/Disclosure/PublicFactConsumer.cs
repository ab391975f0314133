using Marten;
using MassTransit;
using Shuangsuiji.ServiceDefaults.Messaging;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Disclosure;

/// <summary>
/// Records a public fact from another service in disclosure's own event log, on the stream of the public record
/// (<typeparamref name="TRecord"/>) it belongs to, attributed to the caller whose step made it public (so a department
/// finds its own public records in disclosure's audit trail). The records are the streams' snapshots, so replaying the log
/// rebuilds every one of them. Facts of one record may be consumed side by side: the append expects the version
/// it read, and the loser of a race is retried over the winner's snapshot instead of overwriting it.
/// </summary>
public abstract class PublicFactConsumer<TFact, TRecord>(IDocumentStore store, TimeProvider clock) : IdempotentConsumer<TFact>(store, clock)
    where TFact : class
    where TRecord : class, IAggregate<TRecord>
{
    protected abstract string StreamOf(TFact fact);

    /// <summary>What of the message is logged: all of it, unless it carries more than the public may see.</summary>
    protected virtual object Public(TFact message) => message;

    protected override async Task Handle(TFact fact, IDocumentSession session, ConsumeContext<TFact> context)
    {
        CommandOf(session, context, Clock.GetUtcNow());
        var stream = await session.Events.FetchForWriting<TRecord>(StreamOf(fact), context.CancellationToken);
        stream.AppendOne(Public(fact));
    }
}
