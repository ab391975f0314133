using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Api = Shuangsuiji.Api;

namespace Shuangsuiji.Workbench.Platform;

/// <summary>
/// The workbench calls the platform as any client does: through the gateway (Services:Gateway, its gRPC address), with the
/// signed-in person's access token, which it reads from the session on the server.
/// </summary>
public static class GatewayClients
{
    /// <summary>The clients the pages use, by the name their HTTP clients are registered under (tests give them a transport).</summary>
    public static readonly string[] Names =
    [
        nameof(Api.Tasks.V1.Tasks.TasksClient), nameof(Api.Draws.V1.Draws.DrawsClient),
        nameof(Api.Directories.V1.Departments.DepartmentsClient), nameof(Api.Catalog.V1.Catalog.CatalogClient), nameof(Api.Directories.V1.HolidayCalendar.HolidayCalendarClient),
        nameof(Api.Directories.V1.TagLibrary.TagLibraryClient), nameof(Api.Directories.V1.MarketEntities.MarketEntitiesClient),
        nameof(Api.Directories.V1.DirectoryImports.DirectoryImportsClient), nameof(Api.Directories.V1.Inspectors.InspectorsClient),
        nameof(Api.Supervision.V1.Supervision.SupervisionClient),
        nameof(Api.Audit.V1.AuditTrail.AuditTrailClient), nameof(Api.Checkpoints.V1.Notary.NotaryClient),
        nameof(Api.Checkpoints.V1.PublishedCheckpoints.PublishedCheckpointsClient),
        nameof(Api.Identity.V1.Accounts.AccountsClient), nameof(Api.Identity.V1.Clients.ClientsClient),
    ];

    public static IHostApplicationBuilder AddGatewayClients(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddTransient<CallerToken>();
        Add<Api.Tasks.V1.Tasks.TasksClient>(builder);
        Add<Api.Draws.V1.Draws.DrawsClient>(builder);
        Add<Api.Directories.V1.Departments.DepartmentsClient>(builder);
        Add<Api.Directories.V1.HolidayCalendar.HolidayCalendarClient>(builder);
        builder.Services.AddSingleton<WorkingDays>();
        Add<Api.Catalog.V1.Catalog.CatalogClient>(builder);
        builder.Services.AddSingleton<DepartmentNames>();
        builder.Services.AddSingleton<ItemNames>();
        Add<Api.Directories.V1.TagLibrary.TagLibraryClient>(builder);
        Add<Api.Directories.V1.MarketEntities.MarketEntitiesClient>(builder);
        builder.Services.AddSingleton<EntityNames>();
        Add<Api.Directories.V1.DirectoryImports.DirectoryImportsClient>(builder);
        Add<Api.Directories.V1.Inspectors.InspectorsClient>(builder);
        builder.Services.AddSingleton<Results.InspectorNames>();
        Add<Api.Supervision.V1.Supervision.SupervisionClient>(builder);
        Add<Api.Audit.V1.AuditTrail.AuditTrailClient>(builder);
        Add<Api.Checkpoints.V1.Notary.NotaryClient>(builder);
        Add<Api.Checkpoints.V1.PublishedCheckpoints.PublishedCheckpointsClient>(builder);
        Add<Api.Identity.V1.Accounts.AccountsClient>(builder);
        Add<Api.Identity.V1.Clients.ClientsClient>(builder);
        return builder;
    }

    private static void Add<TClient>(IHostApplicationBuilder builder) where TClient : ClientBase =>
        builder.Services.AddGrpcClient<TClient>((sp, o) => o.Address = new Uri(sp.GetRequiredService<IConfiguration>()["Services:Gateway"]
                ?? throw new InvalidOperationException("Services:Gateway (the gateway's gRPC address) is not configured")))
            .AddHttpMessageHandler<CallerToken>();

    /// <summary>A command's call: its x-request-id names it, so sending the same form twice takes effect once.</summary>
    public static CallOptions Command(string requestId, CancellationToken ct) => new(new Metadata { { "x-request-id", requestId } }, cancellationToken: ct);

    /// <summary>The signed-in person's access token on every call, from the ticket this request was authenticated with.</summary>
    private sealed class CallerToken(IHttpContextAccessor http) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (http.HttpContext?.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Properties?.GetTokenValue("access_token") is { } token)
                request.Headers.Authorization = new("Bearer", token);
            return base.SendAsync(request, ct);
        }
    }
}
