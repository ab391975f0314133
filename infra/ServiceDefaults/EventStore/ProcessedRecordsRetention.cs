using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;
using Shuangsuiji.ServiceDefaults.Messaging;

namespace Shuangsuiji.ServiceDefaults.EventStore;

/// <summary>
/// The records that make a message (<see cref="ProcessedMessage"/>) or a client's named command (<see cref="ProcessedRequest"/>)
/// take effect once are needed only while the same message or request can come again: a redelivery gives up within
/// minutes, the relay sends an event again at most after a restart, a client retries a request within its call's
/// deadline. They are kept Retention:KeepProcessedDays (7) after they were written, by the database's clock, then deleted
/// every Retention:PruneEveryMinutes (60) by one host of the service; without this the tables grow for as long as the
/// platform runs. A named command sent again after that takes effect again: clients retry within minutes, not weeks.
/// </summary>
public sealed class ProcessedRecordsRetention(IDocumentStore store, NpgsqlDataSource db, IConfiguration config, TimeProvider clock,
    ILogger<ProcessedRecordsRetention> log) : PeriodicScan(clock, TimeSpan.FromMinutes(config.GetValue("Retention:PruneEveryMinutes", 60.0)), log)
{
    /// <summary>Rows deleted per statement: a table left to grow for months is not locked by one long delete.</summary>
    private const int Slice = 10_000;

    private readonly int keepDays = config.GetValue("Retention:KeepProcessedDays", 7);

    protected override async Task ScanAsync(CancellationToken ct)
    {
        if (await PruneAsync(ct) is var deleted and > 0)
            log.LogInformation("Deleted {Count} processed-message and processed-request records older than {Days} days", deleted, keepDays);
    }

    /// <summary>Deletes the records older than the retention; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken ct)
    {
        var total = 0;
        foreach (var type in new[] { typeof(ProcessedMessage), typeof(ProcessedRequest) })
        {
            var table = store.Options.FindOrResolveDocumentType(type).TableName.QualifiedName;
            int deleted;
            do
            {
                await using var command = db.CreateCommand($"""
                    delete from {table} where ctid in (
                        select ctid from {table} where mt_last_modified < now() - make_interval(days => $1) limit {Slice})
                    """);
                command.Parameters.Add(new NpgsqlParameter { Value = keepDays });
                total += deleted = await command.ExecuteNonQueryAsync(ct);
            } while (deleted == Slice);
        }
        return total;
    }
}
