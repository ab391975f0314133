using System.Data;
using Npgsql;
using Shuangsuiji.AuditTrail;

namespace Shuangsuiji.Audit;

/// <summary>A place where a store's log and its hash chain disagree.</summary>
public sealed record ChainBreak(string Service, string StreamId, long Version, string Problem)
{
    public override string ToString() => $"{Service} {StreamId} version {Version}: {Problem}";
}

/// <summary>What one store's verification found.</summary>
public sealed record StoreVerification(string Service, long Streams, long Events, long NotYetChained, IReadOnlyList<ChainBreak> Breaks);

/// <summary>
/// Checks a store's event log against its hash chain (<see cref="AuditChain"/>), in the connection's transaction (give
/// it a repeatable-read one, so the checks see one snapshot of the database):
/// every chain row must have its event, hashing to the recorded event hash, and follow from the row before it; every
/// event at or below the chain writer's checkpoint must have a chain row; every stream's recorded version must be
/// where its events end. Events above the checkpoint are newer than the chain and only counted.
/// </summary>
public static class ChainVerifier
{
    public static async Task<StoreVerification> VerifyAsync(NpgsqlConnection connection, AuditLog log, CancellationToken ct)
    {
        var breaks = new List<ChainBreak>();
        void Break(string stream, long version, string problem) => breaks.Add(new ChainBreak(log.Service, stream, version, problem));

        if (!await ExistsAsync(connection, log.Events, ct))
            return new StoreVerification(log.Service, 0, 0, 0, []);
        var chained = await ExistsAsync(connection, log.Chain, ct);
        var checkpoint = await ExistsAsync(connection, log.Progression, ct)
            ? await ScalarAsync<long?>(connection, $"select last_seq_id from {log.Progression} where name = '{AuditLog.ChainWriterProgress}'", ct) ?? 0
            : 0;

        var (streams, events) = chained ? await WalkChainsAsync(connection, log, Break, ct) : (0L, 0L);

        await using (var unchained = new NpgsqlCommand($"""
            select e.stream_id, e.version, e.seq_id from {log.Events} e
            where e.seq_id <= $1 {(chained ? $"and not exists (select 1 from {log.Chain} c where c.stream_id = e.stream_id and c.version = e.version)" : "")}
            order by e.stream_id, e.version
            """, connection))
        {
            unchained.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checkpoint });
            await using var reader = await unchained.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                Break(reader.GetString(0), reader.GetInt64(1),
                    $"the event (sequence {reader.GetInt64(2)}) has no chain row although the chain has passed it (checkpoint {checkpoint}): "
                    + "it was inserted behind the chain's back, or its chain row was deleted");
        }

        await using (var ends = new NpgsqlCommand($"""
            select s.id, s.version, coalesce(max(e.version), 0) from {log.Streams} s left join {log.Events} e on e.stream_id = s.id
            where s.id <> 'mt_tombstone' group by s.id, s.version having s.version <> coalesce(max(e.version), 0) order by s.id
            """, connection))
        {
            await using var reader = await ends.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                Break(reader.GetString(0), reader.GetInt64(1),
                    $"the stream is recorded at version {reader.GetInt64(1)} but its events end at version {reader.GetInt64(2)}: events were deleted or added in the database");
        }

        var newer = await ScalarAsync<long>(connection, $"select count(*) from {log.Events} where seq_id > {checkpoint}", ct);
        return new StoreVerification(log.Service, streams, events, newer,
            [.. breaks.OrderBy(b => b.StreamId, StringComparer.Ordinal).ThenBy(b => b.Version)]);
    }

    /// <summary>
    /// Every chain row with its event, stream by stream in version order. Each link is checked against the stored row
    /// before it, so one altered or missing row is reported where it is rather than through the rest of its stream.
    /// </summary>
    private static async Task<(long Streams, long Events)> WalkChainsAsync(
        NpgsqlConnection connection, AuditLog log, Action<string, long, string> Break, CancellationToken ct)
    {
        // The walk must stream: a hash of the whole log, or a sort of it with every event's text, would hold the store in
        // memory or on disk. Walking the chain's key and looking each event up by its own key keeps one event at a time.
        await using (var plan = new NpgsqlCommand("set local enable_sort = off; set local enable_hashjoin = off", connection))
            await plan.ExecuteNonQueryAsync(ct);
        await using var command = new NpgsqlCommand($"""
            select c.stream_id, c.version, c.seq_id, c.event_hash, c.chain_hash, e.seq_id is not null, {AuditChain.CanonicalColumns}
            from {log.Chain} c left join {log.Events} e on e.stream_id = c.stream_id and e.version = c.version
            order by c.stream_id, c.version
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        var (streams, events) = (0L, 0L);
        string? stream = null;
        byte[] previous = [];
        while (await reader.ReadAsync(ct))
        {
            var (streamId, version, sequence) = (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
            var (eventHash, chainHash, present) = (reader.GetFieldValue<byte[]>(3), reader.GetFieldValue<byte[]>(4), reader.GetBoolean(5));
            if (streamId != stream) (stream, previous, streams) = (streamId, [], streams + 1);
            if (!present)
                Break(streamId, version, $"the event (sequence {sequence}) is gone: it was deleted from the log after it was chained");
            else
            {
                events++;
                if (!(await AuditChain.EventHashAsync(reader, 6, ct)).AsSpan().SequenceEqual(eventHash))
                    Break(streamId, version, "the event is not as it was chained: its data, type, headers or metadata were changed in the database");
            }
            if (!AuditChain.Link(previous, eventHash).AsSpan().SequenceEqual(chainHash))
                Break(streamId, version, "the chain row does not follow from the one before it: this chain row was altered, or an earlier one removed");
            previous = chainHash;
        }
        return (streams, events);
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string table, CancellationToken ct) =>
        await ScalarAsync<bool>(connection, $"select to_regclass('{table}') is not null", ct);

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(ct) is { } value and not DBNull ? (T)value : default!;
    }
}
