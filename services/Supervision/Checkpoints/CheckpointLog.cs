using Shuangsuiji.AuditTrail.Checkpoints;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Supervision.Checkpoints;

/// <summary>
/// The notary signed a head of the audit trail's Merkle tree (docs/audit-checkpoints.md). <paramref name="At"/> is the
/// head's time as signed (to the millisecond).
/// </summary>
/// <param name="ConsistencyProof">from the head of <paramref name="PreviousSize"/> to this one, hex; empty for the first</param>
public sealed record CheckpointSigned(long TreeSize, string RootHash, long PreviousSize, IReadOnlyDictionary<string, long> HighWater, string KeyId,
    string Algorithm, string Signature, string PublicKey, IReadOnlyList<string> ConsistencyProof, Caller By, DateTimeOffset At)
{
    public TreeHead Head => new(TreeSize, RootHash, At, PreviousSize, HighWater, KeyId, Algorithm);
}

/// <summary>The notary's log of signed heads (stream "checkpoints"); its snapshot is the latest head.</summary>
public sealed record CheckpointLog(string Id, CheckpointSigned Latest) : IAggregate<CheckpointLog>
{
    public const string StreamId = "checkpoints";

    public long Version { get; set; }

    public static CheckpointLog When(CheckpointLog? state, object @event) => @event switch
    {
        CheckpointSigned e => new CheckpointLog(StreamId, e),
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to the checkpoint log"),
    };
}
