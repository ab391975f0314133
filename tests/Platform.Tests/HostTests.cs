using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Reflection.V1Alpha;
using Shuangsuiji.Platform.Tests.Infrastructure;

namespace Shuangsuiji.Platform.Tests;

/// <summary>What operators and integrators rely on: health, tracing, gRPC reflection (the OpenAPI document: GatewayTests).</summary>
public sealed class HostTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task Every_host_reports_health_with_its_dependencies()
    {
        foreach (var (name, http, checks) in new[]
        {
            ("directories", platform.Directories.CreateClient(), new[] { "postgres", "masstransit-bus" }),
            ("catalog", platform.Catalog.CreateClient(), ["postgres", "masstransit-bus"]),
            ("disclosure", platform.Disclosure.CreateClient(), ["postgres", "masstransit-bus"]),
            ("identity", platform.Identity.CreateClient(), ["postgres", "masstransit-bus"]),
            // The gateway's readiness is its own: a service that is down leaves the others' calls answered.
            ("gateway", platform.Http(), ["self"]),
        })
        {
            using var client = http;
            var health = await Eventually.Get(() => http.GetFromJsonAsync<JsonElement>("/health"),
                j => j.GetProperty("status").GetString() == "Healthy", $"{name} healthy");
            foreach (var check in checks)
                Assert.True(health.GetProperty("checks").TryGetProperty(check, out _), $"{name} /health lacks the {check} check");
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/alive")).StatusCode);
        }
    }

    [Fact]
    public async Task A_command_is_traced_through_the_request_the_database_and_the_bus()
    {
        var scenario = new Scenario(platform);
        await scenario.Department("130300-TRACE", Api.Directories.V1.DepartmentLevel.City, "130300");
        // In-process hosts share ActivitySources, so this checks the wiring of the pipeline rather than one host's share.
        var spans = await Eventually.Get(() => Task.FromResult(Copy(platform.Spans["directories"])),
            // The relay's span ends (and is exported) after the publish span inside it: wait for both.
            s => s.Any(a => a.Source.Name == "MassTransit" && a.DisplayName.Contains("DepartmentChanged send"))
                 && s.Any(a => a.Source.Name == "Marten" && a.DisplayName.Contains("bus-relay")), "the relay's span and its publish span");
        Assert.Contains(spans, a => a.Source.Name == "Microsoft.AspNetCore" && a.DisplayName.Contains("CreateDepartment"));
        Assert.Contains(spans, a => a.Source.Name == "Npgsql");
    }

    /// <summary>The exporter appends to the list from its own thread; a copy taken meanwhile may have to be taken again.</summary>
    private static List<Activity> Copy(List<Activity> spans)
    {
        while (true)
        {
            try
            {
                return [.. spans];
            }
            catch (ArgumentException)
            {
            }
        }
    }

    [Fact]
    public async Task The_gateway_lists_its_services_by_reflection()
    {
        var reflection = new ServerReflection.ServerReflectionClient(platform.GatewayChannel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("shuangsuiji.catalog.v1.Catalog", services);
        Assert.Contains("shuangsuiji.directories.v1.Departments", services);
        Assert.Contains("shuangsuiji.disclosure.v1.PublicRecords", services);
        Assert.Contains("shuangsuiji.tasks.v1.Tasks", services);
        Assert.Contains("shuangsuiji.supervision.v1.Supervision", services);
    }
}
