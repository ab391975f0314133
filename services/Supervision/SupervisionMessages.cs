using JasperFx.Events;
using Marten;
using Shuangsuiji.Contracts.Supervision;
using Shuangsuiji.ServiceDefaults.Messaging;
using Shuangsuiji.Supervision.Checkpoints;

namespace Shuangsuiji.Supervision;

/// <summary>What supervision tells the others: the signed checkpoints, for the disclosure service to publish.</summary>
public sealed class SupervisionMessages : IIntegrationEventMap
{
    public Task<object?> ToMessageAsync(IEvent e, IQuerySession session, CancellationToken ct) => Task.FromResult<object?>(e.Data switch
    {
        CheckpointSigned x => new CheckpointPublished(x.TreeSize, x.RootHash, x.PreviousSize, x.HighWater, x.KeyId, x.Algorithm, x.Signature, x.PublicKey,
            x.ConsistencyProof, e.Version, x.At),
        _ => null,
    });
}
