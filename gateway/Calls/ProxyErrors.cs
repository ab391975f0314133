using Grpc.Core;
using Polly.Timeout;
using Shuangsuiji.Gateway.Public;
using Shuangsuiji.ServiceDefaults.Grpc;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Shuangsuiji.Gateway.Calls;

/// <summary>
/// A call the gateway could not deliver — the service down, or silent past its attempts — is answered UNAVAILABLE (or
/// DEADLINE_EXCEEDED) naming the service, in the caller's protocol; the portal's visitors get a page saying so in Chinese.
/// The other services' calls go on: nothing at the gateway waits for a service that is down.
/// </summary>
public static class ProxyErrors
{
    public static IReverseProxyApplicationBuilder UseProxyErrors(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (http, next) =>
        {
            await next();
            if (http.Features.Get<IForwarderErrorFeature>() is not { } failure || http.Response.HasStarted
                || failure.Error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled) return;
            var feature = http.GetReverseProxyFeature();
            var service = feature.ProxiedDestination?.DestinationId ?? feature.Cluster.Config.ClusterId;
            http.Response.Clear();
            if (Portal.IsPortal(http.Request))
            {
                await Portal.UnavailableAsync(http);
                return;
            }
            var timedOut = failure.Error == ForwarderError.RequestTimedOut || failure.Exception is TimeoutRejectedException;
            if (timedOut)
                await GatewayAnswers.WriteAsync(http, StatusCode.DeadlineExceeded, $"the {service} service did not answer in time; try again later",
                    $"{service} 服务未能及时响应，请稍后再试", ErrorDetails.ServiceTimedOut.About(service));
            else
                await GatewayAnswers.WriteAsync(http, StatusCode.Unavailable, $"the {service} service is not available; try again later",
                    $"{service} 服务暂不可用，请稍后再试", ErrorDetails.ServiceUnavailable.About(service));
        });
        return proxy;
    }
}
