using System.Diagnostics.Metrics;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Shuangsuiji.ServiceDefaults.Telemetry;

/// <summary>
/// How far each of the store's subscriptions (the bus relay, the audit chain, the public feed, projections) is behind the
/// events stored, sampled from the store every Telemetry:ProgressSeconds (default 10) by every host — the progress is in
/// the database, so a replica that does not run the daemon reports it too. Exported as the gauge
/// shuangsuiji.subscription.lag (events, by subscription) and in /health: Degraded while one is more than
/// Telemetry:LagDegradedEvents (default 10,000) behind, so an operator sees a relay that stopped before anyone misses a
/// message; the service still answers, so it stays ready.
/// </summary>
public sealed class SubscriptionProgress : BackgroundService, IHealthCheck
{
    private const string HighWaterMark = "HighWaterMark";
    private readonly IDocumentStore store;
    private readonly TimeSpan every;
    private readonly long degradedAfter;
    private readonly ILogger<SubscriptionProgress> log;
    private volatile Sample? last;

    public SubscriptionProgress(IDocumentStore store, PlatformMetrics metrics, IConfiguration config, ILogger<SubscriptionProgress> log)
    {
        this.store = store;
        this.log = log;
        every = TimeSpan.FromSeconds(config.GetValue("Telemetry:ProgressSeconds", 10.0));
        degradedAfter = config.GetValue("Telemetry:LagDegradedEvents", 10_000L);
        metrics.Meter.CreateObservableGauge("shuangsuiji.subscription.lag", Observe, "{event}",
            "Events stored that a subscription (relay, audit chain, public feed, projection) has not processed yet.");
    }

    private sealed record Sample(long HighWaterMark, IReadOnlyDictionary<string, long> Lag, DateTimeOffset At);

    /// <summary>The lag of each subscription at the last sample, by name ("bus-relay:All").</summary>
    public IReadOnlyDictionary<string, long> Lag => last?.Lag ?? new Dictionary<string, long>();

    public async Task SampleAsync(CancellationToken ct)
    {
        var shards = await store.Advanced.AllProjectionProgress(token: ct);
        var high = shards.FirstOrDefault(s => s.ShardName == HighWaterMark)?.Sequence ?? 0;
        last = new Sample(high, shards.Where(s => s.ShardName != HighWaterMark).ToDictionary(s => s.ShardName, s => Math.Max(0, high - s.Sequence)),
            DateTimeOffset.UtcNow);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "could not read the subscriptions' progress");
            }
            try
            {
                await Task.Delay(every, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private IEnumerable<Measurement<long>> Observe() =>
        Lag.Select(l => new Measurement<long>(l.Value, new KeyValuePair<string, object?>("subscription", l.Key)));

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (last is not { } sample) return Task.FromResult(HealthCheckResult.Healthy("not sampled yet"));
        var described = string.Join("; ", sample.Lag.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key} {l.Value} behind"));
        var data = sample.Lag.ToDictionary(l => l.Key, l => (object)l.Value);
        return Task.FromResult(sample.Lag.Values.Any(v => v > degradedAfter)
            ? HealthCheckResult.Degraded($"event {sample.HighWaterMark}: {described}", data: data)
            : HealthCheckResult.Healthy($"event {sample.HighWaterMark}: {described}", data));
    }
}
