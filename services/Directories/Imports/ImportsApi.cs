using System.IO.Pipelines;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Marten;
using Npgsql;
using Shuangsuiji.Directories.Departments;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Directories.V1;

namespace Shuangsuiji.Directories.Imports;

public sealed class ImportsApi(IDocumentStore store, Importer importer, EntityExport export, NpgsqlDataSource db, TimeProvider clock)
    : Proto.DirectoryImports.DirectoryImportsBase
{
    private const int RejectionsOnSummary = 100;

    /// <summary>The file flows from the request stream through a pipe into the reader: never held whole in memory.</summary>
    public override async Task Import(IAsyncStreamReader<Proto.ImportChunk> requests, IServerStreamWriter<Proto.ImportJob> responses, ServerCallContext call)
    {
        var ct = call.CancellationToken;
        if (!await requests.MoveNext(ct) || requests.Current.PartCase != Proto.ImportChunk.PartOneofCase.Header)
            throw new InvalidFieldException("header", "the first message must carry the import header", "第一条消息须携带导入信息头", Reasons.FieldRequired);
        var header = requests.Current.Header;
        var request = new ImportRequest(
            header.Kind switch
            {
                Proto.ImportKind.Entities => ImportKind.Entities,
                Proto.ImportKind.RiskClasses => ImportKind.RiskClasses,
                Proto.ImportKind.Assignments => ImportKind.Assignments,
                Proto.ImportKind.Inspectors => ImportKind.Inspectors,
                _ => throw new InvalidFieldException("kind", "is required", "必填", Reasons.FieldRequired),
            },
            Require.Code(header.DepartmentId, "department_id"),
            string.IsNullOrWhiteSpace(header.FileName) ? "upload" : header.FileName.Trim(),
            header.Format switch
            {
                Proto.FileFormat.Xlsx => FileFormat.Xlsx,
                Proto.FileFormat.Csv or Proto.FileFormat.Unspecified => FileFormat.Csv,
                _ => throw new InvalidFieldException("format", "is not CSV or XLSX", "不是 CSV 或 XLSX 格式"),
            });
        var encoding = SourceTable.EncodingOf(header.Encoding);

        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
        var upload = Task.Run(async () =>
        {
            try
            {
                while (await requests.MoveNext(ct))
                    if (requests.Current.PartCase == Proto.ImportChunk.PartOneofCase.Data)
                        await pipe.Writer.WriteAsync(requests.Current.Data.Memory, ct);
                await pipe.Writer.CompleteAsync();
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e);
            }
        }, ct);

        var rows = SourceTable.ReadAsync(pipe.Reader.AsStream(), request.Format, encoding, ct);
        var job = await importer.RunAsync(request, rows, call.Command(clock), j => responses.WriteAsync(ToProto(j)), ct);
        await upload;
        var summary = ToProto(job);
        summary.Rejections.AddRange(await RejectionsAsync(job.JobId, 0, RejectionsOnSummary, ct));
        await responses.WriteAsync(summary, ct);
    }

    public override async Task<Proto.ImportJob> GetImportJob(Proto.GetImportJobRequest r, ServerCallContext call) =>
        ToProto(await ReadableJobAsync(r.JobId, call));

    public override async Task<Proto.ListImportRejectionsResponse> ListImportRejections(Proto.ListImportRejectionsRequest r, ServerCallContext call)
    {
        var job = await ReadableJobAsync(r.JobId, call);
        var size = r.PageSize <= 0 ? 100 : Math.Min(r.PageSize, 1000);
        var offset = string.IsNullOrEmpty(r.PageToken) ? 0
            : int.TryParse(r.PageToken, out var o) && o >= 0 ? o
            : throw new InvalidFieldException("page_token", "is not a token this API returned", "不是本接口返回的分页标记");
        var page = await RejectionsAsync(job.JobId, offset, size + 1, call.CancellationToken);
        return new Proto.ListImportRejectionsResponse
        {
            Rejections = { page.Take(size) },
            NextPageToken = page.Count > size ? (offset + size).ToString() : "",
        };
    }

    public override async Task ExportEntities(Proto.ExportEntitiesRequest r, IServerStreamWriter<Proto.FileChunk> responses, ServerCallContext call)
    {
        var ct = call.CancellationToken;
        var departmentId = Require.Code(r.DepartmentId, "department_id");
        var caller = call.Caller();
        if (!caller.ActsFor(departmentId) && !caller.IsSupervisor())
            throw new ForbiddenException($"{caller.DepartmentId} may not export the directory of {departmentId}", $"{caller.DepartmentId} 无权导出 {departmentId} 的名录",
                Reasons.DepartmentOnly.About(departmentId));
        DepartmentTree departments;
        await using (var query = store.QuerySession()) departments = await DepartmentTree.LoadAsync(query, ct);
        if (departments.Find(departmentId) is null)
            throw new NotFoundException($"no department {departmentId}", $"没有部门 {departmentId}", Reasons.DepartmentNotFound.About(departmentId));

        var xlsx = r.Format == Proto.FileFormat.Xlsx;
        var pipe = new Pipe();
        var writing = Task.Run(async () =>
        {
            try
            {
                var rows = export.RowsAsync(departmentId, departments.Scope(departmentId), ct);
                var output = pipe.Writer.AsStream();
                if (xlsx) await EntityExport.WriteXlsxAsync(rows, output, ct);
                else await EntityExport.WriteCsvAsync(rows, output, ct);
                await pipe.Writer.CompleteAsync();
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e);
            }
        }, ct);

        var first = true;
        var stream = pipe.Reader.AsStream();
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            var chunk = new Proto.FileChunk { Data = ByteString.CopyFrom(buffer, 0, read) };
            if (first)
            {
                chunk.ContentType = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8";
                chunk.FileName = $"{departmentId}-entities-{clock.GetUtcNow():yyyyMMdd}.{(xlsx ? "xlsx" : "csv")}";
                first = false;
            }
            await responses.WriteAsync(chunk, ct);
        }
        await writing;
    }

    /// <summary>A job and its rejections (which quote the rows) are the importing department's and the supervising office's.</summary>
    private async Task<ImportJob> ReadableJobAsync(string jobId, ServerCallContext call)
    {
        var caller = call.Caller();
        var job = await importer.LoadAsync(Require.Text(jobId, "job_id"), call.CancellationToken);
        if (!caller.ActsFor(job.DepartmentId) && !caller.IsSupervisor())
            throw new ForbiddenException($"import {job.JobId} is {job.DepartmentId}'s: only that department and the supervising office read it",
                $"导入任务 {job.JobId} 属于 {job.DepartmentId}：仅该部门和领导小组办公室可以查看", Reasons.RecordNotVisible.About(job.JobId));
        return job;
    }

    /// <summary>Read from the batch summaries only, by SQL: a big job's data events are never loaded for this.</summary>
    private async Task<List<Proto.Rejection>> RejectionsAsync(string jobId, int offset, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"""
            select (r ->> 'line')::int, r ->> 'reason'
            from {store.Options.Events.DatabaseSchemaName}.mt_events e, jsonb_array_elements(e.data -> 'rejected') with ordinality as x(r, n)
            where e.stream_id = @stream and e.type = 'import_batch_completed'
            order by (r ->> 'line')::int offset @offset limit @limit
            """, connection);
        command.Parameters.AddWithValue("stream", ImportJob.StreamId(jobId));
        command.Parameters.AddWithValue("offset", offset);
        command.Parameters.AddWithValue("limit", limit);
        var rejections = new List<Proto.Rejection>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) rejections.Add(new Proto.Rejection { Line = reader.GetInt32(0), Reason = reader.GetString(1) });
        return rejections;
    }

    private static Proto.ImportJob ToProto(ImportJob j) => new()
    {
        JobId = j.JobId,
        Kind = j.Kind switch
        {
            ImportKind.Entities => Proto.ImportKind.Entities,
            ImportKind.RiskClasses => Proto.ImportKind.RiskClasses,
            ImportKind.Assignments => Proto.ImportKind.Assignments,
            _ => Proto.ImportKind.Inspectors,
        },
        DepartmentId = j.DepartmentId,
        FileName = j.FileName,
        Status = j.Status switch
        {
            ImportStatus.Running => Proto.ImportStatus.Running,
            ImportStatus.Completed => Proto.ImportStatus.Completed,
            _ => Proto.ImportStatus.Failed,
        },
        Read = j.Counts.Read,
        Added = j.Counts.Added,
        Changed = j.Counts.Changed,
        Unchanged = j.Counts.Unchanged,
        Rejected = j.Counts.Rejected,
        StartedBy = j.StartedBy,
        StartedAt = Timestamp.FromDateTimeOffset(j.StartedAt),
        FinishedAt = j.FinishedAt is { } f ? Timestamp.FromDateTimeOffset(f) : null,
        Failure = j.Failure ?? "",
    };
}
