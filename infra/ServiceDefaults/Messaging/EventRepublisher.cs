using JasperFx.Events;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Shuangsuiji.ServiceDefaults.Messaging;

/// <summary>
/// Publishes again the messages of the events a service stored since a moment, under the ids and headers the relay gave
/// them: when another service's database is restored from a backup, what that service had consumed after the backup was
/// taken comes to it again (docs/operations.md, Restore). A consumer that still has a message skips it by its id; the
/// copies services keep are versioned, so an older message never replaces a newer one. The relay's own progress is not
/// touched. Run as `HOST republish --since TIME` (infra/dev.sh republish, a Kubernetes Job).
/// </summary>
public sealed class EventRepublisher(IDocumentStore store, IBus bus, IIntegrationEventMap map, ILogger<EventRepublisher> log)
{
    private const int PageSize = 500;

    /// <summary>Publishes the messages of every event stored at or after <paramref name="since"/>, in their order; says how many.</summary>
    public async Task<(long Events, long Messages)> RepublishAsync(DateTimeOffset since, CancellationToken ct)
    {
        long events = 0, messages = 0, after = 0;
        while (true)
        {
            await using var session = store.QuerySession();
            var page = await session.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > after && e.Timestamp >= since).OrderBy(e => e.Sequence).Take(PageSize).ToListAsync(ct);
            if (page.Count == 0) break;
            messages += await EventRelay.PublishAsync(bus, map, page, session, ct);
            events += page.Count;
            after = page[^1].Sequence;
        }
        log.LogInformation("republished {Messages} messages of {Events} events stored since {Since}", messages, events, since);
        return (events, messages);
    }

    /// <summary>
    /// The host's maintenance command, run instead of the service: `republish --since 2026-12-08T09:30:00Z`. It starts the
    /// host's bus alone (no server, no daemon), publishes, and stops; the running hosts go on beside it.
    /// </summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var at = Array.IndexOf(args, "--since");
        if (at < 0 || at + 1 >= args.Length || !DateTimeOffset.TryParse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var since))
        {
            Console.Error.WriteLine("usage: HOST republish --since TIME (ISO 8601, e.g. 2026-12-08T09:30:00Z)");
            return 2;
        }
        var bus = services.GetRequiredService<IBusControl>();
        await bus.StartAsync(TimeSpan.FromSeconds(60));
        try
        {
            var (events, messages) = await services.GetRequiredService<EventRepublisher>().RepublishAsync(since, CancellationToken.None);
            Console.WriteLine($"republished {messages} messages of {events} events stored since {since:O}");
            return 0;
        }
        finally
        {
            await bus.StopAsync(TimeSpan.FromSeconds(30));
        }
    }
}
