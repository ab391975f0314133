using Marten;
using Npgsql;

namespace Shuangsuiji.Draws.Drawing;

/// <summary>
/// Gives every draw stored before summaries were kept its <see cref="DrawSummary"/>, when the host starts: folded from
/// the draw's events, as the inline projection writes it. Without it such a draw would be missing from its task's list
/// and the relay could not tell its task. Finds nothing to do once done.
/// </summary>
public sealed class DrawSummaryBackfill(IDocumentStore store, NpgsqlDataSource db, ILogger<DrawSummaryBackfill> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var summarized = (await session.Query<DrawSummary>().Select(d => d.Id).ToListAsync(ct)).ToHashSet();
        var missing = new List<string>();
        await using (var draws = db.CreateCommand($"select stream_id from {store.Options.Events.DatabaseSchemaName}.mt_events where type = 'draw_prepared'"))
        await using (var reader = await draws.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                if (!summarized.Contains(reader.GetString(0))) missing.Add(reader.GetString(0));
        foreach (var id in missing)
            session.Store(await session.Events.AggregateStreamAsync<DrawSummary>(id, token: ct)
                ?? throw new InvalidOperationException($"draw {id} has a draw_prepared event but folds to nothing"));
        await session.SaveChangesAsync(ct);
        if (missing.Count > 0) log.LogInformation("summaries written for {Count} draws stored before summaries were kept", missing.Count);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
