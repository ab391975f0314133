using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Shuangsuiji.Catalog;
using Shuangsuiji.Directories.Departments;
using Shuangsuiji.Disclosure;
using Shuangsuiji.Draws.Drawing;
using Shuangsuiji.Gateway.Routing;
using Shuangsuiji.AuditTrail.Checkpoints;
using Shuangsuiji.ServiceDefaults.Calendar;
using Shuangsuiji.Supervision;
using Shuangsuiji.Supervision.Checkpoints;
using Shuangsuiji.Tasks;
using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;
using Proto = Shuangsuiji.Api;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>
/// The whole platform in process for one test class: the services and the gateway, on real PostgreSQL
/// (a schema per service and class) and real RabbitMQ (a virtual host per class). Tests talk to the gateway.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private readonly string id = Guid.NewGuid().ToString("N")[..10];
    private readonly HashSet<string> stopped = [];
    private RabbitVirtualHost? vhost;

    public ServiceHost<DepartmentsApi> Directories { get; private set; } = null!;
    public ServiceHost<CatalogApi> Catalog { get; private set; } = null!;
    public ServiceHost<PublicRecordsApi> Disclosure { get; private set; } = null!;
    public ServiceHost<DrawsApi> Draws { get; private set; } = null!;
    public ServiceHost<TasksApi> Tasks { get; private set; } = null!;
    public ServiceHost<SupervisionApi> Supervision { get; private set; } = null!;
    public ServiceHost<Shuangsuiji.Identity.Accounts.AccountsApi> Identity { get; private set; } = null!;
    public GatewayHost Gateway { get; private set; } = null!;
    public GrpcChannel GatewayChannel { get; private set; } = null!;
    public RabbitVirtualHost Bus => vhost!;

    /// <summary>The console registered at the identity service of every test platform (a confidential client on a server).</summary>
    public static readonly (string ClientId, string Secret, string RedirectUri, string PostLogoutUri) ConsoleClient =
        ("console", "console-secret-for-tests", "https://console.test/signin-oidc", "https://console.test/signout-callback-oidc");

    /// <summary>
    /// The console as a real browser reaches it in a journey (ConsoleJourney): a workbench listening on this platform's
    /// loopback port, registered at its identity service beside the in-process one.
    /// </summary>
    public (string ClientId, string Secret, Uri Address) JourneyConsole { get; } =
        ("console-journeys", "console-journeys-secret-for-tests", new Uri($"http://localhost:{TestEnvironment.FreePort()}/"));

    /// <summary>The secret of the identity service's development-token client in every test platform.</summary>
    public const string DevelopmentTokensSecret = "dev-tokens-secret-for-tests";

    /// <summary>The notary's client at the identity service (a service client of the deployment).</summary>
    private const string NotarySecret = "notary-secret-for-tests";

    /// <summary>
    /// The identity service's settings: the test run's key folder (rotation out of reach: tokens minted by TestTokens stay
    /// good), the test console, the development-token client, the notary's client.
    /// </summary>
    private Dictionary<string, string?> IdentitySettings => new(TestTokens.KeySettings)
    {
        ["Identity:Issuer"] = TestTokens.Issuer,
        ["Identity:Applications:0:ClientId"] = ConsoleClient.ClientId,
        ["Identity:Applications:0:ClientSecret"] = ConsoleClient.Secret,
        ["Identity:Applications:0:DisplayName"] = "工作台",
        ["Identity:Applications:0:RedirectUris:0"] = ConsoleClient.RedirectUri,
        ["Identity:Applications:0:PostLogoutRedirectUris:0"] = ConsoleClient.PostLogoutUri,
        ["Identity:Applications:1:ClientId"] = JourneyConsole.ClientId,
        ["Identity:Applications:1:ClientSecret"] = JourneyConsole.Secret,
        ["Identity:Applications:1:DisplayName"] = "工作台",
        ["Identity:Applications:1:RedirectUris:0"] = $"{JourneyConsole.Address}signin-oidc",
        ["Identity:Applications:1:PostLogoutRedirectUris:0"] = $"{JourneyConsole.Address}signout-callback-oidc",
        ["Identity:DevelopmentTokensSecret"] = DevelopmentTokensSecret,
        ["Identity:ServiceClients:0:ClientId"] = ChainSources.NotaryUser,
        ["Identity:ServiceClients:0:Secret"] = NotarySecret,
        ["Identity:ServiceClients:0:DepartmentId"] = Scenario.Office.DepartmentId,
        ["Identity:ServiceClients:0:Role"] = Roles.Supervisor,
    };

    /// <summary>Every host reads the identity service's discovery document and keys, in process (the platform's, or a test's own).</summary>
    private void UseIdentity(IServiceCollection services, ServiceHost<Shuangsuiji.Identity.Accounts.AccountsApi>? identity = null) =>
        services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o => o.BackchannelHttpHandler = (identity ?? Identity).Server.CreateHandler());

    /// <summary>The draw engine's sealing key in this platform (tests that play an attacker read the engine's store, not the key).</summary>
    public string SealingKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// Where every platform's clock starts: a Monday morning in Beijing inside the calendar the platform ships with
    /// (2022–2026), so that no test depends on the day it runs.
    /// </summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>The clock every host of this platform reads (TimeProvider); tests move it forward where time matters.</summary>
    public TestClock Clock { get; } = new(Start);

    /// <summary>The platform's date in China, by its clock.</summary>
    public DateOnly Today => ChinaDate.Of(Clock.GetUtcNow());

    /// <summary>The checkpoints' notary's key, made for this platform in memory (ECDSA P-256).</summary>
    public CheckpointSigner NotaryKey { get; } = CheckpointSigner.FromPem(
        System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem(), CheckpointAlgorithms.EcdsaP256);

    /// <summary>What each service's consumers received, by service name.</summary>
    public Dictionary<string, MessageRecorder> Recorders { get; } = [];

    /// <summary>The trace spans each service exported through OpenTelemetry, by service name.</summary>
    public Dictionary<string, List<Activity>> Spans { get; } = [];

    /// <summary>The lines each service logged (its own code's from Debug up, the rest as its settings say), by service name.</summary>
    public Dictionary<string, LogRecorder> Logs { get; } = [];

    public async Task InitializeAsync()
    {
        vhost = await RabbitVirtualHost.CreateAsync($"test-{id}");
        // The identity service first: every other host reads its keys.
        Identity = StartService<Shuangsuiji.Identity.Accounts.AccountsApi>("identity");
        Directories = StartService<DepartmentsApi>("directories");
        Catalog = StartService<CatalogApi>("catalog");
        Disclosure = StartService<PublicRecordsApi>("disclosure");
        Draws = StartService<DrawsApi>("draws");
        Tasks = StartService<TasksApi>("tasks");
        Supervision = StartService<SupervisionApi>("supervision");
        Gateway = StartGateway();
        GatewayChannel = GrpcChannel.ForAddress(Gateway.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Gateway.Server.CreateHandler() });
        // The services that count working days hear of the notices the directories seed at their first start.
        foreach (var (name, host) in new (string, IServiceProvider)[] { ("tasks", Tasks.Services), ("supervision", Supervision.Services) })
            await Eventually.Get(() => Task.FromResult(host.GetRequiredService<LiveCalendar>().Current), c => c.Holds(Start.Year),
                $"the seeded holiday notices reaching {name}");
    }

    /// <summary>
    /// Starts a service (or starts it again after <see cref="Stop"/>) on this class's schema and virtual host; a test may
    /// give it settings and services of its own (an upstream provider's backchannel). A <paramref name="replica"/> is one
    /// more host of the service beside the one the gateway calls, on the same store and queues; what it consumes and the
    /// spans it exports are kept under "name/replica". A <paramref name="loopbackPort"/> makes it listen on the loopback for
    /// a browser (its address is ClientOptions.BaseAddress) instead of an in-process server. It reads the keys of the
    /// platform's identity service, or of a test's own <paramref name="identity"/>. The caller disposes it.
    /// </summary>
    public ServiceHost<TMarker> StartService<TMarker>(string name, IReadOnlyDictionary<string, string?>? overrides = null,
        Action<IServiceCollection>? testServices = null, string? replica = null, int? loopbackPort = null,
        ServiceHost<Shuangsuiji.Identity.Accounts.AccountsApi>? identity = null) where TMarker : class
    {
        var recorder = new MessageRecorder();
        var hostName = replica is null ? name : $"{name}/{replica}";
        Recorders[hostName] = recorder;
        var spans = Spans[hostName] = [];
        var logs = Logs[hostName] = new LogRecorder();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = TestEnvironment.Postgres,
            ["ConnectionStrings:RabbitMq"] = vhost!.Amqp.ToString(),
            ["Marten:Schema"] = $"{name}_{id}",
            ["Tasks:DeadlineScanSeconds"] = "1",
            ["Supervision:AlertScanSeconds"] = "1",
            ["Auth:Authority"] = TestTokens.Issuer,
            ["Auth:RequireHttpsMetadata"] = "false",
        };
        if (name == "identity")
            foreach (var (key, value) in IdentitySettings) settings[key] = value;
        // Only the draw engine holds its sealing key, and it asks the tasks service about tasks; the tasks service asks the
        // draw engine to prepare and execute a task's draw.
        if (name == "draws")
        {
            settings["Draws:SealingKey"] = SealingKey;
            settings["Services:Tasks"] = "http://localhost";
        }
        if (name == "tasks") settings["Services:Draws"] = "http://localhost";
        // The checkpoints' notary calls the six services directly and looks every second whether a head is due (hourly on
        // this platform's clock).
        if (name == "supervision")
        {
            settings["Checkpoints:ScanSeconds"] = "1";
            settings["Checkpoints:OfficeDepartment"] = Scenario.Office.DepartmentId;
            settings["Checkpoints:ClientSecret"] = NotarySecret;
            foreach (var service in ApiContracts.Platform.ServiceNames) settings[$"Services:{service}"] = "http://localhost";
        }
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
        var host = new ServiceHost<TMarker>(settings, services =>
        {
            testServices?.Invoke(services);
            services.AddConsumeObserver(_ => recorder);
            services.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans));
            // What the host's settings let through, as its console writes it; the platform's own code from Debug up.
            services.AddLogging(l => l.AddProvider(logs).AddFilter<LogRecorder>("Shuangsuiji", LogLevel.Debug));
            services.AddSingleton<TimeProvider>(Clock);
            if (name != "identity") UseIdentity(services, identity);
            if (name == "draws")
                services.AddHttpClient(nameof(Proto.Tasks.V1.Tasks.TasksClient)).ConfigurePrimaryHttpMessageHandler(() => Tasks.Server.CreateHandler());
            if (name == "tasks")
                services.AddHttpClient(nameof(Proto.Draws.V1.Draws.DrawsClient)).ConfigurePrimaryHttpMessageHandler(() => Draws.Server.CreateHandler());
            if (name == "supervision")
            {
                services.AddSingleton(new NotaryKey(NotaryKey));
                foreach (var (client, service) in ChainSources.Clients)
                    services.AddHttpClient(client).ConfigurePrimaryHttpMessageHandler(() => ServerOf(service).CreateHandler());
            }
        });
        // Start it now: queues and schema exist before the test runs.
        if (loopbackPort is { } port)
        {
            host.UseKestrel(port);
            host.StartServer();
        }
        else _ = host.Server;
        return host;
    }

    /// <summary>
    /// A gateway in front of this class's services, with settings of its own (a test's rate limit). On the loopback it
    /// listens on a real port, for a browser (its address is ClientOptions.BaseAddress); else it is an in-process server.
    /// <paramref name="destinations"/> may stand in for a service's server (a test's failing one). The caller disposes it.
    /// </summary>
    public GatewayHost StartGateway(IReadOnlyDictionary<string, string?>? settings = null, bool onLoopback = false,
        Func<string, HttpMessageHandler?>? destinations = null)
    {
        var gateway = new GatewayHost(
            ApiContracts.Platform.ServiceNames.ToDictionary(n => $"Services:{n}", n => (string?)$"http://{n}")
                .Append(new("Auth:Authority", TestTokens.Issuer)).Append(new("Auth:RequireHttpsMetadata", "false"))
                .Concat(settings ?? new Dictionary<string, string?>()).ToDictionary(),
            service => destinations?.Invoke(service) ?? HandlerOf(service),
            services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                UseIdentity(services);
            });
        if (onLoopback)
        {
            gateway.UseKestrel(0);
            gateway.StartServer();
        }
        return gateway;
    }

    /// <summary>Stops a service as if its host were down: the gateway's connections to it are refused until <see cref="Restart"/>.</summary>
    public async Task Stop(string service)
    {
        stopped.Add(service);
        await HostOf(service).DisposeAsync();
    }

    public void Restart(string service)
    {
        _ = service switch
        {
            "directories" => (object)(Directories = StartService<DepartmentsApi>(service)),
            "catalog" => Catalog = StartService<CatalogApi>(service),
            "disclosure" => Disclosure = StartService<PublicRecordsApi>(service),
            "draws" => Draws = StartService<DrawsApi>(service),
            "tasks" => Tasks = StartService<TasksApi>(service),
            _ => Supervision = StartService<SupervisionApi>(service),
        };
        stopped.Remove(service);
    }

    public Proto.Directories.V1.Departments.DepartmentsClient Departments => new(GatewayChannel);
    public Proto.Catalog.V1.Catalog.CatalogClient CatalogClient => new(GatewayChannel);
    public Proto.Disclosure.V1.PublicRecords.PublicRecordsClient Public => new(GatewayChannel);

    /// <summary>A gateway HTTP client for the JSON API, optionally with a bearer token.</summary>
    public HttpClient Http(Caller? caller = null)
    {
        var http = Gateway.CreateClient();
        if (caller is not null) http.DefaultRequestHeaders.Authorization = new("Bearer", TestEnvironment.Token(caller));
        return http;
    }

    public static CallOptions As(Caller caller, string? correlationId = null)
    {
        var headers = new Metadata { { "authorization", $"Bearer {TestEnvironment.Token(caller)}" } };
        if (correlationId is not null) headers.Add("x-correlation-id", correlationId);
        return new CallOptions(headers);
    }

    public async Task DisposeAsync()
    {
        GatewayChannel?.Dispose();
        foreach (var host in new IAsyncDisposable?[] { Gateway, Identity, Supervision, Tasks, Draws, Disclosure, Catalog, Directories })
            if (host is not null) await host.DisposeAsync();
        if (vhost is not null) await vhost.DisposeAsync();
    }

    /// <summary>The in-process server of a service, as it is now (a service may have been restarted).</summary>
    public TestServer ServerOf(string service) => service.ToLowerInvariant() switch
    {
        "directories" => Directories.Server,
        "catalog" => Catalog.Server,
        "draws" => Draws.Server,
        "tasks" => Tasks.Server,
        "supervision" => Supervision.Server,
        "identity" => Identity.Server,
        _ => Disclosure.Server,
    };

    private IAsyncDisposable HostOf(string service) => service switch
    {
        "directories" => Directories,
        "catalog" => Catalog,
        "draws" => Draws,
        "tasks" => Tasks,
        "supervision" => Supervision,
        "identity" => Identity,
        _ => Disclosure,
    };

    /// <summary>What the gateway's proxy reaches a service through: its server, or a refused connection while it is stopped.</summary>
    private HttpMessageHandler HandlerOf(string service) =>
        stopped.Contains(service) ? new Refused(service) : ServerOf(service).CreateHandler();

    private sealed class Refused(string service) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            Task.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ConnectionError, $"the {service} service is stopped"));
    }
}
