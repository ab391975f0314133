using System.Net.Sockets;
using Grpc.Core;
using MassTransit;
using Npgsql;

namespace Shuangsuiji.ServiceDefaults.Messaging;

/// <summary>
/// How a consumer's failure is retried. A failure is retried at once a few times (a race with another copy of the
/// message, a conflict); a transient one — PostgreSQL or another service unreachable, restarting or timing out — instead
/// for about five minutes in growing steps, so a database restart or a failover leaves nothing in an error queue.
/// Whatever still fails is a poison message, parked in its queue's _error queue (<see cref="ParkedMessages"/>).
/// </summary>
/// <remarks>
/// The wait is a retry in the consumer, not a redelivery through the broker: RabbitMQ delays a message only with its
/// delayed-message-exchange plugin, which neither Debian's RabbitMQ nor the official image carries and which does not
/// replicate in a cluster. A waiting message stays unacknowledged on its host, so a host that dies hands it back to the
/// queue; the endpoint's prefetch bounds how many wait at once.
/// </remarks>
public static class Redelivery
{
    public static readonly int[] ImmediateMilliseconds = [100, 500, 1_000];

    public static readonly int[] TransientSeconds = [1, 2, 5, 10, 20, 30, 60, 60, 60, 60];

    /// <summary>
    /// One retry policy for both: MassTransit's retry filters do not nest (an outer one gives up as soon as an inner one
    /// has), so the first failure's kind picks the schedule the message follows.
    /// </summary>
    public static IRetryPolicy Policy(IExceptionFilter filter) => new ByFault(Retry.Intervals(filter, ImmediateMilliseconds),
        Retry.Intervals(filter, [.. TransientSeconds.Select(s => TimeSpan.FromSeconds(s))]));

    /// <summary>Whether a failure may pass by itself: the exception or one it wraps says so.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        NpgsqlException npgsql when npgsql.IsTransient => true,
        SocketException or TimeoutException => true,
        RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded,
        HttpRequestException { StatusCode: null or >= System.Net.HttpStatusCode.InternalServerError } => true,
        AggregateException all => all.InnerExceptions.Any(IsTransient),
        _ => e.InnerException is { } inner && IsTransient(inner),
    };

    private sealed class ByFault(IRetryPolicy immediate, IRetryPolicy transient) : IRetryPolicy
    {
        public void Probe(ProbeContext context)
        {
            immediate.Probe(context);
            transient.Probe(context);
        }

        public RetryPolicyContext<T> CreatePolicyContext<T>(T context) where T : class, PipeContext =>
            new Chosen<T>(immediate.CreatePolicyContext(context), transient.CreatePolicyContext(context));

        public bool IsHandled(Exception exception) => immediate.IsHandled(exception);
    }

    private sealed class Chosen<T>(RetryPolicyContext<T> immediate, RetryPolicyContext<T> transient) : RetryPolicyContext<T> where T : class
    {
        public T Context => immediate.Context;

        public bool CanRetry(Exception exception, out RetryContext<T> retryContext) =>
            (IsTransient(exception) ? transient : immediate).CanRetry(exception, out retryContext);

        public Task RetryFaulted(Exception exception) => (IsTransient(exception) ? transient : immediate).RetryFaulted(exception);

        public void Cancel()
        {
            immediate.Cancel();
            transient.Cancel();
        }

        public void Dispose()
        {
            immediate.Dispose();
            transient.Dispose();
        }
    }
}
