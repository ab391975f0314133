using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Shuangsuiji.ServiceDefaults.Auth;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.ServiceDefaults.Telemetry;

namespace Shuangsuiji.ServiceDefaults;

public static class HostingExtensions
{
    /// <summary>What every host of the platform has: telemetry, health checks, authentication, a clock.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.AddPlatformTelemetry(serviceName);
        builder.AddPlatformAuthentication();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"]);
        // The same checks over the standard gRPC health protocol, for gRPC clients and the gateway.
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(ErrorDomain.Of(serviceName));
        return builder;
    }

    /// <summary>gRPC with domain errors mapped to statuses with their details, also served as JSON over HTTP and described in OpenAPI (<see cref="JsonApi"/>).</summary>
    public static IGrpcServerBuilder AddPlatformGrpc(this IHostApplicationBuilder builder, Action<GrpcServiceOptions>? configure = null)
    {
        var grpc = builder.Services.AddGrpc(o =>
        {
            o.Interceptors.Add<ErrorMappingInterceptor>();
            configure?.Invoke(o);
        });
        builder.AddJsonApi(grpc);
        return grpc;
    }

    /// <summary>
    /// /alive: the process answers (liveness). /health: every dependency answers — PostgreSQL, RabbitMQ
    /// (readiness). Both in every environment, anonymous, with a JSON body naming each check, and never rate-limited:
    /// a throttled probe would take a healthy host out of service. And the host's JSON API description, if it has one.
    /// </summary>
    /// <summary>
    /// Runs the service; or, given a maintenance command instead (`republish --since TIME`: <see cref="Messaging.EventRepublisher"/>),
    /// runs that with the host's own settings and exits with its code.
    /// </summary>
    public static async Task<int> RunServiceAsync(this WebApplication app, string[] args)
    {
        if (args is ["republish", ..]) return await Messaging.EventRepublisher.RunAsync(app.Services, args);
        await app.RunAsync();
        return 0;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteReport }).AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks("/alive", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("live"),
            ResponseWriter = WriteReport,
        }).AllowAnonymous().DisableRateLimiting();
        app.MapGrpcHealthChecksService().AllowAnonymous().DisableRateLimiting();
        app.MapJsonApiDescription();
        app.MetricsEndpoint();
        return app;
    }

    private static Task WriteReport(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description ?? e.Value.Exception?.Message,
            }),
        }));
    }
}
