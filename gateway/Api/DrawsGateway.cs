using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Shuangsuiji.Api.Draws.V1;

namespace Shuangsuiji.Gateway.Api;

/// <summary>The draw engine: commands for the task's departments; an executed draw's record and candidate lists are public.</summary>
public sealed class DrawsGateway(Draws.DrawsClient draws) : Draws.DrawsBase
{
    public override Task<Draw> PrepareDraw(PrepareDrawRequest request, ServerCallContext context) => draws.PrepareDrawAsync(request).ResponseAsync;

    public override Task<Draw> PreviewDraw(PrepareDrawRequest request, ServerCallContext context) => draws.PreviewDrawAsync(request).ResponseAsync;

    public override Task<Draw> CommitSecret(CommitSecretRequest request, ServerCallContext context) => draws.CommitSecretAsync(request).ResponseAsync;

    public override Task<Draw> RevealSecret(RevealSecretRequest request, ServerCallContext context) => draws.RevealSecretAsync(request).ResponseAsync;

    public override Task<Draw> RecordPublicValue(RecordPublicValueRequest request, ServerCallContext context) =>
        draws.RecordPublicValueAsync(request).ResponseAsync;

    public override Task<Draw> ExecuteDraw(ExecuteDrawRequest request, ServerCallContext context) => draws.ExecuteDrawAsync(request).ResponseAsync;

    public override Task<Draw> CancelDraw(CancelDrawRequest request, ServerCallContext context) => draws.CancelDrawAsync(request).ResponseAsync;

    public override Task<MatchSummary> MatchInspectors(MatchInspectorsRequest request, ServerCallContext context) =>
        draws.MatchInspectorsAsync(request).ResponseAsync;

    public override Task<Draw> ReplaceInspector(ReplaceInspectorRequest request, ServerCallContext context) =>
        draws.ReplaceInspectorAsync(request).ResponseAsync;

    public override Task<ListDrawsResponse> ListDraws(ListDrawsRequest request, ServerCallContext context) =>
        draws.ListDrawsAsync(request).ResponseAsync;

    public override Task<Draw> GetDraw(GetDrawRequest request, ServerCallContext context) => draws.GetDrawAsync(request).ResponseAsync;

    [AllowAnonymous]
    public override Task<DrawRecordDocument> GetDrawRecord(GetDrawRequest request, ServerCallContext context) =>
        draws.GetDrawRecordAsync(request).ResponseAsync;

    [AllowAnonymous]
    public override Task<Google.Api.HttpBody> GetDrawRecordJson(GetDrawRequest request, ServerCallContext context) =>
        draws.GetDrawRecordJsonAsync(request).ResponseAsync;

    [AllowAnonymous]
    public override async Task StreamCandidates(StreamCandidatesRequest request, IServerStreamWriter<CandidateChunk> responseStream, ServerCallContext context)
    {
        using var call = draws.StreamCandidates(request);
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(context.CancellationToken)) await responseStream.WriteAsync(chunk);
    }
}
