using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Platform.Tests.Infrastructure;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// What an operator watches: one trace from a command through the relay to the services that consume its event, the
/// platform's metrics at /metrics for Prometheus, and the subscriptions' lag in /health.
/// </summary>
public sealed class ObservabilityTests(PlatformFixture platform) : IClassFixture<PlatformFixture>, IDisposable
{
    private readonly ConcurrentQueue<Activity> spans = new();
    private readonly ActivityListener listener = new()
    {
        ShouldListenTo = source => source.Name is "MassTransit" or Shuangsuiji.ServiceDefaults.Telemetry.PlatformMetrics.MeterName,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public void Dispose() => listener.Dispose();

    [Fact]
    public async Task A_commands_trace_is_stored_with_its_event_and_goes_on_through_the_relay_to_the_services_that_consume_it()
    {
        listener.ActivityStopped = spans.Enqueue;
        ActivitySource.AddActivityListener(listener);
        var id = new Scenario(platform).Id("130399-AMR");

        await platform.Departments.CreateDepartmentAsync(new CreateDepartmentRequest
        {
            DepartmentId = id, Name = "观测测试局", Level = DepartmentLevel.County, RegionCode = "130399",
        }, As(Scenario.Office));

        // The event keeps the trace context of the request that stored it.
        IReadOnlyList<JasperFx.Events.IEvent> events;
        await using (var query = platform.Directories.Services.GetRequiredService<IDocumentStore>().QuerySession())
            events = await query.Events.QueryAllRawEvents().Where(e => e.StreamKey!.Contains(id)).ToListAsync();
        var stored = Assert.Single(events, e => e.EventTypeName == "department_created").GetHeader("traceparent") as string;
        Assert.True(ActivityContext.TryParse(stored, null, out var command), $"no trace context stored: {stored}");

        // The relay publishes it in that trace, and the services that consume it handle it in that trace too.
        var relayed = await Eventually.Get(() => Task.FromResult(spans.FirstOrDefault(s => s.OperationName == "relay department_created"
            && (s.GetTagItem("shuangsuiji.stream") as string)?.Contains(id) == true)), s => s is not null, "the relay's span of the event");
        Assert.Equal((command.TraceId, ActivityKind.Producer), (relayed!.TraceId, relayed.Kind));
        await Eventually.Get(() => Task.FromResult(spans.Count(s => s.TraceId == command.TraceId && s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Consumer)),
            consumed => consumed > 0, "a consumer's span in the command's trace");
    }

    [Fact]
    public async Task Metrics_for_prometheus_count_the_events_stored_and_health_shows_each_subscriptions_lag()
    {
        var id = new Scenario(platform).Id("130398-AMR");
        await platform.Departments.CreateDepartmentAsync(new CreateDepartmentRequest
        {
            DepartmentId = id, Name = "指标测试局", Level = DepartmentLevel.County, RegionCode = "130398",
        }, As(Scenario.Office));
        using var directories = platform.ServerOf("directories").CreateClient();

        var scraped = await Eventually.Get(() => directories.GetStringAsync("/metrics"),
            text => text.Contains("shuangsuiji_events_stored_total{") && text.Contains("shuangsuiji_subscription_lag{"), "the platform's metrics scraped");
        Assert.Matches(@"shuangsuiji_events_stored_total\{[^}]*event_type=""department_created""[^}]*\} [1-9]", scraped);
        Assert.Matches(@"shuangsuiji_subscription_lag\{[^}]*subscription=""bus-relay:All""[^}]*\} \d+", scraped);

        // Sampled every Telemetry:ProgressSeconds: a host sampled first before its store had any progress to show.
        var subscriptions = await Eventually.Get(async () => (await directories.GetFromJsonAsync<JsonElement>("/health"))
            .GetProperty("checks").GetProperty("subscriptions"), s => s.GetProperty("description").GetString()!.Contains("bus-relay:All"),
            "the relay's lag in the directories' health");
        Assert.Matches(@"bus-relay:All \d+ behind", subscriptions.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Metrics_answer_on_the_metrics_port_only_whatever_host_the_caller_names()
    {
        // As in Kubernetes: the API on one port, the metrics on another that only the monitoring namespace reaches.
        const int api = 8080, metrics = 9464;
        await using var host = platform.StartService<Shuangsuiji.Directories.Departments.DepartmentsApi>("directories",
            new Dictionary<string, string?> { ["Telemetry:MetricsPort"] = $"{metrics}" }, replica: "metrics");
        Task<Microsoft.AspNetCore.Http.HttpContext> Get(string path, int port, string? hostHeader = null) => host.Server.SendAsync(http =>
        {
            http.Request.Method = "GET";
            http.Request.Path = path;
            http.Request.Host = new Microsoft.AspNetCore.Http.HostString(hostHeader ?? $"directories:{port}");
            http.Connection.LocalPort = port;
        });

        var scraped = await Get("/metrics", metrics);
        Assert.Equal(200, scraped.Response.StatusCode);
        Assert.Contains("shuangsuiji_", await new StreamReader(scraped.Response.Body).ReadToEndAsync());
        Assert.Equal(404, (await Get("/metrics", api)).Response.StatusCode);
        // A Host header naming the metrics port changes nothing on the API's port.
        Assert.Equal(404, (await Get("/metrics", api, $"directories:{metrics}")).Response.StatusCode);
        Assert.Equal(200, (await Get("/health", api)).Response.StatusCode);
    }
}
