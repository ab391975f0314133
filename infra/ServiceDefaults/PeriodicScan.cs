using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Shuangsuiji.ServiceDefaults;

/// <summary>
/// A background scan that runs at start and then every <paramref name="interval"/>; a failed scan is logged and the
/// next tick tries again, so a database restart never stops the watch.
/// </summary>
public abstract class PeriodicScan(TimeProvider clock, TimeSpan interval, ILogger log) : BackgroundService
{
    protected TimeProvider Clock { get; } = clock;

    protected abstract Task ScanAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval, Clock);
        do
        {
            try
            {
                await ScanAsync(stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                log.LogWarning(e, "{Scan} failed; retrying in {Interval}", GetType().Name, interval);
            }
        } while (await timer.WaitForNextTickAsync(stop));
    }
}
