using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Shuangsuiji.ServiceDefaults;

/// <summary>
/// A background scan that runs at start and then every <paramref name="interval"/>; a failed scan is logged and the
/// next tick tries again, so a database restart never stops the watch. In a host with an event store a scan runs on one
/// host of the service at a time (<see cref="ScanLeadership"/>): what a watch appends to the store it shares with the
/// other hosts, it appends once. A scan of what each host keeps for itself (a cache it reloads) runs on every host.
/// </summary>
public abstract class PeriodicScan(TimeProvider clock, TimeSpan interval, ILogger log) : BackgroundService
{
    protected TimeProvider Clock { get; } = clock;

    /// <summary>True for a scan of the host's own state, which every host runs.</summary>
    protected internal virtual bool OnEveryHost => false;

    /// <summary>The lock that makes this host the one that scans (none in a host without an event store).</summary>
    internal ScanLeadership? Leadership { get; set; }

    protected abstract Task ScanAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval, Clock);
        do
        {
            try
            {
                if (Leadership is null || await Leadership.HoldAsync(stop)) await ScanAsync(stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                log.LogWarning(e, "{Scan} failed; retrying in {Interval}", GetType().Name, interval);
            }
        } while (await timer.WaitForNextTickAsync(stop));
    }

    public override async Task StopAsync(CancellationToken ct)
    {
        await base.StopAsync(ct);
        if (Leadership is not null) await Leadership.DisposeAsync();
    }
}
