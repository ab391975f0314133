using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Shuangsuiji.ServiceDefaults.Messaging;

/// <summary>
/// Message types a service's queue no longer takes. MassTransit binds a queue to the exchanges of the types its
/// consumers take but never removes a binding: on a broker that ran an older version, every message of a retired type
/// would still reach the queue and be moved, unconsumed, to its <c>_skipped</c> queue for ever. At start each retired
/// binding is removed, with the skipped queue it filled (it holds nothing else: only messages no consumer takes).
/// Nothing to do on a new broker.
/// </summary>
public sealed class RetiredSubscriptions(IConfiguration config, IEnumerable<RetiredSubscription> retired, ILogger<RetiredSubscriptions> log)
    : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var subscriptions = retired.ToList();
        if (subscriptions.Count == 0) return;
        var factory = new ConnectionFactory
        {
            Uri = new Uri(config.GetConnectionString("RabbitMq") ?? throw new InvalidOperationException("ConnectionStrings:RabbitMq is not configured")),
        };
        await using var connection = await factory.CreateConnectionAsync(ct);
        foreach (var (queue, message) in subscriptions)
        {
            // A channel each: the broker closes a channel on any error, such as an exchange that was never made.
            var exchange = $"{message.Namespace}:{message.Name}";
            try
            {
                await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
                await channel.ExchangeUnbindAsync(destination: queue, source: exchange, routingKey: "", cancellationToken: ct);
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
            {
                continue; // one of the two exchanges does not exist: never bound
            }
            try
            {
                await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
                var skipped = await channel.QueueDeleteAsync($"{queue}_skipped", ifUnused: false, ifEmpty: false, cancellationToken: ct);
                if (skipped > 0)
                    log.LogInformation("queue {Queue} no longer takes {Exchange}: {Skipped} skipped messages deleted", queue, exchange, skipped);
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
            {
                // no skipped queue
            }
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <param name="Queue">the queue (and its exchange) of the consumer that took the message</param>
public sealed record RetiredSubscription(string Queue, Type Message);

public static class RetiredSubscriptionExtensions
{
    public static IServiceCollection AddRetiredSubscription(this IServiceCollection services, string queue, Type message)
    {
        services.AddSingleton(new RetiredSubscription(queue, message));
        services.AddHostedService<RetiredSubscriptions>();
        return services;
    }
}
