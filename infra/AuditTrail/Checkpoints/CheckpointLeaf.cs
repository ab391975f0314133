using System.Text;

namespace Shuangsuiji.AuditTrail.Checkpoints;

/// <summary>
/// A chain row as a leaf of the checkpoints' Merkle tree (docs/audit-checkpoints.md): the UTF-8 text
/// "ssyg-audit-leaf-v1\n{service}\n{stream_id}\n{version}\n{seq}\n{chain_hash in lower-case hex}", no final newline.
/// Only the stream id is free text; the lines after it are digits and hex, so the text reads back from its end in one way.
/// </summary>
public sealed record CheckpointLeaf(string Service, string StreamId, long Version, long Sequence, string ChainHash)
{
    public const string Format = "ssyg-audit-leaf-v1";

    /// <summary>
    /// The services whose chains the tree holds, in the order a checkpoint appends their rows. The order binds only the
    /// rows one checkpoint appends (earlier leaves keep their positions), so the identity service joined the tree later
    /// in its place: a tree that began without it took its whole chain into the first checkpoint after.
    /// </summary>
    public static readonly string[] Services = ["catalog", "directories", "disclosure", "draws", "identity", "supervision", "tasks"];

    /// <summary>The notary's tables in the supervision store: every leaf by its position, and the complete subtrees above them.</summary>
    public const string LeavesTable = "checkpoint_leaves", NodesTable = "checkpoint_nodes";

    public string Text => $"{Format}\n{Service}\n{StreamId}\n{Version}\n{Sequence}\n{ChainHash}";

    public byte[] Hash() => MerkleTree.LeafHash(Encoding.UTF8.GetBytes(Text));
}
