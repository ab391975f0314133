using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Shuangsuiji.Identity.Accounts;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Identity.Clients;

public sealed record ClientRegistered(string ClientId, string DisplayName, string DepartmentId, string SecretHash, Caller By, DateTimeOffset At);

public sealed record ClientSecretRotated(string ClientId, string SecretHash, Caller By, DateTimeOffset At);

public sealed record ClientRevoked(string ClientId, string Reason, Caller By, DateTimeOffset At);

/// <summary>A token issued to a client, or refused (its secret wrong, or the client revoked): every system sign-in is on the record.</summary>
public sealed record ClientTokenIssued(string ClientId, Caller By, DateTimeOffset At);

public sealed record ClientTokenRefused(string ClientId, string Reason, Caller By, DateTimeOffset At);

/// <summary>
/// Another government system calling the gateway for a department with the role system (stream "client:{id}"): it gets
/// access tokens by client credentials with the secret its department's administrator registered or rotated last.
/// </summary>
public sealed record SystemClient(string Id, string ClientId, string DisplayName, string DepartmentId, string SecretHash, DateTimeOffset SecretIssuedAt,
    bool Revoked) : IAggregate<SystemClient>
{
    public long Version { get; set; }

    public static string StreamId(string clientId) => $"client:{clientId}";

    public static SystemClient When(SystemClient? state, object @event) => (state, @event) switch
    {
        (null, ClientRegistered e) => new SystemClient(StreamId(e.ClientId), e.ClientId, e.DisplayName, e.DepartmentId, e.SecretHash, e.At, false),
        ({ } s, ClientSecretRotated e) => s with { SecretHash = e.SecretHash, SecretIssuedAt = e.At },
        ({ } s, ClientRevoked) => s with { Revoked = true },
        ({ } s, ClientTokenIssued or ClientTokenRefused) => s,
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to client {state?.Id ?? "(new)"}"),
    };

    /// <summary>A client secret: 32 random bytes (base64url), shown once; kept as its SHA-256, which its entropy makes enough.</summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public bool Accepts(string? secret) =>
        !Revoked && secret is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashOf(secret)), Encoding.ASCII.GetBytes(SecretHash));
}

/// <summary>The rules of clients: kept by their department's administrator (or its region's office), like accounts.</summary>
public static partial class ClientDecider
{
    public static IReadOnlyList<object> Register(SystemClient? state, KnownDepartment? department, KnownDepartment? callerDepartment, string clientId,
        string departmentId, string displayName, string secretHash, CommandContext ctx)
    {
        var id = ClientIdPattern().IsMatch(clientId?.Trim() ?? "") ? clientId!.Trim()
            : throw new InvalidFieldException("client_id", $"'{clientId}' must be 3–64 letters, digits, '.', '_' or '-', starting with a letter or digit",
                $"“{clientId}”须为 3–64 个字母、数字、“.”、“_”或“-”，以字母或数字开头");
        var d = AccountDecider.Active(department, departmentId);
        AccountDecider.Keeper(d, callerDepartment, ctx.Caller, "clients");
        if (state is not null) throw new AlreadyExistsException($"client {id} already exists", $"系统客户端 {id} 已存在", IdentityReasons.ClientExists.About(id));
        return [new ClientRegistered(id, Require.Text(displayName, "display_name", 100), d.Id, secretHash, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Rotate(SystemClient? state, KnownDepartment? department, KnownDepartment? callerDepartment, string secretHash, CommandContext ctx)
    {
        var client = Kept(state, department, callerDepartment, ctx);
        return [new ClientSecretRotated(client.ClientId, secretHash, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Revoke(SystemClient? state, KnownDepartment? department, KnownDepartment? callerDepartment, string? reason, CommandContext ctx)
    {
        var client = Kept(state, department, callerDepartment, ctx);
        return [new ClientRevoked(client.ClientId, Require.Text(reason, "reason", 500), ctx.Caller, ctx.Now)];
    }

    /// <summary>A token request by client credentials: issued to an active client with its current secret, else refused — both recorded.</summary>
    public static (IReadOnlyList<object> Events, bool Issued) Token(SystemClient client, string? secret, CommandContext ctx) =>
        client.Accepts(secret)
            ? ([new ClientTokenIssued(client.ClientId, ctx.Caller, ctx.Now)], true)
            : ([new ClientTokenRefused(client.ClientId, client.Revoked ? "revoked" : "wrong_secret", ctx.Caller, ctx.Now)], false);

    private static SystemClient Kept(SystemClient? state, KnownDepartment? department, KnownDepartment? callerDepartment, CommandContext ctx)
    {
        var client = state ?? throw new NotFoundException("no such client", "没有该系统客户端", IdentityReasons.ClientNotFound.About(null));
        if (client.Revoked)
            throw new RuleViolationException($"client {client.ClientId} is revoked", $"系统客户端 {client.ClientId} 已吊销", IdentityReasons.ClientRevoked.About(client.ClientId));
        AccountDecider.Keeper(department ?? throw new RuleViolationException($"department {client.DepartmentId} is not known to the identity service",
                $"身份认证服务尚未获知系统客户端 {client.ClientId} 所属的部门 {client.DepartmentId}", IdentityReasons.KeepingDepartmentUnknown.About(client.DepartmentId)),
            callerDepartment, ctx.Caller, "clients");
        return client;
    }

    [GeneratedRegex("^[0-9A-Za-z][0-9A-Za-z._-]{2,63}$")]
    private static partial Regex ClientIdPattern();
}
