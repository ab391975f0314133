using System.Data;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Npgsql;

namespace Shuangsuiji.AuditTrail;

/// <summary>
/// Chains every committed event (see <see cref="AuditChain"/>), off the command path: run by Marten's async daemon,
/// which hands over sequence ranges only below the point where every transaction has committed, one after the
/// other. The chain rows go into the same transaction as the daemon's checkpoint, so every event at or below the
/// checkpoint has its row, and none above it does.
/// </summary>
public sealed class AuditChainWriter(NpgsqlDataSource db, AuditLog log) : SubscriptionBase
{
    public const string SubscriptionName = "audit-chain";

    /// <summary>Rows a queued insert carries at most; a store chained for the first time queues several.</summary>
    private const int RowsPerInsert = 10_000;

    private readonly record struct Hashed(string StreamId, long Version, long Sequence, byte[] EventHash);

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var events = await HashAsync(connection, page.SequenceFloor, page.SequenceCeiling, ct);
        if (events.Count == 0) return NullChangeListener.Instance;
        var heads = await HeadsAsync(connection, events, ct);
        foreach (var chunk in events.Chunk(RowsPerInsert))
        {
            var chains = new byte[chunk.Length][];
            for (var i = 0; i < chunk.Length; i++)
                heads[chunk[i].StreamId] = chains[i] = AuditChain.Link(heads.GetValueOrDefault(chunk[i].StreamId, []), chunk[i].EventHash);
            // A range handed over again (after a failed commit, or a rewound checkpoint) computes the same rows: they stay as first written.
            operations.QueueSqlCommand($"""
                insert into {log.Chain} (stream_id, version, seq_id, event_hash, chain_hash)
                select * from unnest(?::text[], ?::bigint[], ?::bigint[], ?::bytea[], ?::bytea[])
                on conflict do nothing
                """,
                chunk.Select(e => e.StreamId).ToArray(), chunk.Select(e => e.Version).ToArray(), chunk.Select(e => e.Sequence).ToArray(),
                chunk.Select(e => e.EventHash).ToArray(), chains);
        }
        return NullChangeListener.Instance;
    }

    /// <summary>
    /// The range's stored rows, hashed as they stream in, in sequence order: within a stream that is version order,
    /// because an append reads the stream's committed version before it takes its sequence numbers.
    /// </summary>
    private async Task<List<Hashed>> HashAsync(NpgsqlConnection connection, long floor, long ceiling, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select e.stream_id, e.version, e.seq_id, {AuditChain.CanonicalColumns} from {log.Events} e where e.seq_id > $1 and e.seq_id <= $2 order by e.seq_id",
            connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = floor });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ceiling });
        var events = new List<Hashed>();
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            var (stream, version, sequence) = (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
            events.Add(new Hashed(stream, version, sequence, await AuditChain.EventHashAsync(reader, 3, ct)));
        }
        return events;
    }

    /// <summary>Each stream's chain hash just below its first event in the range (none for a new stream).</summary>
    private async Task<Dictionary<string, byte[]>> HeadsAsync(NpgsqlConnection connection, List<Hashed> events, CancellationToken ct)
    {
        var firsts = events.GroupBy(e => e.StreamId).Select(g => (Stream: g.Key, Version: g.Min(e => e.Version))).ToArray();
        await using var command = new NpgsqlCommand($"""
            select s.stream_id, h.chain_hash from unnest($1::text[], $2::bigint[]) s (stream_id, first)
            cross join lateral (select chain_hash from {log.Chain} c where c.stream_id = s.stream_id and c.version < s.first order by c.version desc limit 1) h
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. firsts.Select(f => f.Stream)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. firsts.Select(f => f.Version)] });
        var heads = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) heads[reader.GetString(0)] = reader.GetFieldValue<byte[]>(1);
        return heads;
    }
}
