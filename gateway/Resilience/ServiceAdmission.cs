using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Grpc.Core;
using Shuangsuiji.Gateway.Calls;
using Shuangsuiji.Gateway.Routing;
using Shuangsuiji.ServiceDefaults.Grpc;
using Yarp.ReverseProxy.Model;

namespace Shuangsuiji.Gateway.Resilience;

/// <summary>
/// Backpressure: at most Gateway:ServiceConcurrency calls (default 32) in flight to each service from this gateway, and at
/// most Gateway:ServiceQueue more (default 256) waiting, oldest first, for one to finish. A burst beyond both is refused at
/// once with RESOURCE_EXHAUSTED (SERVICE_BUSY, a retry hint of a second) and never reaches the service, so a service at
/// capacity is not handed more work than it can finish before its callers give up — a refused call did nothing and may
/// be sent again with the same request id. Streaming calls (a live view, an upload in parts) are not counted: they would
/// hold a place for as long as they stay open. One service's queue never delays another's calls.
/// </summary>
public static class ServiceAdmission
{
    public const string ConcurrencySetting = "Gateway:ServiceConcurrency";
    public const string QueueSetting = "Gateway:ServiceQueue";

    public static IReverseProxyApplicationBuilder UseServiceAdmission(this IReverseProxyApplicationBuilder proxy)
    {
        var config = proxy.ApplicationServices.GetRequiredService<IConfiguration>();
        int concurrency = config.GetValue(ConcurrencySetting, 32), queue = config.GetValue(QueueSetting, 256);
        var limiters = new ConcurrentDictionary<string, ConcurrencyLimiter>();
        proxy.Use(async (http, next) =>
        {
            if (concurrency <= 0 || Streaming(http))
            {
                await next();
                return;
            }
            var service = http.GetReverseProxyFeature().Cluster.Config.ClusterId;
            var limiter = limiters.GetOrAdd(service, _ => new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = concurrency, QueueLimit = Math.Max(0, queue), QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
            using var lease = await limiter.AcquireAsync(1, http.RequestAborted);
            if (!lease.IsAcquired)
            {
                await GatewayAnswers.WriteAsync(http, StatusCode.ResourceExhausted,
                    $"the {service} service is at capacity ({concurrency} calls in flight, {queue} waiting); nothing was done: send the call again, with the same x-request-id, in a moment",
                    $"{service} 服务当前繁忙，本次请求未被执行，请稍后以相同的请求编号重试", ErrorDetails.ServiceBusy.About(service));
                return;
            }
            await next();
        });
        return proxy;
    }

    private static bool Streaming(HttpContext http) =>
        GatewayAnswers.IsGrpc(http.Request) && ApiContracts.Platform.MethodAt(http.Request.Path) is { IsClientStreaming: true } or { IsServerStreaming: true };
}
