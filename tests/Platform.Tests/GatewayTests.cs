using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Shuangsuiji.Api.Catalog.V1;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Disclosure.V1;
using Shuangsuiji.Api.Draws.V1;
using Shuangsuiji.Api.Supervision.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Gateway.Resilience;
using Shuangsuiji.Gateway.Routing;
using Shuangsuiji.Kernel;
using Shuangsuiji.Platform.Tests.Infrastructure;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// The gateway as a reverse proxy: every service's API reachable through it by gRPC and by JSON on routes the contracts
/// make, one OpenAPI document and a reference page, every call named (x-request-id), retries within the budget, and
/// readiness that does not hang on any one service.
/// </summary>
public sealed class GatewayTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private static readonly string Office = Scenario.Office.DepartmentId;

    [Fact]
    public async Task An_rpc_of_every_service_answers_by_grpc_and_by_json_through_the_gateway()
    {
        var channel = platform.GatewayChannel;
        var office = As(Scenario.Office);
        var calls = new (string Service, Func<Task> Grpc, string Json)[]
        {
            ("directories", () => new Departments.DepartmentsClient(channel).ListDepartmentsAsync(new ListDepartmentsRequest(), office).ResponseAsync, "/v1/departments"),
            ("catalog", () => new Api.Catalog.V1.Catalog.CatalogClient(channel).ListItemsAsync(new ListItemsRequest { DepartmentId = Office }, office).ResponseAsync,
                $"/v1/departments/{Office}/items"),
            ("disclosure", () => new PublicRecords.PublicRecordsClient(channel).ListDepartmentsAsync(new ListPublicDepartmentsRequest()).ResponseAsync,
                "/v1/public/departments"),
            ("draws", () => new Api.Draws.V1.Draws.DrawsClient(channel).ListDrawsAsync(new ListDrawsRequest { TaskId = "T-NONE" }, office).ResponseAsync, "/v1/tasks/T-NONE/draws"),
            ("tasks", () => new Api.Tasks.V1.Tasks.TasksClient(channel).ListPlansAsync(new ListPlansRequest { DepartmentId = Office }, office).ResponseAsync,
                $"/v1/departments/{Office}/plans"),
            ("supervision", () => new Api.Supervision.V1.Supervision.SupervisionClient(channel).ListAlertsAsync(new ListAlertsRequest(), office).ResponseAsync, "/v1/supervision/alerts"),
            ("identity", () => new Api.Identity.V1.Accounts.AccountsClient(channel).ListAccountsAsync(
                new Api.Identity.V1.ListAccountsRequest { DepartmentId = Office }, office).ResponseAsync, $"/v1/departments/{Office}/accounts"),
        };
        // The identity service keeps the accounts of the departments it has heard of.
        await new Scenario(platform).CityOffice();
        await Eventually.Get(async () =>
        {
            await calls.Single(c => c.Service == "identity").Grpc();
            return true;
        }, ok => ok, "the office known to the identity service");
        Assert.Equal(ApiContracts.Platform.ServiceNames.Order(), calls.Select(c => c.Service).Order());

        using var http = platform.Http(Scenario.Office);
        foreach (var (service, grpc, json) in calls)
        {
            await grpc();
            var response = await http.GetAsync(json);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{service}: GET {json} answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        }
    }

    [Fact]
    public async Task The_merged_openapi_document_holds_every_json_path_of_the_contracts_at_both_addresses()
    {
        using var http = platform.Http();
        foreach (var address in new[] { "/openapi/v1.json", "/swagger/v1/swagger.json" })
        {
            var document = await http.GetFromJsonAsync<JsonElement>(address);
            Assert.DoesNotContain("Not described now", document.GetProperty("info").GetProperty("description").GetString());
            var paths = document.GetProperty("paths");
            var missing = ApiContracts.Platform.Services.SelectMany(s => s.Descriptor.Methods)
                .SelectMany(m => ApiContracts.JsonPaths(m).Select(p => (Method: m.FullName, Verb: p.Verb.ToLowerInvariant(), Path: OpenApiPath(p.Template))))
                .Where(p => !(paths.TryGetProperty(p.Path, out var operations) && operations.TryGetProperty(p.Verb, out _)))
                .Select(p => $"{p.Verb} {p.Path} ({p.Method})").ToList();
            Assert.True(missing.Count == 0, $"{address} lacks {string.Join("; ", missing)}");
            // The directory's plain HTTP file endpoints are described too, and public paths need no token.
            Assert.True(paths.GetProperty("/v1/departments/{departmentId}/imports").TryGetProperty("post", out _));
            Assert.Equal(0, paths.GetProperty("/v1/public/departments").GetProperty("get").GetProperty("security").GetArrayLength());
        }
    }

    [Fact]
    public async Task The_api_reference_page_answers_on_the_merged_document()
    {
        using var http = platform.Http();
        var page = await http.GetAsync("/api-reference");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        // The page's script reads the document at the site's root (openapi/v1.json beside /api-reference/).
        Assert.Contains("\"url\":\"openapi/v1.json\"", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api-reference/scalar.js")).StatusCode);
    }

    [Fact]
    public async Task Every_call_is_named_the_name_goes_to_the_service_and_back_to_the_client()
    {
        var seen = new Watched(platform, "directories");
        await using var gateway = platform.StartGateway(destinations: s => s == "directories" ? seen : null);
        using var channel = GrpcChannel.ForAddress(gateway.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = gateway.Server.CreateHandler() });

        // Unnamed by the client: the gateway names it.
        var call = new Departments.DepartmentsClient(channel).ListDepartmentsAsync(new ListDepartmentsRequest(), As(Scenario.Office));
        await call;
        var assigned = (await call.ResponseHeadersAsync).GetValue(CommandContext.RequestIdHeader);
        Assert.False(string.IsNullOrWhiteSpace(assigned));
        Assert.Equal(assigned, Assert.Single(seen.RequestIds));

        // Named by the client: the name is kept.
        using var http = gateway.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", TestEnvironment.Token(Scenario.Office));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/departments");
        request.Headers.Add(CommandContext.RequestIdHeader, "client-named-1");
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("client-named-1", Assert.Single(response.Headers.GetValues(CommandContext.RequestIdHeader)));
        Assert.Equal([assigned!, "client-named-1"], seen.RequestIds);

        // A call the gateway answers itself (no token) carries its name too.
        using var anonymous = gateway.CreateClient();
        var refused = await anonymous.GetAsync("/v1/departments");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(refused.Headers.GetValues(CommandContext.RequestIdHeader).Single()));
    }

    [Fact]
    public async Task A_call_that_brought_no_answer_is_sent_again_within_the_budget_only()
    {
        // Each call's first attempt finds the catalog unreachable; a second attempt (same x-request-id) reaches it.
        var firstAttempts = new ConcurrentDictionary<string, bool>();
        var catalog = new Watched(platform, "catalog", r => firstAttempts.TryAdd(r.Headers.GetValues(CommandContext.RequestIdHeader).Single(), true));
        const int minimum = 2, percent = 10, calls = 30;
        await using var gateway = platform.StartGateway(new Dictionary<string, string?>
        {
            [ServiceRetries.BudgetMinimumSetting] = minimum.ToString(), [ServiceRetries.BudgetPercentSetting] = percent.ToString(),
        }, destinations: s => s == "catalog" ? catalog : null);
        using var http = gateway.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", TestEnvironment.Token(Scenario.Office));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < calls; i++) statuses.Add((await http.GetAsync($"/v1/departments/{Office}/items")).StatusCode);

        var retried = statuses.Count(s => s == HttpStatusCode.OK);
        // The first calls are retried (the budget's minimum), then about one in ten: not every failed call again.
        Assert.InRange(retried, minimum, minimum + calls * percent / 100);
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        Assert.Equal(calls + retried, catalog.RequestIds.Count);
    }

    [Fact]
    public async Task With_the_tasks_service_down_the_gateway_is_ready_and_the_other_services_and_the_portal_answer()
    {
        var tasks = new Watched(platform, "tasks", _ => true);
        await using var gateway = platform.StartGateway(destinations: s => s == "tasks" ? tasks : null);
        using var http = gateway.CreateClient();
        using var channel = GrpcChannel.ForAddress(gateway.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = gateway.Server.CreateHandler() });

        var health = await http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest())).Status);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/portal")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/public/departments")).StatusCode);
        await new Api.Catalog.V1.Catalog.CatalogClient(channel).ListItemsAsync(new ListItemsRequest { DepartmentId = Office }, As(Scenario.Office));

        var down = await Assert.ThrowsAsync<RpcException>(() =>
            new Api.Tasks.V1.Tasks.TasksClient(channel).ListPlansAsync(new ListPlansRequest { DepartmentId = Office }, As(Scenario.Office)).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, down.StatusCode);
        Assert.Contains("tasks service is not available", down.Status.Detail);
        http.DefaultRequestHeaders.Authorization = new("Bearer", TestEnvironment.Token(Scenario.Office));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync($"/v1/departments/{Office}/plans")).StatusCode);
        Assert.NotEmpty(tasks.RequestIds);
    }

    [Fact]
    public async Task A_burst_beyond_a_services_capacity_waits_its_turn_or_is_refused_busy_with_a_retry_hint_and_other_services_still_answer()
    {
        // The tasks service holds every call until released: two in flight and one waiting is all it may be given.
        var released = new TaskCompletionSource();
        var arrived = 0;
        var tasks = new Held(platform, "tasks", released.Task, () => Interlocked.Increment(ref arrived));
        await using var gateway = platform.StartGateway(new Dictionary<string, string?>
        {
            [ServiceAdmission.ConcurrencySetting] = "2", [ServiceAdmission.QueueSetting] = "1",
        }, destinations: s => s == "tasks" ? tasks : null);
        using var channel = GrpcChannel.ForAddress(gateway.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = gateway.Server.CreateHandler() });
        var client = new Api.Tasks.V1.Tasks.TasksClient(channel);
        Task<ListPlansResponse> Call() => client.ListPlansAsync(new ListPlansRequest { DepartmentId = Office }, As(Scenario.Office)).ResponseAsync;

        var admitted = new[] { Call(), Call() };
        await Eventually.Get(() => Task.FromResult(Volatile.Read(ref arrived)), n => n == 2, "two calls at the tasks service");
        // Three more: one takes the place in the queue, two are refused — whichever arrive last.
        var more = new List<Task<ListPlansResponse>> { Call(), Call(), Call() };
        var refused = new List<Task<ListPlansResponse>>();
        while (refused.Count < 2) refused.Add(await Task.WhenAny(more.Except(refused)));
        var waiting = more.Except(refused).Single();

        // Beyond the queue: refused at once, before the service, with the reason and the hint a program acts on.
        foreach (var call in refused)
        {
            var busy = await Assert.ThrowsAsync<RpcException>(() => call);
            Assert.Equal(StatusCode.ResourceExhausted, busy.StatusCode);
            var details = busy.GetRpcStatus()!;
            var info = details.GetDetail<Google.Rpc.ErrorInfo>();
            Assert.Equal(("SERVICE_BUSY", "gateway.shuangsuiji", "tasks"), (info.Reason, info.Domain, info.Metadata["service"]));
            Assert.Equal(TimeSpan.FromSeconds(1), details.GetDetail<Google.Rpc.RetryInfo>().RetryDelay.ToTimeSpan());
            Assert.Equal("1000", busy.Trailers.GetValue("grpc-retry-pushback-ms"));
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", details.GetDetail<Google.Rpc.LocalizedMessage>().Message);
        }
        Assert.False(waiting.IsCompleted);
        Assert.Equal(2, Volatile.Read(ref arrived));
        // Another service is not held up by the tasks service's queue.
        await new Api.Catalog.V1.Catalog.CatalogClient(channel).ListItemsAsync(new ListItemsRequest { DepartmentId = Office }, As(Scenario.Office));

        // Released: the admitted calls and the one that waited are answered.
        released.SetResult();
        await Task.WhenAll(admitted.Append(waiting));
        Assert.Equal(3, Volatile.Read(ref arrived));

        // Over HTTP the same refusal is a 429 with Retry-After.
        var holding = new TaskCompletionSource();
        tasks.Hold(holding.Task);
        using var http = gateway.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", TestEnvironment.Token(Scenario.Office));
        Task<HttpResponseMessage> Get() => http.GetAsync($"/v1/departments/{Office}/plans");
        var held = new[] { Get(), Get() };
        await Eventually.Get(() => Task.FromResult(Volatile.Read(ref arrived)), n => n == 5, "two more calls at the tasks service");
        var pair = new[] { Get(), Get() };
        var first = await Task.WhenAny(pair);
        var tooMany = await first;
        Assert.Equal((HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(1)), (tooMany.StatusCode, tooMany.Headers.RetryAfter?.Delta));
        Assert.Contains("SERVICE_BUSY", await tooMany.Content.ReadAsStringAsync());
        holding.SetResult();
        Assert.All(await Task.WhenAll(held.Append(pair.Single(p => p != first))), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    /// <summary>A service whose every call waits at its door until the test lets the calls through.</summary>
    private sealed class Held(PlatformFixture platform, string service, Task released, Action arrived) : HttpMessageHandler
    {
        private Task gate = released;

        public void Hold(Task until) => gate = until;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            arrived();
            await gate.WaitAsync(ct);
            return await new HttpMessageInvoker(platform.ServerOf(service).CreateHandler()).SendAsync(request, ct);
        }
    }

    /// <summary>A google.api.http template as OpenAPI writes it: path variables by their JSON names ({task_id} as {taskId}).</summary>
    private static string OpenApiPath(string template) => System.Text.RegularExpressions.Regex.Replace(template, @"\{([a-z0-9_]+)\}",
        m => "{" + System.Text.RegularExpressions.Regex.Replace(m.Groups[1].Value, "_([a-z0-9])", c => c.Groups[1].Value.ToUpperInvariant()) + "}");

    /// <summary>
    /// A service's connection as the test arranges it: every request the gateway sends is seen (its x-request-id kept), then
    /// refused as by a host that is down when <paramref name="refused"/> says so, else passed to the service's server.
    /// </summary>
    private sealed class Watched(PlatformFixture platform, string service, Func<HttpRequestMessage, bool>? refused = null) : HttpMessageHandler
    {
        private readonly ConcurrentQueue<string> requestIds = new();

        public IReadOnlyList<string> RequestIds => [.. requestIds];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            requestIds.Enqueue(request.Headers.TryGetValues(CommandContext.RequestIdHeader, out var ids) ? ids.Single() : "");
            return refused?.Invoke(request) == true
                ? Task.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ConnectionError, $"the {service} service is down"))
                : new HttpMessageInvoker(platform.ServerOf(service).CreateHandler()).SendAsync(request, ct);
        }
    }
}
