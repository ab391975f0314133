using System.IO.Pipelines;
using Google.Protobuf;
using Grpc.Core;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Directories.V1;

namespace Shuangsuiji.Directories.Imports;

public sealed class ImportsApi(ImportFiles files, Importer importer, TimeProvider clock) : Proto.DirectoryImports.DirectoryImportsBase
{
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

        var summary = await files.ImportAsync(request, encoding, pipe.Reader.AsStream(), call.Command(clock), j => responses.WriteAsync(j), ct);
        await upload;
        await responses.WriteAsync(summary, ct);
    }

    public override async Task<Proto.ImportJob> GetImportJob(Proto.GetImportJobRequest r, ServerCallContext call) =>
        ImportFiles.ToProto(await ReadableJobAsync(r.JobId, call));

    public override async Task<Proto.ListImportRejectionsResponse> ListImportRejections(Proto.ListImportRejectionsRequest r, ServerCallContext call)
    {
        var job = await ReadableJobAsync(r.JobId, call);
        var size = r.PageSize <= 0 ? 100 : Math.Min(r.PageSize, 1000);
        var offset = string.IsNullOrEmpty(r.PageToken) ? 0
            : int.TryParse(r.PageToken, out var o) && o >= 0 ? o
            : throw new InvalidFieldException("page_token", "is not a token this API returned", "不是本接口返回的分页标记");
        var page = await files.RejectionsAsync(job.JobId, offset, size + 1, call.CancellationToken);
        return new Proto.ListImportRejectionsResponse
        {
            Rejections = { page.Take(size) },
            NextPageToken = page.Count > size ? (offset + size).ToString() : "",
        };
    }

    public override async Task ExportEntities(Proto.ExportEntitiesRequest r, IServerStreamWriter<Proto.FileChunk> responses, ServerCallContext call)
    {
        var ct = call.CancellationToken;
        var file = await files.ExportAsync(Require.Code(r.DepartmentId, "department_id"), r.Format == Proto.FileFormat.Xlsx, call.Caller(), ct);
        var first = true;
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await file.Content.ReadAsync(buffer, ct)) > 0)
        {
            var chunk = new Proto.FileChunk { Data = ByteString.CopyFrom(buffer, 0, read) };
            if (first)
            {
                chunk.ContentType = file.ContentType;
                chunk.FileName = file.FileName;
                first = false;
            }
            await responses.WriteAsync(chunk, ct);
        }
        await file.Writing;
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
}
