using Marten;
using Npgsql;
using Shuangsuiji.AuditTrail.Checkpoints;

namespace Shuangsuiji.Supervision.Checkpoints;

/// <summary>
/// The notary's tree, in two plain tables beside the store: every leaf by its position (what it says, the chain hash in it, and its hash), and
/// the hash of every complete subtree above the leaves (level ≥ 1, leaves [index·2^level, (index+1)·2^level)), so a
/// root or a proof reads a few dozen rows whatever the tree's size. Both are written in the transaction of the head
/// that adds them, and never changed.
/// </summary>
public sealed class CheckpointTables(string schema)
{
    private const int RowsPerInsert = 10_000;

    public string Schema { get; } = schema;

    public string Leaves { get; } = $"{schema}.{CheckpointLeaf.LeavesTable}";

    public string Nodes { get; } = $"{schema}.{CheckpointLeaf.NodesTable}";

    public string CreateStatements => $"""
        create table if not exists {Leaves} (
            position bigint primary key,
            service text not null,
            seq bigint not null,
            stream_id text not null,
            version bigint not null,
            chain_hash bytea not null,
            leaf_hash bytea not null,
            unique (service, stream_id, version));
        create table if not exists {Nodes} (
            level int not null,
            index bigint not null,
            hash bytea not null,
            primary key (level, index));
        """;

    public void QueueLeaves(IDocumentSession session, long firstPosition, IReadOnlyList<(CheckpointLeaf Leaf, byte[] Hash)> leaves)
    {
        for (var offset = 0; offset < leaves.Count; offset += RowsPerInsert)
        {
            var chunk = leaves.Skip(offset).Take(RowsPerInsert).ToArray();
            session.QueueSqlCommand($"""
                insert into {Leaves} (position, service, seq, stream_id, version, chain_hash, leaf_hash)
                select * from unnest(?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::bigint[], ?::bytea[], ?::bytea[])
                """,
                chunk.Select((_, i) => firstPosition + offset + i).ToArray(), chunk.Select(l => l.Leaf.Service).ToArray(),
                chunk.Select(l => l.Leaf.Sequence).ToArray(), chunk.Select(l => l.Leaf.StreamId).ToArray(), chunk.Select(l => l.Leaf.Version).ToArray(),
                chunk.Select(l => Convert.FromHexString(l.Leaf.ChainHash)).ToArray(), chunk.Select(l => l.Hash).ToArray());
        }
    }

    public void QueueNodes(IDocumentSession session, IReadOnlyList<(int Level, long Index, byte[] Hash)> nodes)
    {
        foreach (var chunk in nodes.Chunk(RowsPerInsert))
            session.QueueSqlCommand($"insert into {Nodes} (level, index, hash) select * from unnest(?::int[], ?::bigint[], ?::bytea[])",
                chunk.Select(n => n.Level).ToArray(), chunk.Select(n => n.Index).ToArray(), chunk.Select(n => n.Hash).ToArray());
    }

    /// <summary>The hashes of these complete subtrees (level 0: leaves), in one statement.</summary>
    public async Task<Dictionary<(int Level, long Index), byte[]>> SubtreesAsync(NpgsqlDataSource db, IEnumerable<(int Level, long Index)> wanted, CancellationToken ct)
    {
        var keys = wanted.Distinct().ToArray();
        var found = new Dictionary<(int, long), byte[]>();
        if (keys.Length == 0) return found;
        await using var command = db.CreateCommand($"""
            select 0, position, leaf_hash from {Leaves} where position = any($1)
            union all
            select n.level, n.index, n.hash from {Nodes} n join unnest($2::int[], $3::bigint[]) w (level, index) using (level, index)
            """);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. keys.Where(k => k.Level == 0).Select(k => k.Index)] });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. keys.Where(k => k.Level > 0).Select(k => k.Level)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. keys.Where(k => k.Level > 0).Select(k => k.Index)] });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found[(reader.GetInt32(0), reader.GetInt64(1))] = reader.GetFieldValue<byte[]>(2);
        var missing = keys.Where(k => !found.ContainsKey(k)).ToList();
        return missing.Count == 0 ? found
            : throw new InvalidOperationException($"the tree has no subtree {string.Join(", ", missing.Take(5))}: its tables are incomplete");
    }

    /// <summary>The hashes of a proof's ranges, each from its pieces.</summary>
    public async Task<List<byte[]>> RangeHashesAsync(NpgsqlDataSource db, IReadOnlyList<LeafRange> ranges, CancellationToken ct)
    {
        var subtrees = await SubtreesAsync(db, ranges.SelectMany(MerkleTree.Pieces), ct);
        return [.. ranges.Select(r => MerkleTree.RangeHash(r, (level, index) => subtrees[(level, index)]))];
    }

    /// <summary>The leaf of an event and its position, if the tree holds it.</summary>
    public async Task<(long Position, CheckpointLeaf Leaf)?> FindAsync(NpgsqlDataSource db, string service, string streamId, long version, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"select position, seq, chain_hash from {Leaves} where service = $1 and stream_id = $2 and version = $3");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = service });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? (reader.GetInt64(0), new CheckpointLeaf(service, streamId, version, reader.GetInt64(1), Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(2))))
            : null;
    }
}
