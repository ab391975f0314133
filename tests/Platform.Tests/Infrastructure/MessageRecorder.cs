using System.Collections.Concurrent;
using MassTransit;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>Records every message a host's consumers finished with (handled, skipped as a duplicate, or faulted).</summary>
public sealed class MessageRecorder : IConsumeObserver
{
    public sealed record Consumed(Guid? MessageId, Type MessageType, IReadOnlyDictionary<string, object> Headers, bool Faulted, object Message,
        Exception? Error = null);

    private readonly ConcurrentQueue<Consumed> consumed = new();

    public IReadOnlyList<Consumed> All => [.. consumed];

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Record(context, null);

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Record(context, exception);

    private Task Record<T>(ConsumeContext<T> context, Exception? error) where T : class
    {
        consumed.Enqueue(new Consumed(context.MessageId, typeof(T),
            context.Headers.GetAll().ToDictionary(h => h.Key, h => h.Value), error is not null, context.Message, error));
        return Task.CompletedTask;
    }
}
