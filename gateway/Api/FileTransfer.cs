using Google.Protobuf;
using Grpc.Core;
using Shuangsuiji.Api.Directories.V1;

namespace Shuangsuiji.Gateway.Api;

/// <summary>
/// Plain HTTP for files, for clients that cannot stream gRPC: upload a CSV or XLSX as the request body and get
/// the import job's summary as JSON; download a department's directory. Both stream, neither holds the file.
/// </summary>
public static class FileTransfer
{
    public static IEndpointRouteBuilder MapFileTransfer(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/v1/departments/{departmentId}").RequireAuthorization();
        files.MapPost("/imports", Upload).DisableAntiforgery();
        files.MapGet("/entities:export", Download);
        return app;
    }

    private static async Task<IResult> Upload(string departmentId, string kind, string? format, string? encoding, string? fileName,
        HttpRequest http, DirectoryImports.DirectoryImportsClient directories, CancellationToken ct)
    {
        var header = new ImportHeader
        {
            DepartmentId = departmentId,
            Kind = kind switch
            {
                "entities" => ImportKind.Entities,
                "risk_classes" => ImportKind.RiskClasses,
                "assignments" => ImportKind.Assignments,
                "inspectors" => ImportKind.Inspectors,
                _ => ImportKind.Unspecified,
            },
            Format = format == "xlsx" ? FileFormat.Xlsx : FileFormat.Csv,
            FileName = fileName ?? "upload",
            Encoding = encoding ?? "",
        };
        if (header.Kind == ImportKind.Unspecified)
            return Results.Problem(title: "kind: must be entities, risk_classes, assignments or inspectors", statusCode: 400);
        try
        {
            using var call = directories.Import(cancellationToken: ct);
            await call.RequestStream.WriteAsync(new ImportChunk { Header = header }, ct);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await http.Body.ReadAsync(buffer, ct)) > 0)
                await call.RequestStream.WriteAsync(new ImportChunk { Data = ByteString.CopyFrom(buffer, 0, read) }, ct);
            await call.RequestStream.CompleteAsync();
            ImportJob? last = null;
            await foreach (var job in call.ResponseStream.ReadAllAsync(ct)) last = job;
            return Results.Text(Json.Format(last), "application/json");
        }
        catch (RpcException e)
        {
            return Problem(e);
        }
    }

    private static async Task Download(string departmentId, string? format, HttpResponse http,
        DirectoryImports.DirectoryImportsClient directories, CancellationToken ct)
    {
        try
        {
            using var call = directories.ExportEntities(new ExportEntitiesRequest
            {
                DepartmentId = departmentId, Format = format == "xlsx" ? FileFormat.Xlsx : FileFormat.Csv,
            }, cancellationToken: ct);
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(ct))
            {
                if (!http.HasStarted)
                {
                    http.ContentType = chunk.ContentType;
                    http.Headers.ContentDisposition = $"attachment; filename=\"{chunk.FileName}\"";
                }
                await http.Body.WriteAsync(chunk.Data.Memory, ct);
            }
        }
        catch (RpcException e) when (!http.HasStarted)
        {
            await Problem(e).ExecuteAsync(http.HttpContext);
        }
    }

    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    private static IResult Problem(RpcException e) => Results.Problem(title: e.Status.Detail, statusCode: e.StatusCode switch
    {
        StatusCode.InvalidArgument => 400,
        StatusCode.Unauthenticated => 401,
        StatusCode.PermissionDenied => 403,
        StatusCode.NotFound => 404,
        StatusCode.AlreadyExists or StatusCode.FailedPrecondition => 409,
        _ => 502,
    });
}
