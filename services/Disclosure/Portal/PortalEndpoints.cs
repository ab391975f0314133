using Grpc.Core;
using Shuangsuiji.ServiceDefaults.Grpc;

namespace Shuangsuiji.Disclosure.Portal;

/// <summary>
/// The public portal (公示): server-rendered HTML of the public records, in Chinese, no script, no login.
/// The disclosure service renders it because it owns the public records; the gateway, the only external door,
/// forwards GET /portal/** here unchanged, so it keeps no pages or HTML of its own. Pages show what the public
/// records API answers, called in process, so a page can never show more than the API does.
/// </summary>
public static class PortalEndpoints
{
    public static WebApplication MapPortal(this WebApplication app)
    {
        var portal = app.MapGroup(Links.Home).AllowAnonymous().AddEndpointFilter(ShowErrors);
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

    /// <summary>The public records API and a call context for one page's calls.</summary>
    public static (PublicRecordsApi Api, ServerCallContext Call) Records(HttpContext http) =>
        (ActivatorUtilities.CreateInstance<PublicRecordsApi>(http.RequestServices), new PortalCallContext(http));

    /// <summary>An unknown department, item, task or result, or a malformed address, is a page saying so with its status code.</summary>
    private static async ValueTask<object?> ShowErrors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (((e as RpcException)?.Status ?? ErrorDetails.ToStatus(e)) is { } status
                                  && status.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return status.StatusCode == StatusCode.NotFound
                ? Page.Error(StatusCodes.Status404NotFound, "没有找到所请求的部门、事项、任务或抽查结果。")
                : Page.Error(StatusCodes.Status400BadRequest, "请求的地址或参数无效。");
        }
    }
}
