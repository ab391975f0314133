using Grpc.Core;
using Marten;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Checkpoints.V1;

namespace Shuangsuiji.Disclosure.Checkpoints;

/// <summary>The published heads of the audit trail's Merkle tree, readable without a token.</summary>
public sealed class PublishedCheckpointsApi(IDocumentStore store) : Proto.PublishedCheckpoints.PublishedCheckpointsBase
{
    private const int DefaultPageSize = 50, MaxPageSize = 200;

    public override async Task<Proto.SignedCheckpoint> GetLatestCheckpoint(Proto.GetLatestCheckpointRequest r, ServerCallContext call)
    {
        await using var query = store.QuerySession();
        var latest = await query.Query<PublicCheckpoint>().OrderByDescending(c => c.TreeSize).FirstOrDefaultAsync(call.CancellationToken);
        return latest?.ToProto() ?? throw new NotFoundException("no checkpoint has been published yet", "尚未公布任何检查点", DisclosureReasons.CheckpointNotFound.About(null));
    }

    public override async Task<Proto.SignedCheckpoint> GetCheckpoint(Proto.GetCheckpointRequest r, ServerCallContext call)
    {
        if (r.TreeSize < 1) throw new InvalidFieldException("tree_size", "is the size of a published tree, from 1", "须为已公布的树的大小，从 1 起", Reasons.FieldOutOfRange);
        await using var query = store.QuerySession();
        var head = await query.LoadAsync<PublicCheckpoint>(PublicCheckpoint.StreamId(r.TreeSize), call.CancellationToken);
        return head?.ToProto() ?? throw new NotFoundException($"no checkpoint of size {r.TreeSize} has been published", $"尚未公布大小为 {r.TreeSize} 的检查点",
            DisclosureReasons.CheckpointNotFound.About(r.TreeSize));
    }

    public override async Task<Proto.ListCheckpointsResponse> ListCheckpoints(Proto.ListCheckpointsRequest r, ServerCallContext call)
    {
        var size = r.PageSize <= 0 ? DefaultPageSize : Math.Min(r.PageSize, MaxPageSize);
        var below = r.PageToken.Length == 0 ? long.MaxValue
            : long.TryParse(r.PageToken, out var token) && token > 0 ? token
            : throw new InvalidFieldException("page_token", "is not a token this API returned", "不是本接口返回的分页标记");
        await using var query = store.QuerySession();
        var page = await query.Query<PublicCheckpoint>().Where(c => c.TreeSize < below).OrderByDescending(c => c.TreeSize).Take(size + 1)
            .ToListAsync(call.CancellationToken);
        return new Proto.ListCheckpointsResponse
        {
            Checkpoints = { page.Take(size).Select(c => c.ToProto()) },
            NextPageToken = page.Count > size ? page[size - 1].TreeSize.ToString() : "",
        };
    }
}
