using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.Gateway.OpenApi;
using Shuangsuiji.Gateway.Resilience;
using Yarp.ReverseProxy.Forwarder;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>
/// A gateway in process. Its proxy reaches the platform's in-process servers: each forwarded request goes to the test server
/// of the service its destination names (http://tasks/…), through the gateway's own retries, as it would over the network.
/// </summary>
public sealed class GatewayHost(IReadOnlyDictionary<string, string?> settings, Func<string, HttpMessageHandler> serverOf, Action<IServiceCollection> services)
    : ServiceHost<MergedOpenApi>(settings, s =>
    {
        services(s);
        s.AddSingleton<IForwarderHttpClientFactory>(sp => new InProcessForwarding(sp.GetRequiredService<ServiceRetries>(), serverOf));
    })
{
    private sealed class InProcessForwarding(ServiceRetries retries, Func<string, HttpMessageHandler> serverOf) : IForwarderHttpClientFactory
    {
        public HttpMessageInvoker CreateClient(ForwarderHttpClientContext context) =>
            context.OldClient ?? new HttpMessageInvoker(retries.Around(context.ClusterId, new ByHost(serverOf)), disposeHandler: true);
    }

    /// <summary>The server of the service a request is addressed to, looked up as it is sent (a service may have been restarted).</summary>
    private sealed class ByHost(Func<string, HttpMessageHandler> serverOf) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            new HttpMessageInvoker(serverOf(request.RequestUri!.Host), disposeHandler: false).SendAsync(request, ct);
    }
}
