using Grpc.Core;
using Npgsql;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Audit.V1;

namespace Shuangsuiji.AuditTrail;

public sealed partial class AuditTrailApi
{
    private const int MaxChainRows = 10_000;

    /// <summary>
    /// The chain rows for the supervising office's notary, in sequence order up to the chain writer's checkpoint, read in
    /// one statement so the rows and the progress answered belong together. Rows hold hashes and stream names, no event,
    /// so the read is not recorded: recorded, every checkpoint would add an event to every store for the next one to sign.
    /// </summary>
    public override async Task<Proto.ListChainRowsResponse> ListChainRows(Proto.ListChainRowsRequest r, ServerCallContext call)
    {
        var caller = call.Caller();
        ThisService(r.Service);
        if (!caller.IsSupervisor())
            throw new ForbiddenException($"the chain rows are read by the supervising office's notary; {caller.DepartmentId} ({caller.Role}) may not read them",
                $"链行仅由领导小组办公室的公证服务读取；{caller.DepartmentId}（{caller.Role}）无权读取", Reasons.OfficeOnly.About(null));
        if (r.AfterSeq < 0) throw new InvalidFieldException("after_seq", "is a sequence number, never negative", "须为序号，不能为负数", Reasons.FieldOutOfRange);
        var limit = r.Limit switch
        {
            0 => MaxChainRows,
            > 0 and <= MaxChainRows => r.Limit,
            _ => throw new InvalidFieldException("limit", $"{r.Limit} is not between 1 and {MaxChainRows}", $"{r.Limit} 不在 1 到 {MaxChainRows} 之间", Reasons.FieldOutOfRange),
        };

        await using var command = db.CreateCommand($"""
            with p as (select coalesce((select last_seq_id from {log.Progression} where name = '{AuditLog.ChainWriterProgress}'), 0) as progress)
            select p.progress, c.stream_id, c.version, c.seq_id, c.chain_hash from p left join lateral (
                select * from {log.Chain} c where c.seq_id > $1 and c.seq_id <= p.progress order by c.seq_id limit $2) c on true
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = r.AfterSeq });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var response = new Proto.ListChainRowsResponse();
        await using var reader = await command.ExecuteReaderAsync(call.CancellationToken);
        while (await reader.ReadAsync(call.CancellationToken))
        {
            response.Progress = reader.GetInt64(0);
            if (reader.IsDBNull(1)) continue;
            response.Rows.Add(new Proto.ChainRow
            {
                StreamId = reader.GetString(1), Version = reader.GetInt64(2), Seq = reader.GetInt64(3),
                ChainHash = Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(4)),
            });
        }
        return response;
    }
}
