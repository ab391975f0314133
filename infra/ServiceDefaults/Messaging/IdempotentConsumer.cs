using Marten;
using MassTransit;

namespace Shuangsuiji.ServiceDefaults.Messaging;

/// <summary>
/// Base of every consumer: a message id already recorded is skipped, and the record of this one is written
/// in the same transaction as the handler's changes, so a redelivery changes nothing. Two copies racing
/// each other end in a unique-key violation for the second, which the retry then sees as processed.
/// </summary>
public abstract class IdempotentConsumer<TMessage>(IDocumentStore store, TimeProvider clock) : IConsumer<TMessage>
    where TMessage : class
{
    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var id = (context.MessageId ?? throw new InvalidOperationException("a message without MessageId cannot be deduplicated")).ToString();
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<ProcessedMessage>(id, context.CancellationToken) is not null) return;

        session.CorrelationId = context.Headers.Get<string>(RelayHeaders.CorrelationId);
        session.CausationId = $"message:{id}";
        await Handle(context.Message, session, context);
        session.Insert(new ProcessedMessage(id, typeof(TMessage).Name, clock.GetUtcNow()));
        await session.SaveChangesAsync(context.CancellationToken);
    }

    protected abstract Task Handle(TMessage message, IDocumentSession session, ConsumeContext<TMessage> context);
}
