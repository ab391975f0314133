using System.Net;
using Shuangsuiji.Gateway.Downstream;
using Shuangsuiji.ServiceDefaults.Grpc;

namespace Shuangsuiji.Gateway.Public;

/// <summary>
/// The public portal's pages (GET /portal/**), forwarded to the disclosure service, which renders them from the
/// public records it owns. So the gateway stays the one external door — one address, one rate limit, one place for
/// TLS — without keeping pages or HTML of its own, and a new page is a change to the disclosure service only.
/// </summary>
public static class PortalForwarding
{
    public const string Path = "/portal";

    // Only what a page needs; the disclosure service's other headers say nothing to the public.
    private static readonly string[] PassedHeaders = ["Content-Type", "Cache-Control", "Content-Security-Policy", "X-Content-Type-Options"];

    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Forward).AllowAnonymous();
        app.MapGet(Path + "/{**page}", Forward).AllowAnonymous();
        return app;
    }

    private static async Task Forward(HttpContext http, IHttpClientFactory clients, ILoggerFactory logs)
    {
        // HTTP/2 without TLS: the service's gRPC listener speaks only that, and it serves every endpoint of the service.
        using var request = new HttpRequestMessage(HttpMethod.Get, http.Request.Path + http.Request.QueryString)
        {
            Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var correlation = http.Request.Headers[CallContextExtensions.CorrelationHeader];
        request.Headers.Add(CallContextExtensions.CorrelationHeader, correlation.Count > 0 ? correlation.ToString() : http.TraceIdentifier);
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(DownstreamServices.PortalClient).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, http.RequestAborted);
        }
        catch (HttpRequestException e)
        {
            logs.CreateLogger(typeof(PortalForwarding).FullName!).LogWarning(e, "The portal could not reach the disclosure service");
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync("公示平台暂时无法访问，请稍后再试。\n", http.RequestAborted);
            return;
        }
        using (response)
        {
            http.Response.StatusCode = (int)response.StatusCode;
            foreach (var name in PassedHeaders)
                if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
                    http.Response.Headers[name] = values.ToArray();
            await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
        }
    }
}
