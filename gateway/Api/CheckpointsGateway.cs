using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Shuangsuiji.Api.Checkpoints.V1;

namespace Shuangsuiji.Gateway.Api;

/// <summary>The checkpoints' notary (supervision service): a head on demand needs the office's token; the proofs are public.</summary>
[Authorize]
public sealed class NotaryGateway(Notary.NotaryClient notary) : Notary.NotaryBase
{
    public override Task<SignedCheckpoint> CreateCheckpoint(CreateCheckpointRequest request, ServerCallContext context) =>
        notary.CreateCheckpointAsync(request).ResponseAsync;

    [AllowAnonymous]
    public override Task<ConsistencyProof> GetConsistencyProof(GetConsistencyProofRequest request, ServerCallContext context) =>
        notary.GetConsistencyProofAsync(request).ResponseAsync;

    [AllowAnonymous]
    public override Task<InclusionProof> GetInclusionProof(GetInclusionProofRequest request, ServerCallContext context) =>
        notary.GetInclusionProofAsync(request).ResponseAsync;
}

/// <summary>The published checkpoints (disclosure service): no token needed.</summary>
[AllowAnonymous]
public sealed class PublishedCheckpointsGateway(PublishedCheckpoints.PublishedCheckpointsClient disclosure) : PublishedCheckpoints.PublishedCheckpointsBase
{
    public override Task<SignedCheckpoint> GetLatestCheckpoint(GetLatestCheckpointRequest request, ServerCallContext context) =>
        disclosure.GetLatestCheckpointAsync(request).ResponseAsync;

    public override Task<SignedCheckpoint> GetCheckpoint(GetCheckpointRequest request, ServerCallContext context) =>
        disclosure.GetCheckpointAsync(request).ResponseAsync;

    public override Task<ListCheckpointsResponse> ListCheckpoints(ListCheckpointsRequest request, ServerCallContext context) =>
        disclosure.ListCheckpointsAsync(request).ResponseAsync;
}
