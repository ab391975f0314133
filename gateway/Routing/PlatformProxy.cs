using Grpc.AspNetCore.Server;
using Grpc.Reflection;
using Grpc.Reflection.V1Alpha;
using Microsoft.Extensions.Primitives;
using Shuangsuiji.Gateway.Calls;
using Shuangsuiji.Gateway.Resilience;
using Shuangsuiji.Kernel;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;

namespace Shuangsuiji.Gateway.Routing;

/// <summary>The reverse proxy (YARP) in front of the services, on the route table the contracts make.</summary>
public static class PlatformProxy
{
    public static IServiceCollection AddPlatformProxy(this IServiceCollection services)
    {
        services.AddSingleton<IProxyConfigProvider, ContractProxyConfig>();
        services.AddReverseProxy().AddTransforms(route =>
        {
            var kind = route.Route.Metadata?.GetValueOrDefault(RouteTable.KindKey);
            route.AddRequestTransform(transform =>
            {
                var request = transform.HttpContext.Request;
                transform.ProxyRequest.Options.Set(ServiceRetries.MayRetry, HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
                    || (request.Headers.ContainsKey(CommandContext.RequestIdHeader) && kind switch
                    {
                        RouteTable.Json => true,
                        RouteTable.Grpc => ApiContracts.Platform.MethodAt(request.Path) is { IsClientStreaming: false },
                        _ => false,
                    }));
                return ValueTask.CompletedTask;
            });
        });
        services.AddSingleton<ServiceRetries>();
        services.AddSingleton<IForwarderHttpClientFactory, ForwarderClients>();
        // gRPC reflection through the gateway, from the contracts: clients discover every service without asking the services.
        services.AddGrpc();
        services.AddSingleton(new ReflectionServiceImpl(ApiContracts.Platform.Services.Select(s => s.Descriptor)
            .Append(ServerReflection.Descriptor).Append(Grpc.Health.V1.Health.Descriptor)));
        return services;
    }

    public static WebApplication MapPlatformProxy(this WebApplication app)
    {
        app.MapGrpcService<ReflectionServiceImpl>().AllowAnonymous();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseProxyErrors();
            proxy.UseServiceAdmission();
            proxy.UseServedByField();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }

    /// <summary>Made when first asked, after the host's configuration (a test's too) is complete.</summary>
    private sealed class ContractProxyConfig(IConfiguration config) : IProxyConfigProvider
    {
        private readonly Lazy<IProxyConfig> snapshot = new(() =>
        {
            var (routes, clusters) = RouteTable.Build(ApiContracts.Platform, service => config[$"Services:{service}"]
                ?? throw new InvalidOperationException($"Services:{char.ToUpperInvariant(service[0])}{service[1..]} (the {service} service's address) is not configured"));
            return new Snapshot(routes, clusters);
        });

        public IProxyConfig GetConfig() => snapshot.Value;

        private sealed record Snapshot(IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) : IProxyConfig
        {
            public IChangeToken ChangeToken { get; } = new CancellationChangeToken(CancellationToken.None);
        }
    }
}
