namespace Shuangsuiji.Gateway.Public;

/// <summary>
/// The public portal's pages (/portal/**), rendered by the disclosure service from the public records it owns and proxied
/// by the gateway like the API: one address, one rate limit, one place for TLS, and no pages kept at the gateway. The
/// visitor gets only the page's status, content type and caching and security headers.
/// </summary>
public static class Portal
{
    public const string Path = "/portal";

    public static readonly string[] PassedHeaders = ["Content-Type", "Cache-Control", "Content-Security-Policy", "X-Content-Type-Options"];

    public static bool IsPortal(HttpRequest request) => request.Path.StartsWithSegments(Path);

    public static Task UnavailableAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync("公示平台暂时无法访问，请稍后再试。\n", http.RequestAborted);
    }

    public static Task TooManyRequestsAsync(HttpContext http, string message, CancellationToken ct)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync($"访问过于频繁，请稍后再试。\n{message}\n", ct);
    }
}
