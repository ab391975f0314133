using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Shuangsuiji.ServiceDefaults.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>
    /// Traces, metrics and logs through OpenTelemetry, exported by OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is
    /// set (the standard OTEL_* variables configure the rest); metrics also for Prometheus to scrape at /metrics
    /// (<see cref="MetricsEndpoint"/>).
    /// </summary>
    public static IHostApplicationBuilder AddPlatformTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        // Request-by-request framework logs are traces' job; keep the log for what matters.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);
        builder.Logging.AddOpenTelemetry(logs =>
        {
            logs.IncludeFormattedMessage = true;
            logs.IncludeScopes = true;
        });

        builder.Services.AddSingleton<PlatformMetrics>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? serviceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit", "Marten", "Npgsql", PlatformMetrics.MeterName, "Shuangsuiji.Bus")
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = http =>
                    !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/alive"))
                .AddGrpcClientInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSource("MassTransit", "Marten", PlatformMetrics.MeterName)
                .AddNpgsql());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            telemetry.UseOtlpExporter();
        return builder;
    }

    /// <summary>
    /// Prometheus's scrape endpoint, /metrics. With Telemetry:MetricsPort set (Kubernetes: a port of the pod that no
    /// Service or Ingress exposes) it answers on that port only, so the gateway's public address never shows it. The
    /// port is the connection's own, not the Host header's, which a caller writes as it likes.
    /// </summary>
    public static void MetricsEndpoint(this WebApplication app)
    {
        var endpoint = app.MapPrometheusScrapingEndpoint().AllowAnonymous().DisableRateLimiting();
        if (app.Configuration.GetValue<int?>("Telemetry:MetricsPort") is not { } port) return;
        endpoint.Add(built =>
        {
            var scrape = built.RequestDelegate!;
            built.RequestDelegate = http =>
            {
                if (http.Connection.LocalPort == port) return scrape(http);
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            };
        });
    }
}
