using System.IO.Pipelines;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shuangsuiji.Directories.Departments;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Directories.V1;

namespace Shuangsuiji.Directories.Imports;

/// <summary>
/// Imports and exports as files, for the gRPC streams (<see cref="ImportsApi"/>) and for plain HTTP: upload a CSV or XLSX as
/// the request body and get the job's summary as JSON, download a department's directory — for clients that cannot stream
/// gRPC. Neither holds the file whole.
/// </summary>
public sealed class ImportFiles(IDocumentStore store, Importer importer, EntityExport export, NpgsqlDataSource db, ImportLimits limits, TimeProvider clock)
{
    private const int RejectionsOnSummary = 100;

    /// <summary>Runs the import of one file and answers its summary with its first rejections.</summary>
    public async Task<Proto.ImportJob> ImportAsync(ImportRequest request, Encoding encoding, Stream file, CommandContext command,
        Func<Proto.ImportJob, Task> progress, CancellationToken ct)
    {
        var rows = SourceTable.ReadAsync(file, request.Format, encoding, limits, ct);
        var job = await importer.RunAsync(request, rows, command, j => progress(ToProto(j)), ct);
        var summary = ToProto(job);
        summary.Rejections.AddRange(await RejectionsAsync(job.JobId, 0, RejectionsOnSummary, ct));
        return summary;
    }

    /// <summary>A department's directory as a file, written into <see cref="Export.Content"/> while it is read.</summary>
    public sealed record Export(string ContentType, string FileName, Stream Content, Task Writing);

    public async Task<Export> ExportAsync(string departmentId, bool xlsx, Caller caller, CancellationToken ct)
    {
        if (!caller.ActsFor(departmentId) && !caller.IsSupervisor())
            throw new ForbiddenException($"{caller.DepartmentId} may not export the directory of {departmentId}", $"{caller.DepartmentId} 无权导出 {departmentId} 的名录",
                Reasons.DepartmentOnly.About(departmentId));
        DepartmentTree departments;
        await using (var query = store.QuerySession()) departments = await DepartmentTrees.LoadAsync(query, ct);
        if (departments.Find(departmentId) is null)
            throw new NotFoundException($"no department {departmentId}", $"没有部门 {departmentId}", Reasons.DepartmentNotFound.About(departmentId));

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
        return new Export(
            xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8",
            $"{departmentId}-entities-{clock.GetUtcNow():yyyyMMdd}.{(xlsx ? "xlsx" : "csv")}", pipe.Reader.AsStream(), writing);
    }

    /// <summary>Read from the batch summaries only, by SQL: a big job's data events are never loaded for this.</summary>
    public async Task<List<Proto.Rejection>> RejectionsAsync(string jobId, int offset, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"""
            select (r ->> 'line')::int, r ->> 'reason', coalesce(r ->> 'chinese', '')
            from {store.Options.Events.DatabaseSchemaName}.mt_events e, jsonb_array_elements(e.data -> 'rejected') with ordinality as x(r, n)
            where e.stream_id = @stream and e.type = 'import_batch_completed'
            order by (r ->> 'line')::int offset @offset limit @limit
            """, connection);
        command.Parameters.AddWithValue("stream", ImportJob.StreamId(jobId));
        command.Parameters.AddWithValue("offset", offset);
        command.Parameters.AddWithValue("limit", limit);
        var rejections = new List<Proto.Rejection>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) rejections.Add(new Proto.Rejection { Line = reader.GetInt32(0), Reason = reader.GetString(1), ChineseReason = reader.GetString(2) });
        return rejections;
    }

    public static Proto.ImportJob ToProto(ImportJob j) => new()
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

/// <summary>The plain-HTTP door to <see cref="ImportFiles"/>, proxied by the gateway like the JSON API.</summary>
public static class ImportFileEndpoints
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static WebApplication MapImportFiles(this WebApplication app)
    {
        var files = app.MapGroup("/v1/departments/{departmentId}").RequireAuthorization();
        files.MapPost("/imports", Upload).DisableAntiforgery();
        files.MapGet("/entities:export", Download);
        return app;
    }

    private static Task Upload(string departmentId, string kind, string? format, string? encoding, string? fileName,
        HttpContext http, ImportFiles files, ImportLimits limits, TimeProvider clock) => Answered(http, async ct =>
    {
        // A body declared too large is refused before a job starts; one that only turns out so fails its job there.
        if (http.Request.ContentLength > limits.MaxFileBytes) throw limits.FileTooLarge();
        var request = new ImportRequest(
            kind switch
            {
                "entities" => ImportKind.Entities,
                "risk_classes" => ImportKind.RiskClasses,
                "assignments" => ImportKind.Assignments,
                "inspectors" => ImportKind.Inspectors,
                _ => throw new InvalidFieldException("kind", "must be entities, risk_classes, assignments or inspectors",
                    "应为 entities（市场主体）、risk_classes（风险分类）、assignments（标签与分库）或 inspectors（检查人员）"),
            },
            Require.Code(departmentId, "department_id"), string.IsNullOrWhiteSpace(fileName) ? "upload" : fileName.Trim(),
            format == "xlsx" ? FileFormat.Xlsx : FileFormat.Csv);
        var summary = await files.ImportAsync(request, SourceTable.EncodingOf(encoding), http.Request.Body, http.Command(clock),
            _ => Task.CompletedTask, ct);
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(Json.Format(summary), ct);
    });

    private static Task Download(string departmentId, string? format, HttpContext http, ImportFiles files) => Answered(http, async ct =>
    {
        var file = await files.ExportAsync(Require.Code(departmentId, "department_id"), format == "xlsx", http.Caller(), ct);
        http.Response.ContentType = file.ContentType;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{file.FileName}\"";
        await file.Content.CopyToAsync(http.Response.Body, ct);
        await file.Writing;
    });

    private static readonly JsonFormatter ErrorJson = new(JsonFormatter.Settings.Default.WithTypeRegistry(ErrorDetails.Types));

    /// <summary>A refusal before the file starts is answered as the JSON API answers one: google.rpc.Status with its details, its HTTP status.</summary>
    private static async Task Answered(HttpContext http, Func<CancellationToken, Task> handle)
    {
        try
        {
            await handle(http.RequestAborted);
        }
        catch (Exception e) when (!http.Response.HasStarted
                                  && ErrorDetails.ToRpcException(e, http.RequestServices.GetRequiredService<ErrorDomain>())?.GetRpcStatus() is { } status)
        {
            http.Response.StatusCode = (StatusCode)status.Code switch
            {
                StatusCode.NotFound => StatusCodes.Status404NotFound,
                StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
                StatusCode.AlreadyExists => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status400BadRequest,
            };
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(ErrorJson.Format(status));
        }
    }
}
