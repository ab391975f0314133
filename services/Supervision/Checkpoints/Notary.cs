using System.Text;
using Marten;
using Npgsql;
using Shuangsuiji.AuditTrail.Checkpoints;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Supervision.Checkpoints;

/// <summary>
/// The notary's key (Checkpoints:SigningKeyFile, a PKCS#8 PEM, for Checkpoints:Algorithm, by default ecdsa-p256-sha256),
/// or why there is none: without it the service runs and signs nothing.
/// </summary>
public sealed record NotaryKey(CheckpointSigner? Signer, string? Missing = null)
{
    public static NotaryKey FromConfiguration(IConfiguration config)
    {
        var algorithm = config["Checkpoints:Algorithm"] ?? CheckpointAlgorithms.EcdsaP256;
        if (config["Checkpoints:SigningKeyFile"] is not { Length: > 0 } file)
            return new NotaryKey(null, "Checkpoints:SigningKeyFile (the notary's PKCS#8 PEM private key) is not configured: no checkpoint is signed");
        try
        {
            return new NotaryKey(CheckpointSigner.FromPem(File.ReadAllText(file), algorithm));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"Checkpoints:SigningKeyFile {file}: {e.Message}", e);
        }
    }

    public CheckpointSigner Required => Signer ?? throw new RuleViolationException(Missing!, "未配置公证服务的签名私钥（Checkpoints:SigningKeyFile），不签署检查点",
        SupervisionReasons.NotaryKeyMissing);
}

/// <summary>
/// Signs heads of the one Merkle tree over every store's chain rows. A head appends, for each service in the order of
/// <see cref="CheckpointLeaf.Services"/>, its rows not yet in the tree in sequence order; stores the leaves and the
/// subtrees they complete; signs the new size and root with the previous size and each service's high-water mark; and
/// records the head as an event, all in one transaction. One head at a time in a host; between hosts, the head's
/// append expects the version it read, so the loser of a race fails and tries again later.
/// </summary>
public sealed class Notary(IDocumentStore store, NpgsqlDataSource db, CheckpointTables tables, ChainSources sources, NotaryKey key)
{
    private readonly SemaphoreSlim oneAtATime = new(1, 1);

    /// <summary>The new head, or the latest when no row is new (null when there is none at all).</summary>
    public async Task<CheckpointSigned?> SignAsync(CommandContext command, CancellationToken ct)
    {
        var signer = key.Required;
        await oneAtATime.WaitAsync(ct);
        try
        {
            await using var session = store.OpenSession(command);
            var stream = await session.Events.FetchForWriting<CheckpointLog>(CheckpointLog.StreamId, ct);
            var previous = stream.Aggregate?.Latest;
            var size = previous?.TreeSize ?? 0;
            var highWater = CheckpointLeaf.Services.ToDictionary(s => s, s => previous?.HighWater.GetValueOrDefault(s) ?? 0);
            var leaves = new List<(CheckpointLeaf Leaf, byte[] Hash)>();
            foreach (var service in CheckpointLeaf.Services)
            {
                var pulled = await sources.PullAsync(service, highWater[service], ct);
                leaves.AddRange(pulled.Select(l => (l, l.Hash())));
                if (pulled.Count > 0) highWater[service] = pulled[^1].Sequence;
            }
            if (leaves.Count == 0) return previous;

            var edgeHashes = await tables.SubtreesAsync(db, MerkleTree.Pieces(new LeafRange(0, size)), ct);
            var edge = MerkleTree.Pieces(new LeafRange(0, size)).Select(p => (p.Level, p.Index, edgeHashes[p])).ToList();
            var added = new Dictionary<(int, long), byte[]>();
            var nodes = new List<(int Level, long Index, byte[] Hash)>();
            for (var i = 0; i < leaves.Count; i++)
            {
                added[(0, size + i)] = leaves[i].Hash;
                foreach (var node in MerkleTree.Append(edge, size + i, leaves[i].Hash))
                {
                    nodes.Add(node);
                    added[(node.Level, node.Index)] = node.Hash;
                }
            }
            var treeSize = size + leaves.Count;
            var root = MerkleTree.RangeHash(new LeafRange(0, treeSize), (level, index) => added.GetValueOrDefault((level, index)) ?? edgeHashes[(level, index)]);
            var proof = size == 0 ? [] : await ConsistencyAsync(size, treeSize, added, ct);

            var at = TreeHead.Truncate(command.Now);
            var head = new TreeHead(treeSize, Convert.ToHexStringLower(root), at, size, highWater, signer.KeyId, signer.Algorithm);
            var signed = new CheckpointSigned(head.TreeSize, head.RootHash, size, highWater, signer.KeyId, signer.Algorithm,
                Convert.ToBase64String(signer.Sign(Encoding.UTF8.GetBytes(head.SignedText))), signer.PublicKeyPem,
                [.. proof.Select(Convert.ToHexStringLower)], command.Caller, at);
            stream.AppendOne(signed);
            tables.QueueLeaves(session, size, leaves);
            tables.QueueNodes(session, nodes);
            await session.SaveChangesAsync(ct);
            return signed;
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    /// <summary>The consistency proof from the stored tree of <paramref name="first"/> leaves to the one being signed.</summary>
    private async Task<List<byte[]>> ConsistencyAsync(long first, long second, Dictionary<(int, long), byte[]> added, CancellationToken ct)
    {
        var ranges = MerkleTree.ConsistencyProof(first, second);
        var stored = await tables.SubtreesAsync(db, ranges.SelectMany(MerkleTree.Pieces).Where(p => !added.ContainsKey(p)), ct);
        return [.. ranges.Select(r => MerkleTree.RangeHash(r, (level, index) => added.GetValueOrDefault((level, index)) ?? stored[(level, index)]))];
    }
}
