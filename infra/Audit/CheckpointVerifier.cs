using System.Data;
using System.Text;
using System.Text.Json;
using Npgsql;
using Shuangsuiji.AuditTrail;
using Shuangsuiji.AuditTrail.Checkpoints;

namespace Shuangsuiji.Audit;

/// <summary>A published head with what it was signed with: the API's JSON, or the "checkpoint" member of an export line.</summary>
public sealed record SignedHead(TreeHead Head, string Signature, string PublicKey)
{
    public static SignedHead Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var head = document.RootElement.TryGetProperty("checkpoint", out var inner) ? inner : document.RootElement;
        string Text(string name) => head.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"the checkpoint has no {name}");
        // Protocol buffers' JSON writes 64-bit numbers as strings; the export writes them as numbers.
        static long Number(JsonElement value) => value.ValueKind == JsonValueKind.String ? long.Parse(value.GetString()!) : value.GetInt64();
        long Size(string name) => head.TryGetProperty(name, out var value) ? Number(value) : 0;
        var highWater = head.TryGetProperty("highWater", out var marks)
            ? marks.EnumerateObject().ToDictionary(m => m.Name, m => Number(m.Value))
            : [];
        return new SignedHead(
            new TreeHead(Size("treeSize"), Text("rootHash"), DateTimeOffset.Parse(Text("time"), System.Globalization.CultureInfo.InvariantCulture),
                Size("previousSize"), highWater, Text("keyId"), Text("algorithm")),
            Text("signature"), Text("publicKey"));
    }

    /// <summary>Why the head is not the notary's (under the pinned key, when one is given); null when its signature holds.</summary>
    public string? SignatureProblem(string? pinnedKeyPem)
    {
        var key = pinnedKeyPem ?? PublicKey;
        var spki = CheckpointAlgorithms.Der(key, "PUBLIC KEY");
        if (spki is null) return $"{(pinnedKeyPem is null ? "the head's public key" : "the pinned key")} is not a PEM PUBLIC KEY";
        var keyId = CheckpointAlgorithms.KeyId(spki);
        if (keyId != Head.KeyId)
            return pinnedKeyPem is null
                ? $"the head names key {Head.KeyId} but carries the public key {keyId}"
                : $"the head is signed by key {Head.KeyId}, not by the pinned key {keyId}";
        try
        {
            return CheckpointAlgorithms.Verify(Head.Algorithm, key, Encoding.UTF8.GetBytes(Head.SignedText), Convert.FromBase64String(Signature))
                ? null
                : $"the signature does not verify under key {keyId}: the head was not signed by that key as it reads";
        }
        catch (FormatException e)
        {
            return $"the signature cannot be checked: {e.Message}";
        }
    }
}

