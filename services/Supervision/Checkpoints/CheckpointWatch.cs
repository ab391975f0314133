using Marten;
using Shuangsuiji.ServiceDefaults;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Supervision.Checkpoints;

/// <summary>
/// Signs a head when the latest is Checkpoints:IntervalMinutes old (default 60), looking every Checkpoints:ScanSeconds
/// (default 60). The interval runs from the latest head's time, so a restart neither skips a head nor signs an extra one;
/// before the first head, from the host's start (the office can have one signed at once with CreateCheckpoint).
/// </summary>
public sealed class CheckpointWatch(IDocumentStore store, Notary notary, NotaryKey key, ChainSources sources, TimeProvider clock, IConfiguration config,
    ILogger<CheckpointWatch> log)
    : PeriodicScan(clock, TimeSpan.FromSeconds(config.GetValue("Checkpoints:ScanSeconds", 60.0)), log)
{
    private readonly TimeSpan interval = TimeSpan.FromMinutes(config.GetValue("Checkpoints:IntervalMinutes", 60.0));
    private readonly DateTimeOffset started = clock.GetUtcNow();

    public override Task StartAsync(CancellationToken ct)
    {
        if (key.Signer is null) log.LogWarning("{Missing}", key.Missing);
        return base.StartAsync(ct);
    }

    protected override async Task ScanAsync(CancellationToken ct)
    {
        if (key.Signer is null) return;
        var now = Clock.GetUtcNow();
        await using (var query = store.QuerySession())
            if (now - ((await query.LoadAsync<CheckpointLog>(CheckpointLog.StreamId, ct))?.Latest.At ?? started) < interval) return;
        await notary.SignAsync(new CommandContext(sources.Notary, $"checkpoint:{now:O}", "checkpoint-watch", now), ct);
    }
}
