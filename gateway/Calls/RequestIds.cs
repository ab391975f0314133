using Shuangsuiji.Kernel;

namespace Shuangsuiji.Gateway.Calls;

/// <summary>
/// Every call through the gateway is named: the client's x-request-id, or one the gateway assigns. The id goes to the
/// service with the call and back to the client in the response headers, so a command the client sends again with it
/// takes effect once — and the gateway may send a command again itself when an attempt brought no answer.
/// </summary>
public static class RequestIds
{
    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var headers = http.Request.Headers;
        var id = headers[CommandContext.RequestIdHeader].ToString();
        if (id.Trim().Length == 0)
        {
            id = Guid.NewGuid().ToString("N");
            headers[CommandContext.RequestIdHeader] = id;
        }
        // At the start of the response: the forwarder replaces the headers when it passes on the service's.
        http.Response.OnStarting(() =>
        {
            http.Response.Headers[CommandContext.RequestIdHeader] = id;
            return Task.CompletedTask;
        });
        await next(http);
    });
}