/// <summary>
/// Checks the stores against a signed head: recomputes the leaves from each service's chain rows, in the order of the
/// notary's leaf table (in the supervision store) up to the head's size, and compares the root. A row that changed
/// since its leaf was made, a leaf whose row is gone and a row the head covers that no leaf holds are each named; a
/// root that differs while every row matches its leaf means the leaf table itself was changed.
/// </summary>
public static class CheckpointVerifier
{
    /// <summary>The problems found, each a line; empty when the stores hold exactly the head's tree.</summary>
    public static async Task<List<string>> VerifyAsync(TreeHead head, string notaryConnection, AuditLog notary, IReadOnlyDictionary<string, (string Connection, AuditLog Log)> stores,
        CancellationToken ct)
    {
        var problems = new List<string>();
        var sources = new Dictionary<string, ChainRows>();
        try
        {
            foreach (var (service, highWater) in head.HighWater.Where(h => h.Value > 0))
            {
                if (!stores.TryGetValue(service, out var store))
                {
                    problems.Add($"checkpoint: the head covers the {service} store, which was not given");
                    continue;
                }
                sources[service] = await ChainRows.OpenAsync(store.Connection, store.Log, highWater, ct);
            }
            if (problems.Count > 0) return problems;

            await using var connection = await Open(notaryConnection, ct);
            await using var command = new NpgsqlCommand($"""
                select position, service, seq, stream_id, version, chain_hash, leaf_hash from {notary.Schema}.{CheckpointLeaf.LeavesTable}
                where position < $1 order by position
                """, connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = head.TreeSize });
            await using var leaves = await command.ExecuteReaderAsync(ct);
            var edge = new List<(int Level, long Index, byte[] Hash)>();
            var position = 0L;
            for (; await leaves.ReadAsync(ct); position++)
            {
                var (at, service, seq, stream, version) = (leaves.GetInt64(0), leaves.GetString(1), leaves.GetInt64(2), leaves.GetString(3), leaves.GetInt64(4));
                var (leafChain, leafHash) = (leaves.GetFieldValue<byte[]>(5), leaves.GetFieldValue<byte[]>(6));
                if (at != position)
                {
                    problems.Add($"checkpoint: the notary's leaf table has no leaf {position}: it was changed");
                    return problems;
                }
                byte[] hash = leafHash;
                if (!sources.TryGetValue(service, out var rows))
                    problems.Add($"{service} {stream} version {version}: leaf {at} is of a service the head has no rows of: the leaf table was changed");
                else
                {
                    foreach (var extra in await rows.SkipBelowAsync(seq, ct)) problems.Add(NotInTree(extra, head));
                    if (rows.Current is { } row && row.Seq == seq && row.StreamId == stream && row.Version == version)
                    {
                        hash = new CheckpointLeaf(service, stream, version, seq, Convert.ToHexStringLower(row.ChainHash)).Hash();
                        if (!row.ChainHash.AsSpan().SequenceEqual(leafChain) || !hash.AsSpan().SequenceEqual(leafHash))
                            problems.Add($"{service} {stream} version {version}: the chain row is not the one leaf {at} was made of: "
                                + "the event, or its stream's chain from there on, was rewritten after the head was signed");
                        await rows.NextAsync(ct);
                    }
                    else problems.Add($"{service} {stream} version {version}: the chain row (sequence {seq}) of leaf {at} is gone: the event was deleted after the head was signed");
                }
                MerkleTree.Append(edge, at, hash);
            }
            if (position < head.TreeSize)
            {
                problems.Add($"checkpoint: the notary's leaf table holds {position} leaves, the head was signed over {head.TreeSize}: leaves were deleted");
                return problems;
            }
            foreach (var rows in sources.Values)
                foreach (var extra in await rows.SkipBelowAsync(long.MaxValue, ct)) problems.Add(NotInTree(extra, head));

            var root = Convert.ToHexStringLower(MerkleTree.RangeHash(new LeafRange(0, head.TreeSize), (level, index) =>
                edge.Single(e => e.Level == level && e.Index == index).Hash));
            if (problems.Count == 0 && root != head.RootHash)
                problems.Add($"checkpoint: the {head.TreeSize} leaves recomputed from the stores have root {root}, the head signed {head.RootHash}: "
                    + "the notary's leaf table (its order or its rows) was changed");
            return problems;
        }
        finally
        {
            foreach (var rows in sources.Values) await rows.DisposeAsync();
        }
    }

    private static string NotInTree(ChainRows.Row row, TreeHead head) =>
        $"{row.Service} {row.StreamId} version {row.Version}: the chain row (sequence {row.Seq}) is in no leaf although the head covers the {row.Service} store "
        + $"up to sequence {head.HighWater[row.Service]}: the event was inserted after the head was signed";

    private static async Task<NpgsqlConnection> Open(string connectionString, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>A store's chain rows up to the head's high-water mark, read in sequence order alongside the leaves.</summary>
    private sealed class ChainRows : IAsyncDisposable
    {
        public sealed record Row(string Service, string StreamId, long Version, long Seq, byte[] ChainHash);

        private readonly NpgsqlConnection connection;
        private readonly NpgsqlCommand command;
        private readonly NpgsqlDataReader reader;
        private readonly string service;

        private ChainRows(NpgsqlConnection connection, NpgsqlCommand command, NpgsqlDataReader reader, string service) =>
            (this.connection, this.command, this.reader, this.service) = (connection, command, reader, service);

        public Row? Current { get; private set; }

        public static async Task<ChainRows> OpenAsync(string connectionString, AuditLog log, long highWater, CancellationToken ct)
        {
            var connection = await Open(connectionString, ct);
            var command = new NpgsqlCommand($"select stream_id, version, seq_id, chain_hash from {log.Chain} where seq_id <= $1 order by seq_id", connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = highWater });
            var rows = new ChainRows(connection, command, await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct), log.Service);
            await rows.NextAsync(ct);
            return rows;
        }

        public async Task NextAsync(CancellationToken ct) =>
            Current = await reader.ReadAsync(ct)
                ? new Row(service, reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetFieldValue<byte[]>(3))
                : null;

        /// <summary>Moves past the rows below <paramref name="seq"/>, which no leaf holds, and returns them.</summary>
        public async Task<List<Row>> SkipBelowAsync(long seq, CancellationToken ct)
        {
            var skipped = new List<Row>();
            while (Current is { } row && row.Seq < seq)
            {
                skipped.Add(row);
                await NextAsync(ct);
            }
            return skipped;
        }

        public async ValueTask DisposeAsync()
        {
            await reader.DisposeAsync();
            await command.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
