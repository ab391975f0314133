using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Marten;
using Shuangsuiji.Identity.Accounts;
using Shuangsuiji.Kernel;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Grpc;
using Proto = Shuangsuiji.Api.Identity.V1;

namespace Shuangsuiji.Identity.Clients;

/// <summary>Other government systems' clients, kept by their department's administrator (or its region's office).</summary>
public sealed class ClientsApi(IDocumentStore store, Commands commands) : Proto.Clients.ClientsBase
{
    public override async Task<Proto.ClientSecret> RegisterClient(Proto.RegisterClientRequest r, ServerCallContext call)
    {
        var secret = SystemClient.NewSecret();
        var client = await commands.Run<SystemClient, Known>(call, SystemClient.StreamId(r.ClientId.Trim()), null,
            (session, ctx, ct) => Known.LoadAsync(session, r.DepartmentId, ctx, ct),
            (state, known, ctx) => ClientDecider.Register(state, known.Department, known.CallerDepartment, r.ClientId, r.DepartmentId, r.DisplayName,
                SystemClient.HashOf(secret), ctx));
        return new Proto.ClientSecret { Client = ToProto(client), ClientSecret_ = secret };
    }

    public override async Task<Proto.ClientSecret> RotateClientSecret(Proto.ClientCommandRequest r, ServerCallContext call)
    {
        var secret = SystemClient.NewSecret();
        var client = await Change(r.ClientId, call, (state, known, ctx) =>
            ClientDecider.Rotate(state, known.Department, known.CallerDepartment, SystemClient.HashOf(secret), ctx));
        return new Proto.ClientSecret { Client = ToProto(client), ClientSecret_ = secret };
    }

    public override async Task<Proto.Client> RevokeClient(Proto.ClientCommandRequest r, ServerCallContext call) =>
        ToProto(await Change(r.ClientId, call, (state, known, ctx) => ClientDecider.Revoke(state, known.Department, known.CallerDepartment, r.Reason, ctx)));

    public override async Task<Proto.ListClientsResponse> ListClients(Proto.ListClientsRequest r, ServerCallContext call)
    {
        await using var query = store.QuerySession();
        await AccountsApi.KeeperAsync(query, r.DepartmentId, call.Caller(), call.CancellationToken);
        var clients = await query.Query<SystemClient>().Where(c => c.DepartmentId == r.DepartmentId).OrderBy(c => c.ClientId).ToListAsync(call.CancellationToken);
        return new Proto.ListClientsResponse { Clients = { clients.Select(ToProto) } };
    }

    private Task<SystemClient> Change(string clientId, ServerCallContext call, Func<SystemClient?, Known, CommandContext, IReadOnlyList<object>> decide) =>
        commands.Run<SystemClient, Known>(call, SystemClient.StreamId(clientId.Trim()), null,
            async (session, ctx, ct) => await Known.LoadAsync(session,
                (await session.LoadAsync<SystemClient>(SystemClient.StreamId(clientId.Trim()), ct))?.DepartmentId ?? "", ctx, ct),
            decide);

    private static Proto.Client ToProto(SystemClient c) => new()
    {
        ClientId = c.ClientId, DisplayName = c.DisplayName, DepartmentId = c.DepartmentId, Revoked = c.Revoked,
        SecretIssuedAt = Timestamp.FromDateTimeOffset(c.SecretIssuedAt), Version = c.Version,
    };
}
