using Grpc.Core;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Shuangsuiji.ServiceDefaults.Grpc;

namespace Shuangsuiji.Disclosure.Portal;

/// <summary>
/// The public portal (公示): Razor components rendered on the server as plain HTML of the public records, in Chinese, no
/// script, no login. The disclosure service renders it because it owns the public records; the gateway, the only external
/// door, forwards GET /portal/** here unchanged, so it keeps no pages or HTML of its own. A page is a handler that reads
/// what the public records API answers, called in process (so a page can never show more than the API does), and hands
/// it to its component.
/// </summary>
public static class PortalEndpoints
{
    // Pages carry no script at all: the policy makes sure none could run even if some text slipped through unencoded.
    private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static WebApplication MapPortal(this WebApplication app)
    {
        var portal = app.MapGroup(Links.Home).AllowAnonymous().AddEndpointFilter(AsPage);
        portal.MapGet("", (Delegate)ItemListPages.Home); // as a route handler, so the page it returns is written
        portal.MapGet("/search", ItemListPages.Search);
        portal.MapGet("/departments/{departmentId}", ItemListPages.Department);
        portal.MapGet("/departments/{departmentId}/items/{code}", ItemListPages.Item);
        portal.MapGet("/departments/{departmentId}/plans", PlanPages.Plans);
        portal.MapGet("/departments/{departmentId}/tasks", TaskPages.List);
        portal.MapGet("/tasks/{taskId}", TaskPages.Announcement);
        portal.MapGet("/tasks/{taskId}/results/{departmentId}/{uscc}", ResultPages.Result);
        portal.MapGet("/results", ResultPages.Search);
        portal.MapGet("/checkpoints", CheckpointPages.List);
        portal.MapGet("/joint-items", JointItemPages.List);
        portal.MapGet("/circulars", CircularPages.List);
        portal.MapGet("/circulars/{circularId}", CircularPages.Circular);
        return app;
    }

    /// <summary>The page of this component with these parameters, rendered on the server inside its <see cref="PortalLayout"/>.</summary>
    public static RazorComponentResult Page<TPage>(object parameters, int status = StatusCodes.Status200OK) where TPage : IComponent =>
        new RazorComponentResult<TPage>(parameters) { StatusCode = status, ContentType = "text/html; charset=utf-8" };

    /// <summary>The public records API and a call context for one page's calls.</summary>
    public static (PublicRecordsApi Api, ServerCallContext Call) Records(HttpContext http) =>
        (ActivatorUtilities.CreateInstance<PublicRecordsApi>(http.RequestServices), new PortalCallContext(http));

    /// <summary>
    /// Every answer is a page with the portal's headers. An unknown department, item, task or result, or a malformed
    /// address, is a page saying so with its status code.
    /// </summary>
    private static async ValueTask<object?> AsPage(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        object? page;
        try
        {
            page = await next(context);
        }
        catch (Exception e) when (((e as RpcException)?.Status ?? ErrorDetails.ToStatus(e)) is { } status
                                  && status.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            page = status.StatusCode == StatusCode.NotFound
                ? Error(StatusCodes.Status404NotFound, "没有找到所请求的部门、事项、任务或抽查结果。")
                : Error(StatusCodes.Status400BadRequest, "请求的地址或参数无效。");
        }
        var headers = context.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        // Public records change as departments publish; a short cache spares the service without hiding news for long.
        headers.CacheControl = (page as RazorComponentResult)?.StatusCode is null or StatusCodes.Status200OK ? "public, max-age=60" : "no-store";
        return page;
    }

    private static RazorComponentResult Error(int status, string message) => Page<ErrorPage>(new { Status = status, Message = message }, status);
}
