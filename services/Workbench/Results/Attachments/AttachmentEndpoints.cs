using System.Text.RegularExpressions;
using Grpc.Core;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Kernel;
using Shuangsuiji.Workbench.Layout;
using Shuangsuiji.Workbench.Platform;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Shuangsuiji.Workbench.Results.Attachments;

/// <summary>
/// Photos and scanned records of a result: uploaded by the department's staff through a plain multipart form (the
/// camera on a phone), streamed into the file store and added to the result's draft; downloaded by whoever the tasks
/// service lets read the result (the departments of the task, once it is visible to them).
/// </summary>
public static partial class AttachmentEndpoints
{
    public static IHostApplicationBuilder AddAttachments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FileStoreOptions>().BindConfiguration(FileStoreOptions.Section);
        builder.Services.AddSingleton<IFileStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<FileStoreOptions>>().Value;
            if (options.Problems() is { Count: > 0 } problems) throw new InvalidOperationException(string.Join("; ", problems));
            return options.Kind == "s3" ? new S3FileStore(S3FileStore.Client(options.S3), options.S3) : new LocalFileStore(options.Directory);
        });
        return builder;
    }

    public static void MapAttachments(this IEndpointRouteBuilder app)
    {
        app.MapPost("/tasks/{taskId}/entities/{uscc}/attachments", UploadAsync).RequireAuthorization().DisableAntiforgery();
        app.MapGet("/tasks/{taskId}/entities/{uscc}/departments/{departmentId}/attachments/{sha256}", DownloadAsync).RequireAuthorization();
    }

    /// <summary>Where the entry page is, with what became of an upload (the page says it in Chinese).</summary>
    public static string EntryPage(string taskId, string uscc, string? upload = null) =>
        $"/tasks/{Uri.EscapeDataString(taskId)}/entities/{Uri.EscapeDataString(uscc)}" + (upload is null ? "" : $"?upload={upload}#attachments");

    /// <summary>The upload outcomes the entry page explains.</summary>
    public static string Explain(string? upload, long maxBytes) => upload switch
    {
        "saved" => "附件已上传并保存到结果草稿。",
        "too-large" => $"文件超过 {Size(maxBytes)} 的大小限制，未保存。请压缩或分开上传。",
        "no-file" => "请先选择要上传的照片或文件。",
        "not-editable" => "结果已提交或已审核，不能再添加附件；退回后可再添加。",
        "refused" => "附件未能保存到结果，请刷新页面后重试。",
        _ => "",
    };

    /// <summary>A size as people read it: 20 MB, 97.7 KB.</summary>
    public static string Size(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / 1048576.0:0.#} MB"
        : $"{bytes / 1024.0:0.#} KB";

    private static async Task<IResult> UploadAsync(string taskId, string uscc, HttpContext http, IAntiforgery antiforgery, IFileStore files,
        IOptions<FileStoreOptions> options, Api.Tasks.V1.Tasks.TasksClient tasks)
    {
        var caller = Signed.Of(http.User).Caller;
        if (caller.Role != Roles.Staff) return HttpResults.StatusCode(StatusCodes.Status403Forbidden);
        var limit = options.Value.MaxBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size && size.MaxRequestBodySize < limit * 2 + 65536)
            size.MaxRequestBodySize = limit * 2 + 65536; // two files (camera and picker) and the form's fields
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
            return HttpResults.BadRequest("multipart/form-data expected");
        var reader = new MultipartReader(boundary, http.Request.Body);
        var attached = new List<Attachment>();
        var verified = false;
        try
        {
            while (await reader.ReadNextSectionAsync(http.RequestAborted) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
                if (!disposition.IsFileDisposition())
                {
                    // The form puts its anti-forgery token first, so nothing is stored for a forged request.
                    if (disposition.Name.Value == "__RequestVerificationToken" && !verified)
                    {
                        using var text = new StreamReader(section.Body);
                        http.Request.Headers["RequestVerificationToken"] = await text.ReadToEndAsync(http.RequestAborted);
                        await antiforgery.ValidateRequestAsync(http);
                        verified = true;
                    }
                    continue;
                }
                if (!verified) return HttpResults.BadRequest("the form's token comes before its files");
                var name = FileName(disposition.FileNameStar.Value ?? disposition.FileName.Value);
                if (name.Length == 0) continue; // a file input left empty
                var stored = await files.PutAsync(caller.DepartmentId, section.Body, limit, http.RequestAborted);
                attached.Add(new Attachment { Sha256 = stored.Sha256, FileName = name, MediaType = MediaType(section.ContentType) });
            }
        }
        catch (FileTooLargeException)
        {
            // Read what is left, so the browser gets the answer rather than a broken connection.
            await http.Request.Body.CopyToAsync(Stream.Null, http.RequestAborted);
            return HttpResults.Redirect(EntryPage(taskId, uscc, "too-large"));
        }
        catch (AntiforgeryValidationException)
        {
            return HttpResults.BadRequest("the form's token is not valid");
        }
        if (!verified) return HttpResults.BadRequest("the form's token is missing");
        if (attached.Count == 0) return HttpResults.Redirect(EntryPage(taskId, uscc, "no-file"));
        return HttpResults.Redirect(EntryPage(taskId, uscc, await AddToDraftAsync(tasks, caller.DepartmentId, taskId, uscc, attached, http.RequestAborted)));
    }

    /// <summary>The draft as stored, with the new files beside those it had.</summary>
    private static async Task<string> AddToDraftAsync(Api.Tasks.V1.Tasks.TasksClient tasks, string department, string taskId, string uscc,
        IReadOnlyList<Attachment> attached, CancellationToken ct)
    {
        try
        {
            var results = await tasks.ListResultsAsync(new ListResultsRequest { TaskId = taskId, DepartmentId = department }, cancellationToken: ct);
            var current = results.Results.FirstOrDefault(r => r.Uscc == uscc);
            if (current?.Status is ResultStatus.Submitted or ResultStatus.Approved) return "not-editable";
            var entry = current?.Entry?.Clone() ?? new ResultEntry();
            entry.Attachments.AddRange(attached.Where(a => entry.Attachments.All(e => e.Sha256 != a.Sha256)).DistinctBy(a => a.Sha256));
            var request = new ResultEntryRequest { TaskId = taskId, DepartmentId = department, Uscc = uscc, Entry = entry };
            if (current is not null) request.ExpectedVersion = current.Version;
            await tasks.SaveResultDraftAsync(request, GatewayClients.Command(Guid.NewGuid().ToString("N"), ct));
            return "saved";
        }
        catch (RpcException)
        {
            return "refused";
        }
    }

    private static async Task<IResult> DownloadAsync(string taskId, string uscc, string departmentId, string sha256, HttpContext http, IFileStore files,
        Api.Tasks.V1.Tasks.TasksClient tasks)
    {
        if (!FileKeys.IsSha256(sha256)) return HttpResults.NotFound();
        CheckRecord record;
        try
        {
            record = await tasks.GetCheckRecordAsync(new GetCheckRecordRequest { TaskId = taskId, Uscc = uscc }, cancellationToken: http.RequestAborted);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.PermissionDenied or StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return HttpResults.NotFound();
        }
        // Only a file the result names, as the tasks service shows the result to this caller.
        var attachment = record.Departments.FirstOrDefault(d => d.DepartmentId == departmentId)?.Attachments.FirstOrDefault(a => a.Sha256 == sha256);
        if (attachment is null || await files.OpenAsync(departmentId, sha256, http.RequestAborted) is not { } content) return HttpResults.NotFound();
        http.Response.Headers.XContentTypeOptions = "nosniff";
        // What a person uploaded is never shown as a page of the workbench.
        var shown = attachment.MediaType.StartsWith("image/", StringComparison.Ordinal) || attachment.MediaType == "application/pdf"
            ? attachment.MediaType : "application/octet-stream";
        return HttpResults.Stream(content, shown, attachment.FileName);
    }

    private static string FileName(string? given)
    {
        var name = Path.GetFileName((given ?? "").Replace('\\', '/')).Trim();
        name = new string([.. name.Where(c => !char.IsControl(c))]);
        return name.Length > 255 ? name[^255..] : name;
    }

    private static string MediaType(string? given) =>
        given?.Split(';')[0].Trim().ToLowerInvariant() is { } type && MediaTypePattern().IsMatch(type) ? type : "application/octet-stream";

    [GeneratedRegex("^[a-z]+/[a-z0-9][a-z0-9!#$&^_.+-]*$")]
    private static partial Regex MediaTypePattern();
}
