using System.Text;
using Grpc.Core;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Workbench.Layout;
using Shuangsuiji.Workbench.Platform;

namespace Shuangsuiji.Workbench.Directories;

/// <summary>The directories' files as downloads: an import's rejected rows (CSV with their line numbers), the department's directory.</summary>
public static class DirectoryFiles
{
    public static IEndpointRouteBuilder MapDirectoryFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/directories/imports/{jobId}/rejections.csv", Rejections).RequireAuthorization();
        app.MapGet("/directories/export", Export).RequireAuthorization();
        app.MapImportPost();
        return app;
    }

    /// <summary>The reason a row was refused, in Chinese when the service gave it so.</summary>
    public static string Reason(Rejection rejection) => rejection.ChineseReason is { Length: > 0 } chinese ? chinese : rejection.Reason;

    /// <summary>Every rejected row, page by page from the service; UTF-8 with its byte order mark, so spreadsheet programs read the Chinese.</summary>
    private static async Task Rejections(string jobId, HttpContext http, DirectoryImports.DirectoryImportsClient imports)
    {
        var ct = http.RequestAborted;
        var pages = new List<ListImportRejectionsResponse>();
        try
        {
            var token = "";
            do
            {
                var page = await imports.ListImportRejectionsAsync(new ListImportRejectionsRequest { JobId = jobId, PageSize = 1000, PageToken = token }, cancellationToken: ct);
                pages.Add(page);
                token = page.NextPageToken;
            } while (token.Length > 0);
        }
        catch (RpcException e)
        {
            await ServiceError.RefuseAsync(http, e);
            return;
        }
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"rejections-{jobId}.csv\"";
        var csv = new StringBuilder("\uFEFF行号,原因\r\n");
        foreach (var rejection in pages.SelectMany(p => p.Rejections))
            csv.Append(rejection.Line).Append(',').Append('"').Append(Reason(rejection).Replace("\"", "\"\"")).Append("\"\r\n");
        await http.Response.WriteAsync(csv.ToString(), Encoding.UTF8, ct);
    }

    /// <summary>The department's directory as the service writes it, streamed through.</summary>
    private static async Task Export(string? format, HttpContext http, DirectoryImports.DirectoryImportsClient imports)
    {
        var ct = http.RequestAborted;
        var department = Signed.Of(http.User).Caller.DepartmentId;
        using var call = imports.ExportEntities(new ExportEntitiesRequest
        {
            DepartmentId = department, Format = format == "xlsx" ? FileFormat.Xlsx : FileFormat.Csv,
        }, cancellationToken: ct);
        try
        {
            // The first chunk names the file: the answer starts only once the service has begun to write it.
            if (!await call.ResponseStream.MoveNext(ct)) return;
            var first = call.ResponseStream.Current;
            http.Response.ContentType = first.ContentType;
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{first.FileName}\"";
            await http.Response.Body.WriteAsync(first.Data.Memory, ct);
            while (await call.ResponseStream.MoveNext(ct)) await http.Response.Body.WriteAsync(call.ResponseStream.Current.Data.Memory, ct);
        }
        catch (RpcException e) when (!http.Response.HasStarted)
        {
            await ServiceError.RefuseAsync(http, e);
        }
    }
}
