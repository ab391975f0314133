using Grpc.Core;
using Grpc.Net.ClientFactory;
using Shuangsuiji.Api.Audit.V1;
using Shuangsuiji.AuditTrail.Checkpoints;
using Shuangsuiji.ServiceDefaults.Auth;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Supervision.Checkpoints;

/// <summary>
/// The seven services' chain rows, read through each one's audit trail API (ListChainRows) at its gRPC address
/// (Services:Catalog, :Directories, :Disclosure, :Draws, :Supervision, :Tasks, :Identity). The notary calls as its own client,
/// checkpoint-notary (Checkpoints:ClientId and :ClientSecret, a service client the identity service is configured with) of
/// the office's department (Checkpoints:OfficeDepartment) in the supervisor role.
/// </summary>
public sealed class ChainSources(GrpcClientFactory clients, ServiceTokens tokens, IConfiguration config)
{
    public const string NotaryUser = "checkpoint-notary";
    private const int PageSize = 10_000;

    /// <summary>Every gRPC client the notary has (by client name) and the service (as in the Services: settings) it calls.</summary>
    public static readonly (string Client, string Service)[] Clients =
        [.. CheckpointLeaf.Services.Select(s => ($"chain-rows.{s}", char.ToUpperInvariant(s[0]) + s[1..]))];

    public static void Add(IServiceCollection services)
    {
        foreach (var (client, service) in Clients)
            services.AddGrpcClient<Api.Audit.V1.AuditTrail.AuditTrailClient>(client, (sp, o) => o.Address = new Uri(
                    sp.GetRequiredService<IConfiguration>()[$"Services:{service}"]
                    ?? throw new InvalidOperationException($"Services:{service} (the service's gRPC address, for the checkpoints' notary) is not configured")))
                .ConfigureChannel(o => o.MaxReceiveMessageSize = 16 << 20);
        services.AddSingleton<ChainSources>();
    }

    public Caller Notary => new(NotaryUser,
        config["Checkpoints:OfficeDepartment"] is { Length: > 0 } office ? office
            : throw new InvalidOperationException("Checkpoints:OfficeDepartment (the supervising office's department, for the notary's token) is not configured"),
        Roles.Supervisor);

    /// <summary>A service's chain rows after <paramref name="after"/> up to its chain writer's progress, in sequence order, as leaves.</summary>
    public async Task<List<CheckpointLeaf>> PullAsync(string service, long after, CancellationToken ct)
    {
        var client = clients.CreateClient<Api.Audit.V1.AuditTrail.AuditTrailClient>(Clients[Array.IndexOf(CheckpointLeaf.Services, service)].Client);
        var token = await tokens.GetAsync(config["Checkpoints:ClientId"] ?? NotaryUser,
            config["Checkpoints:ClientSecret"] ?? throw new InvalidOperationException("Checkpoints:ClientSecret (the notary's secret at the identity service) is not configured"), ct);
        var headers = new Metadata { { "authorization", $"Bearer {token}" } };
        var leaves = new List<CheckpointLeaf>();
        while (true)
        {
            var page = await client.ListChainRowsAsync(new ListChainRowsRequest { Service = service, AfterSeq = after, Limit = PageSize }, headers, cancellationToken: ct);
            leaves.AddRange(page.Rows.Select(r => new CheckpointLeaf(service, r.StreamId, r.Version, r.Seq, r.ChainHash)));
            if (page.Rows.Count < PageSize) return leaves;
            after = page.Rows[^1].Seq;
        }
    }
}
