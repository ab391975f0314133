using System.Text;
using Marten;
using Shuangsuiji.Contracts.Supervision;
using Shuangsuiji.AuditTrail.Checkpoints;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Disclosure.Checkpoints;

/// <summary>
/// A signed head of the audit trail's Merkle tree as published (stream "checkpoint:{tree size}"): the notary's head
/// as it arrived. A second head of the same size (a fork, which the notary never signs) does not replace the first.
/// </summary>
public sealed record PublicCheckpoint(string Id, long TreeSize, CheckpointPublished Head) : IAggregate<PublicCheckpoint>
{
    public long Version { get; set; }

    public static string StreamId(long treeSize) => $"checkpoint:{treeSize}";

    public static PublicCheckpoint When(PublicCheckpoint? state, object @event) => (state, @event) switch
    {
        (null, CheckpointPublished e) => new PublicCheckpoint(StreamId(e.TreeSize), e.TreeSize, e),
        ({ } s, CheckpointPublished) => s,
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to checkpoint {state?.Id ?? "(new)"}"),
    };

    public TreeHead Signed => new(Head.TreeSize, Head.RootHash, Head.SignedAt, Head.PreviousSize, Head.HighWater, Head.KeyId, Head.Algorithm);

    public Api.Checkpoints.V1.SignedCheckpoint ToProto() => Signed.ToProto(Head.Signature, Head.PublicKey, Head.ConsistencyProof);
}

/// <summary>Publishes a head whose signature holds under the key it names; one that does not is refused (the message goes to the error queue).</summary>
public sealed class CheckpointPublishedConsumer(IDocumentStore store, TimeProvider clock) : PublicFactConsumer<CheckpointPublished, PublicCheckpoint>(store, clock)
{
    protected override string StreamOf(CheckpointPublished fact) => PublicCheckpoint.StreamId(fact.TreeSize);

    protected override object Public(CheckpointPublished message)
    {
        var head = new PublicCheckpoint("", message.TreeSize, message).Signed;
        var publicKey = CheckpointAlgorithms.Der(message.PublicKey, "PUBLIC KEY");
        if (publicKey is null || CheckpointAlgorithms.KeyId(publicKey) != message.KeyId
            || !CheckpointAlgorithms.Verify(message.Algorithm, message.PublicKey, Encoding.UTF8.GetBytes(head.SignedText), Convert.FromBase64String(message.Signature)))
            throw new InvalidOperationException($"the head of size {message.TreeSize} is not signed by the key {message.KeyId} it names: not published");
        return message;
    }
}
