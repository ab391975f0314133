using Grpc.Core;
using Marten;
using Npgsql;
using Shuangsuiji.AuditTrail.Checkpoints;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Checkpoints.V1;

namespace Shuangsuiji.Supervision.Checkpoints;

/// <summary>The notary's API: a head on demand for the supervising office; the proofs for anyone, from the notary's tree.</summary>
public sealed class NotaryApi(IDocumentStore store, NpgsqlDataSource db, CheckpointTables tables, Notary notary, TimeProvider clock)
    : Proto.Notary.NotaryBase
{
    public override async Task<Proto.SignedCheckpoint> CreateCheckpoint(Proto.CreateCheckpointRequest r, ServerCallContext call)
    {
        var command = call.Command(clock);
        // The checkpoint covers every store of the platform: the city office's, as the notary is.
        if (!command.Caller.IsSupervisor() || !Regions.CityOrWider(command.Caller.Region))
            throw new ForbiddenException($"only the city office may have a checkpoint signed; {command.Caller.DepartmentId} ({command.Caller.Role}) may not",
                $"只有市双随机办可以要求签署检查点；{command.Caller.DepartmentId}（{command.Caller.Role}）无权执行", Reasons.OfficeOnly.About(null));
        var head = await notary.SignAsync(command, call.CancellationToken)
            ?? throw new RuleViolationException("no store has a chain row yet: there is nothing to sign", "尚无任何存储写入链行：没有可签署的内容", SupervisionReasons.NothingToSign);
        return ToProto(head);
    }

    public override async Task<Proto.ConsistencyProof> GetConsistencyProof(Proto.GetConsistencyProofRequest r, ServerCallContext call)
    {
        var latest = await LatestSizeAsync(call.CancellationToken);
        if (r.Second < 1 || r.Second > latest)
            throw new InvalidFieldException("second", $"{r.Second} is not the size of a signed tree (1 to {latest})", $"{r.Second} 不是已签署的树的大小（1 到 {latest}）", Reasons.FieldOutOfRange);
        if (r.First < 1 || r.First > r.Second)
            throw new InvalidFieldException("first", $"{r.First} is not between 1 and second ({r.Second})", $"{r.First} 不在 1 到 second（{r.Second}）之间", Reasons.FieldOutOfRange);
        var hashes = r.First == r.Second ? [] : await tables.RangeHashesAsync(db, MerkleTree.ConsistencyProof(r.First, r.Second), call.CancellationToken);
        return new Proto.ConsistencyProof { First = r.First, Second = r.Second, Hashes = { hashes.Select(Convert.ToHexStringLower) } };
    }

    public override async Task<Proto.InclusionProof> GetInclusionProof(Proto.GetInclusionProofRequest r, ServerCallContext call)
    {
        var service = Require.Text(r.Service, "service");
        if (!CheckpointLeaf.Services.Contains(service))
            throw new InvalidFieldException("service", $"{service} is not one of {string.Join(", ", CheckpointLeaf.Services)}", $"{service} 不是 {string.Join("、", CheckpointLeaf.Services)} 之一");
        var streamId = Require.Text(r.StreamId, "stream_id", 500);
        if (r.Version < 1) throw new InvalidFieldException("version", "is a stream version, from 1", "须为记录的版本号，从 1 起", Reasons.FieldOutOfRange);
        var latest = await LatestSizeAsync(call.CancellationToken);
        var size = r.TreeSize == 0 ? latest : r.TreeSize;
        if (size < 1 || size > latest)
            throw new InvalidFieldException("tree_size", $"{r.TreeSize} is not the size of a signed tree (1 to {latest})", $"{r.TreeSize} 不是已签署的树的大小（1 到 {latest}）",
                Reasons.FieldOutOfRange);
        var (position, leaf) = await tables.FindAsync(db, service, streamId, r.Version, call.CancellationToken)
            ?? throw new NotFoundException($"{service} {streamId} version {r.Version} is in no signed tree yet", $"{service} 的 {streamId} 第 {r.Version} 版尚未进入已签署的树",
                SupervisionReasons.NotInSignedTree.About(service, streamId, r.Version));
        if (position >= size)
            throw new NotFoundException($"{service} {streamId} version {r.Version} entered the tree at position {position}, after the tree of {size}",
                $"{service} 的 {streamId} 第 {r.Version} 版在位置 {position} 进入树，晚于大小为 {size} 的树", SupervisionReasons.NotInSignedTree.About(service, streamId, r.Version));
        var path = await tables.RangeHashesAsync(db, MerkleTree.AuditPath(position, size), call.CancellationToken);
        return new Proto.InclusionProof { TreeSize = size, LeafIndex = position, Leaf = leaf.Text, AuditPath = { path.Select(Convert.ToHexStringLower) } };
    }

    private async Task<long> LatestSizeAsync(CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return (await query.LoadAsync<CheckpointLog>(CheckpointLog.StreamId, ct))?.Latest.TreeSize
            ?? throw new NotFoundException("no checkpoint has been signed yet", "尚未签署任何检查点", SupervisionReasons.CheckpointNotFound.About(null));
    }

    private static Proto.SignedCheckpoint ToProto(CheckpointSigned head) => head.Head.ToProto(head.Signature, head.PublicKey, head.ConsistencyProof);
}
