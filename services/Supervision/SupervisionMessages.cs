using JasperFx.Events;
using Marten;
using Shuangsuiji.Contracts.Supervision;
using Shuangsuiji.ServiceDefaults.Messaging;
using Shuangsuiji.Supervision.Checkpoints;
using Shuangsuiji.Supervision.SpecialInspections;

namespace Shuangsuiji.Supervision;

/// <summary>What supervision tells the others: the signed checkpoints and the circulars (通报), for the disclosure service to publish.</summary>
public sealed class SupervisionMessages : IIntegrationEventMap
{
    public async Task<object?> ToMessageAsync(IEvent e, IQuerySession session, CancellationToken ct) => e.Data switch
    {
        CheckpointSigned x => new CheckpointPublished(x.TreeSize, x.RootHash, x.PreviousSize, x.HighWater, x.KeyId, x.Algorithm, x.Signature, x.PublicKey,
            x.ConsistencyProof, e.Version, x.At),
        SpecialInspections.CircularPublished x => Circular(x, await session.Events.AggregateStreamAsync<SpecialInspection>(e.StreamKey!, e.Version, token: ct), e.Version),
        _ => null,
    };

    /// <summary>The circular as the stream stood when it was published (its draft is final from then on).</summary>
    private static Contracts.Supervision.CircularPublished Circular(SpecialInspections.CircularPublished x, SpecialInspection? inspection, long version)
    {
        var circular = inspection?.Circular(x.CircularId) ?? throw new InvalidOperationException($"{x.InspectionId} has no circular {x.CircularId} to relay");
        return new Contracts.Supervision.CircularPublished(circular.CircularId, inspection.InspectionId, inspection.OfficeId, inspection.Subject, inspection.From,
            inspection.To, circular.Title, circular.Text,
            [.. inspection.Findings.Where(f => circular.FindingIds.Contains(f.FindingId))
                .Select(f => new CircularFindingInfo(f.FindingId, f.DepartmentId, f.Found, f.Rectification, f.RectifyBy))],
            circular.Corrects, x.PublishedOn, version, x.At);
    }
}
