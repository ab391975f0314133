using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Shuangsuiji.ServiceDefaults.Messaging;

/// <summary>
/// The alert for a parked message: one the host gave up on (its retries spent, or unreadable), which MassTransit moved to
/// its queue's _error queue. Each is logged as an error naming the queue and what to do, counted
/// (<c>shuangsuiji.bus.messages_parked</c>), and turns the host's health Degraded (still ready) until it restarts:
/// after a fix, <c>infra/dev.sh redrive QUEUE</c> moves the queue's parked messages back.
/// </summary>
public sealed class ParkedMessages(ILogger<ParkedMessages> log, IMeterFactory meters) : IReceiveObserver, IHealthCheck
{
    private readonly ConcurrentDictionary<string, int> parked = new();
    private readonly Counter<long> counted = meters.Create("Shuangsuiji.Bus").CreateCounter<long>("shuangsuiji.bus.messages_parked");

    /// <summary>How many messages this host parked in each queue's _error queue since it started.</summary>
    public IReadOnlyDictionary<string, int> ByQueue => parked;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class =>
        Park(context.ReceiveContext, exception);

    /// <summary>A message no consumer could read; or a consumer's fault again, already counted.</summary>
    public Task ReceiveFault(ReceiveContext context, Exception exception) => Park(context, exception);

    private Task Park(ReceiveContext context, Exception exception)
    {
        if (context.TryGetPayload<Counted>(out _)) return Task.CompletedTask;
        context.GetOrAddPayload(() => new Counted());
        var queue = context.InputAddress.AbsolutePath.Split('/')[^1];
        parked.AddOrUpdate(queue, 1, (_, n) => n + 1);
        counted.Add(1, new KeyValuePair<string, object?>("queue", queue));
        log.LogError(exception, "message {MessageId} parked in {Queue}_error after its retries; once the cause is fixed, " +
            "move the queue's parked messages back with `infra/dev.sh redrive {Queue}`", context.GetMessageId(), queue, queue);
        return Task.CompletedTask;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(parked.IsEmpty
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded("messages parked since start: " + string.Join(", ", parked.OrderBy(p => p.Key).Select(p => $"{p.Key}_error {p.Value}"))));

    private sealed class Counted;

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;
}
