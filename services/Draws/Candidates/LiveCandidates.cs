using Npgsql;
using Shuangsuiji.Draws.Drawing;
using Shuangsuiji.ServiceDefaults.Telemetry;

namespace Shuangsuiji.Draws.Candidates;

/// <summary>
/// The candidate index of this host, loaded when it starts and brought up to date from the candidate table every
/// Draws:CandidateRefreshSeconds (1 by default) and before every draw, so every host of the service draws from what the
/// table holds whichever host consumed the directories' changes. The periodic refresh only keeps the catch-up before a
/// draw short. Keeps the lists of the draws it prepared lately for their execution; any other draw's lists are rebuilt
/// from the table as of the sequence number the draw recorded, and must give the hashes it recorded.
/// </summary>
public sealed class LiveCandidates(NpgsqlDataSource db, CandidateTable table, ILogger<LiveCandidates> log, IConfiguration? settings = null)
    : BackgroundService
{
    private const int KeptDraws = 4;

    private readonly TimeSpan refresh = TimeSpan.FromSeconds(settings?.GetValue<double?>("Draws:CandidateRefreshSeconds") ?? 1);

    private readonly CandidateIndex index = new();
    private readonly SemaphoreSlim turn = new(1, 1); // one catch-up or placement at a time: the index is not thread-safe
    private readonly TaskCompletionSource loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, Placement> kept = [];
    private readonly Queue<string> keptOrder = new();
    private readonly Dictionary<string, (long Seq, IReadOnlyDictionary<string, string[]> Inspectors)> lastInspectors = []; // used only in the turn
    private long seq = -1;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var next = refresh;
            try
            {
                await CatchUpAsync(ct);
                if (loaded.TrySetResult()) log.LogInformation("candidate index loaded: {Count} entities as of {Seq}", index.Count, seq);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "candidate index catch-up failed; retrying");
                next = TimeSpan.FromSeconds(1);
            }
            await Task.Delay(next, ct);
        }
    }

    /// <summary>
    /// Places the current candidates for a draw; also says the sequence number they are as of. The heaviest step of a
    /// preparation or preview, in turn with every other: a span of its own shows its time (waiting for the turn included)
    /// in the call's trace, and that no call refused before it took one.
    /// </summary>
    public async Task<(Placement Placement, long Seq)> PlaceAsync(CandidateScope scope, IReadOnlyCollection<string> items, DateOnly since,
        IReadOnlyCollection<string> ownTasks, IReadOnlyList<StratumSpec> strata, IReadOnlyList<string>? sampledTasks, CancellationToken ct)
    {
        using var span = PlatformMetrics.Activities.StartActivity("place candidates");
        span?.SetTag("shuangsuiji.tasks", string.Join(",", ownTasks));
        await loaded.Task.WaitAsync(ct);
        return await InTurnAsync(async () =>
        {
            var placement = index.Place(scope, items, since, ownTasks, strata, await SampledAsync(sampledTasks, seq, ct));
            Parallel.ForEach(placement.Lists.Values, list => _ = list.Sha256);
            return (placement, seq);
        }, ct);
    }

    /// <summary>
    /// The last inspectors of a draw's entities, as of now. Only the entities inspected at all (a few in a hundred, known
    /// from the index) are looked up in the table. Each department of a joint draw asks the same: the answer is kept
    /// for the draw while the index applies nothing newer, since every inspection reported comes with a new number.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string[]>> LastInspectorsAsync(Draw draw, CancellationToken ct)
    {
        await loaded.Task.WaitAsync(ct);
        return await InTurnAsync(async () =>
        {
            if (lastInspectors.TryGetValue(draw.DrawId, out var known) && known.Seq == seq) return known.Inspectors;
            var inspected = draw.DrawOrder.AsParallel().AsOrdered().Where(index.HasInspections).ToList();
            await using var connection = await db.OpenConnectionAsync(ct);
            var found = await table.LastInspectorsAsync(connection, inspected, ct);
            if (lastInspectors.Count >= KeptDraws) lastInspectors.Clear();
            lastInspectors[draw.DrawId] = (seq, found);
            return found;
        }, ct);
    }

    public void Keep(string drawId, Placement placement)
    {
        lock (kept)
        {
            if (kept.TryAdd(drawId, placement)) keptOrder.Enqueue(drawId);
            while (keptOrder.Count > KeptDraws) kept.Remove(keptOrder.Dequeue());
        }
    }

    /// <summary>A prepared draw's candidate lists: kept, or rebuilt from the table as of the draw's sequence number.</summary>
    public async Task<Placement> OfAsync(Draw draw, CancellationToken ct)
    {
        lock (kept)
            if (kept.TryGetValue(draw.DrawId, out var placement)) return placement;
        var asOf = draw.CandidatesAsOf ?? throw new InvalidOperationException($"draw {draw.DrawId} was prepared before candidate versions were kept");
        var then = await table.AsOfAsync(db, asOf, draw.Scope.Divisions, ct);
        var rebuilt = then.Place(draw.Scope, draw.Items, DrawDecider.InspectedSince(draw.PreparedAt, draw.RecentInspectionMonths), draw.OwnTasks,
            [.. draw.Strata.Select(s => new StratumSpec(s.Label, s.RiskClasses, s.Percent, s.Count))], await SampledAsync(draw.SampledTasks, asOf, ct));
        Keep(draw.DrawId, rebuilt);
        return rebuilt;
    }

    /// <summary>A return visit's population: the entities of the closed tasks it samples; null for any other draw.</summary>
    private async Task<IReadOnlyCollection<string>?> SampledAsync(IReadOnlyList<string>? tasks, long asOf, CancellationToken ct) =>
        tasks is { Count: > 0 } ? DrawDecider.SampledEntities(tasks, await table.EntitiesOfTasksAsync(db, tasks, asOf, ct)) : null;

    private Task CatchUpAsync(CancellationToken ct) => InTurnAsync(() => Task.FromResult(true), ct);

    /// <summary>Brings the index up to date, then reads it, while no other catch-up or reader has the turn.</summary>
    private async Task<T> InTurnAsync<T>(Func<Task<T>> read, CancellationToken ct)
    {
        await turn.WaitAsync(ct);
        try
        {
            await ApplyChangesAsync(ct);
            return await read();
        }
        finally
        {
            turn.Release();
        }
    }

    private async Task ApplyChangesAsync(CancellationToken ct)
    {
        seq = await table.ChangesAsync(db, seq, c => index.Apply(c), index.Apply, index.Apply, ct);
        if (index.ShouldCompact || !loaded.Task.IsCompleted) index.Compact();
    }
}
