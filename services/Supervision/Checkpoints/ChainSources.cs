using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Options;
using Shuangsuiji.Api.Audit.V1;
using Shuangsuiji.AuditTrail.Checkpoints;
using Shuangsuiji.ServiceDefaults.Auth;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Supervision.Checkpoints;

/// <summary>
/// The six services' chain rows, read through each one's audit trail API (ListChainRows) at its gRPC address
/// (Services:Catalog, :Directories, :Disclosure, :Draws, :Supervision, :Tasks). The notary calls as its own user,
/// checkpoint-notary of the office's department (Checkpoints:OfficeDepartment) with the supervisor role, in a token it
/// mints with the platform's shared key; client credentials of an identity provider are to replace that.
/// </summary>
public sealed class ChainSources(GrpcClientFactory clients, IOptions<AuthOptions> auth, IConfiguration config)
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
        // The token is checked against the receiving host's wall clock, whatever time the platform's clock says it is.
        var token = TokenIssuer.Mint(auth.Value, Notary, TimeSpan.FromMinutes(10), TimeProvider.System.GetUtcNow());
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
