using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Workbench.Layout;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Shuangsuiji.Workbench.Directories;

/// <summary>
/// An import sent by a browser without JavaScript: the import page's plain multipart form. The file streams from the request
/// into the directories' Import call as it arrives (never held whole); once the service has named the job, the browser goes
/// to the job's page, which follows the import to its end, while the call goes on here until the service has read it all.
/// </summary>
public static class ImportPost
{
    /// <summary>The largest file taken (a province's directory as CSV), as through the live upload.</summary>
    public const long MaxFileSize = 1L << 30;

    public static void MapImportPost(this IEndpointRouteBuilder app) =>
        app.MapPost(Action, ImportAsync).RequireAuthorization().DisableAntiforgery();

    /// <summary>Where the import page's form posts (beside the page's own address, which Blazor answers).</summary>
    public const string Action = "/directories/import/upload";

    public static string JobPage(string jobId) => $"/directories/imports/{Uri.EscapeDataString(jobId)}";

    /// <summary>Why a plain upload came back to the import page, in Chinese.</summary>
    public static string Explain(string? problem) => problem switch
    {
        "no-file" => "请先选择要导入的文件。",
        "forbidden" => "无权向本部门名录导入文件。",
        "refused" => "导入未能开始，请检查文件和导入内容后重试。",
        "unavailable" => "名录服务暂时无法访问，请稍后再试。",
        _ => "",
    };

    private static async Task<IResult> ImportAsync(HttpContext http, IAntiforgery antiforgery, DirectoryImports.DirectoryImportsClient imports,
        IHostApplicationLifetime lifetime, ILoggerFactory logs)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = MaxFileSize + 65536;
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
            return HttpResults.BadRequest("multipart/form-data expected");
        var reader = new MultipartReader(boundary, http.Request.Body) { BodyLengthLimit = MaxFileSize };
        var verified = false;
        var kind = ImportKind.Entities;
        // Not the request's token: the import goes on after the browser has been sent to the job's page.
        AsyncDuplexStreamingCall<ImportChunk, ImportJob>? call = null;
        try
        {
            while (await reader.ReadNextSectionAsync(http.RequestAborted) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
                if (!disposition.IsFileDisposition())
                {
                    using var text = new StreamReader(section.Body);
                    var value = await text.ReadToEndAsync(http.RequestAborted);
                    // The form puts its anti-forgery token first, so nothing is sent for a forged request.
                    if (disposition.Name.Value == "__RequestVerificationToken" && !verified)
                    {
                        http.Request.Headers["RequestVerificationToken"] = value;
                        await antiforgery.ValidateRequestAsync(http);
                        verified = true;
                    }
                    else if (disposition.Name.Value == "kind" && Enum.TryParse<ImportKind>(value, out var picked)) kind = picked;
                    continue;
                }
                if (!verified) return HttpResults.BadRequest("the form's token comes before its file");
                var name = Path.GetFileName((disposition.FileNameStar.Value ?? disposition.FileName.Value ?? "").Replace('\\', '/')).Trim();
                if (name.Length == 0 || call is not null) continue; // a file input left empty, or a second file
                call = imports.Import(cancellationToken: lifetime.ApplicationStopping);
                await call.RequestStream.WriteAsync(new ImportChunk
                {
                    Header = new ImportHeader
                    {
                        DepartmentId = Signed.Of(http.User).Caller.DepartmentId, Kind = kind, FileName = name,
                        Format = name.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? FileFormat.Xlsx : FileFormat.Csv,
                    },
                });
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await section.Body.ReadAsync(buffer, http.RequestAborted)) > 0)
                    await call.RequestStream.WriteAsync(new ImportChunk { Data = ByteString.CopyFrom(buffer, 0, read) });
                await call.RequestStream.CompleteAsync();
            }
            if (!verified) return HttpResults.BadRequest("the form's token is missing");
            if (call is null) return HttpResults.Redirect("/directories/import?problem=no-file");
            if (!await call.ResponseStream.MoveNext(http.RequestAborted)) return HttpResults.Redirect("/directories/import?problem=refused");
            var job = call.ResponseStream.Current;
            _ = FollowAsync(call, logs.CreateLogger(typeof(ImportPost)), lifetime.ApplicationStopping);
            call = null;
            return HttpResults.Redirect(JobPage(job.JobId));
        }
        catch (AntiforgeryValidationException)
        {
            return HttpResults.BadRequest("the form's token is not valid");
        }
        catch (RpcException e)
        {
            return HttpResults.Redirect("/directories/import?problem=" + e.StatusCode switch
            {
                StatusCode.PermissionDenied => "forbidden",
                StatusCode.Unavailable or StatusCode.DeadlineExceeded => "unavailable",
                _ => "refused",
            });
        }
        finally
        {
            call?.Dispose();
        }
    }

    /// <summary>Reads the rest of the service's progress: an unread answer would hold the import up, and disposing the call would end it.</summary>
    private static async Task FollowAsync(AsyncDuplexStreamingCall<ImportChunk, ImportJob> call, ILogger log, CancellationToken ct)
    {
        using (call)
        {
            try
            {
                while (await call.ResponseStream.MoveNext(ct)) { }
            }
            catch (RpcException e)
            {
                // The job's page shows how it ended: the service keeps the job's state whatever happens to this call.
                log.LogWarning(e, "A plain-form import's call ended early: {Status}", e.StatusCode);
            }
        }
    }
}
