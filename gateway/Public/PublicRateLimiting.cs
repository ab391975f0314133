using System.Threading.RateLimiting;
using Grpc.Core;
using Microsoft.AspNetCore.RateLimiting;
using Shuangsuiji.Gateway.Calls;
using Shuangsuiji.ServiceDefaults.Grpc;

namespace Shuangsuiji.Gateway.Public;

/// <summary>
/// Anonymous callers — the public API (/v1/public/*), draw records, the portal, the API reference — get at most
/// Gateway:PublicRequestsPerSecond requests a second per client address (default 50; 0 turns the limit off), so one
/// scraper cannot starve the others. Callers with a valid token are departments' systems and staff, known and
/// accountable, and are not limited here. Health endpoints are never limited (a throttled probe would take the
/// gateway out of service). Behind a proxy every client has the proxy's address: forward the real one first.
/// </summary>
public static class PublicRateLimiting
{
    public const string Setting = "Gateway:PublicRequestsPerSecond";
    public const int DefaultPerSecond = 50;

    public static IServiceCollection AddPublicRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        // Read when first used, so a host's settings (and a test's) apply.
        services.AddOptions<RateLimiterOptions>().Configure<IConfiguration>((options, config) =>
        {
            var perSecond = config.GetValue(Setting, DefaultPerSecond);
            if (perSecond <= 0) return;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.User.Identity?.IsAuthenticated == true
                    ? RateLimitPartition.GetNoLimiter("authenticated")
                    : RateLimitPartition.GetTokenBucketLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = perSecond, TokensPerPeriod = perSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0,
                    }));
            options.OnRejected = (context, ct) => Reject(context.HttpContext, perSecond, ct);
        });
        return services;
    }

    private static async ValueTask Reject(HttpContext http, int perSecond, CancellationToken ct)
    {
        var message = $"too many requests from your address: anonymous callers may make {perSecond} a second; try again in a moment";
        if (Portal.IsPortal(http.Request))
        {
            http.Response.Headers.RetryAfter = "1";
            await Portal.TooManyRequestsAsync(http, message, ct);
        }
        else await GatewayAnswers.WriteAsync(http, StatusCode.ResourceExhausted, message,
            $"来自您地址的请求过多：匿名访问每秒最多 {perSecond} 次，请稍后再试", ErrorDetails.RateLimited);
    }
}
