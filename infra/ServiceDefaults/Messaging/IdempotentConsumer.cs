using Marten;
using MassTransit;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.Kernel;

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
        await Committed(context.Message, context.CancellationToken);
    }

    protected abstract Task Handle(TMessage message, IDocumentSession session, ConsumeContext<TMessage> context);

    /// <summary>After the handler's changes are committed (not for a redelivery): for what only committed state may be told.</summary>
    protected virtual Task Committed(TMessage message, CancellationToken ct) => Task.CompletedTask;

    protected TimeProvider Clock => clock;

    /// <summary>
    /// For a handler that decides a command on a message: the command is the caller's who caused the relayed
    /// event (from the relay's headers; the system when absent), at <paramref name="at"/>, and the session's events
    /// are attributed to it.
    /// </summary>
    protected static CommandContext CommandOf(IDocumentSession session, ConsumeContext context, DateTimeOffset at)
    {
        var caller = new Caller(context.Headers.Get<string>(RelayHeaders.User) ?? "system", context.Headers.Get<string>(RelayHeaders.Department) ?? "",
            context.Headers.Get<string>(RelayHeaders.Role) ?? Roles.System) { Region = context.Headers.Get<string>(RelayHeaders.Region) ?? "" };
        var command = new CommandContext(caller, session.CorrelationId ?? "", session.CausationId ?? "", at);
        session.AttributeTo(command);
        return command;
    }
}
