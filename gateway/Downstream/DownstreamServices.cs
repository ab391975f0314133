using Grpc.Health.V1;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Shuangsuiji.Api.Catalog.V1;
using Shuangsuiji.Api.Checkpoints.V1;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Disclosure.V1;
using Shuangsuiji.Api.Draws.V1;
using Shuangsuiji.Api.Supervision.V1;
using Shuangsuiji.Api.Tasks.V1;

namespace Shuangsuiji.Gateway.Downstream;

/// <summary>The internal services behind the gateway, at the gRPC addresses in Services:Directories, :Catalog, :Disclosure, :Draws, :Tasks and :Supervision.</summary>
public static class DownstreamServices
{
    public static readonly string[] Names = ["Directories", "Catalog", "Disclosure", "Draws", "Tasks", "Supervision"];

    /// <summary>The HTTP client for the portal's pages, which the disclosure service renders.</summary>
    public const string PortalClient = "Disclosure.portal";

    /// <summary>Every gRPC client the gateway has (by client name), and the service it calls.</summary>
    public static readonly (string Client, string Service)[] Clients =
    [
        (nameof(Departments.DepartmentsClient), "Directories"),
        (nameof(MarketEntities.MarketEntitiesClient), "Directories"),
        (nameof(TagLibrary.TagLibraryClient), "Directories"),
        (nameof(DirectoryImports.DirectoryImportsClient), "Directories"),
        (nameof(Inspectors.InspectorsClient), "Directories"),
        (nameof(HolidayCalendar.HolidayCalendarClient), "Directories"),
        (nameof(Catalog.CatalogClient), "Catalog"),
        (nameof(PublicRecords.PublicRecordsClient), "Disclosure"),
        (nameof(Draws.DrawsClient), "Draws"),
        (nameof(Tasks.TasksClient), "Tasks"),
        (nameof(Supervision.SupervisionClient), "Supervision"),
        (nameof(Notary.NotaryClient), "Supervision"),
        (nameof(PublishedCheckpoints.PublishedCheckpointsClient), "Disclosure"),
        (PortalClient, "Disclosure"),
        .. Names.Select(n => (HealthClientName(n), n)),
        .. Names.Select(n => (AuditTrailClientName(n), n)),
    ];

    public static IServiceCollection AddDownstreamServices(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddTransient<ForwardCallerInterceptor>();
        services.AddTransient<RetryOnTimeoutInterceptor>();
        Add<Departments.DepartmentsClient>(services, "Directories");
        Add<MarketEntities.MarketEntitiesClient>(services, "Directories");
        Add<TagLibrary.TagLibraryClient>(services, "Directories");
        Add<DirectoryImports.DirectoryImportsClient>(services, "Directories");
        Add<Inspectors.InspectorsClient>(services, "Directories");
        Add<HolidayCalendar.HolidayCalendarClient>(services, "Directories");
        Add<Catalog.CatalogClient>(services, "Catalog");
        Add<PublicRecords.PublicRecordsClient>(services, "Disclosure");
        Add<Draws.DrawsClient>(services, "Draws");
        // Every tasks command is checked against its request id, so the gateway may send it again after a timeout.
        Add<Tasks.TasksClient>(services, "Tasks").AddInterceptor<RetryOnTimeoutInterceptor>();
        Add<Supervision.SupervisionClient>(services, "Supervision");
        Add<Notary.NotaryClient>(services, "Supervision");
        Add<PublishedCheckpoints.PublishedCheckpointsClient>(services, "Disclosure");
        services.AddHttpClient(PortalClient, (sp, http) => http.BaseAddress = Address(sp, "Disclosure"));
        var health = services.AddHealthChecks();
        foreach (var name in Names)
        {
            Add<Shuangsuiji.Api.Audit.V1.AuditTrail.AuditTrailClient>(services, name, AuditTrailClientName(name));
            Add<Health.HealthClient>(services, name, HealthClientName(name));
            health.AddTypeActivatedCheck<DownstreamHealthCheck>(name.ToLowerInvariant(), HealthStatus.Unhealthy, ["ready"], HealthClientName(name));
        }
        return services;
    }

    public static string HealthClientName(string service) => $"{service}.health";

    /// <summary>Every service serves the audit trail of its own store.</summary>
    public static string AuditTrailClientName(string service) => $"{service}.audit-trail";

    private static Uri Address(IServiceProvider sp, string service) =>
        new(sp.GetRequiredService<IConfiguration>()[$"Services:{service}"]
            ?? throw new InvalidOperationException($"Services:{service} (the service's gRPC address) is not configured"));

    private static IHttpClientBuilder Add<TClient>(IServiceCollection services, string service, string? name = null) where TClient : class =>
        services.AddGrpcClient<TClient>(name ?? typeof(TClient).Name, (sp, o) => o.Address = Address(sp, service))
            .ConfigureChannel(o => o.MaxReceiveMessageSize = 16 << 20)
            .AddInterceptor<ForwardCallerInterceptor>()
            .EnableCallContextPropagation(o => o.SuppressContextNotFoundErrors = true);
}

/// <summary>Ready only when the service behind answers the standard gRPC health check.</summary>
public sealed class DownstreamHealthCheck(GrpcClientFactory clients, string clientName) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var client = clients.CreateClient<Health.HealthClient>(clientName);
            var reply = await client.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(3), cancellationToken: ct);
            return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{clientName}: {reply.Status}");
        }
        catch (Grpc.Core.RpcException e)
        {
            return HealthCheckResult.Unhealthy($"{clientName}: {e.Status.StatusCode} {e.Status.Detail}");
        }
    }
}
