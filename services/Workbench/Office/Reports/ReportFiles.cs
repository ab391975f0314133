using Grpc.Core;
using Shuangsuiji.Api.Supervision.V1;
using Shuangsuiji.Workbench.Platform;

namespace Shuangsuiji.Workbench.Office.Reports;

/// <summary>
/// A report as a file, through the workbench: the browser holds no token, so the workbench asks the supervision service
/// with the person's and passes its answer on with the content type it gave and a file name people can keep.
/// </summary>
public static class ReportFiles
{
    public static IEndpointRouteBuilder MapOfficeFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/office/reports/download", Download).RequireAuthorization();
        return app;
    }

    private static async Task Download(string? subject, string? period, string? format, HttpContext http, Supervision.SupervisionClient supervision)
    {
        var extension = format is "csv" or "txt" ? format : "xlsx";
        try
        {
            var body = await supervision.DownloadReportAsync(new DownloadReportRequest { Subject = subject ?? "", Period = period ?? "", Format = extension },
                cancellationToken: http.RequestAborted);
            http.Response.ContentType = body.ContentType;
            var name = $"{FileName(subject ?? "")}-{period}.{extension}";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
            await http.Response.Body.WriteAsync(body.Data.Memory, http.RequestAborted);
        }
        catch (RpcException e)
        {
            await ServiceError.RefuseAsync(http, e);
        }
    }

    /// <summary>A subject as part of a file name: region:130302 → region-130302.</summary>
    private static string FileName(string subject) => new([.. subject.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-')]);
}
