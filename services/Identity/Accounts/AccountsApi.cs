using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Marten;
using Shuangsuiji.Identity.Clients;
using Shuangsuiji.Kernel;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Grpc;
using Proto = Shuangsuiji.Api.Identity.V1;

namespace Shuangsuiji.Identity.Accounts;

/// <summary>The accounts a department's administrator (or its region's office) keeps; a person reads its own.</summary>
public sealed class AccountsApi(IDocumentStore store, Commands commands, AccountSecrets secrets) : Proto.Accounts.AccountsBase
{
    public override async Task<Proto.AccountCreated> CreateAccount(Proto.CreateAccountRequest r, ServerCallContext call)
    {
        var password = AccountSecrets.OneTimePassword();
        var command = new CreateAccount(r.Username, r.DisplayName, r.DepartmentId, [.. r.Roles]);
        var account = await commands.Run<Account, Known>(call, Account.StreamId(r.Username.Trim()), null,
            (session, ctx, ct) => Known.LoadAsync(session, r.DepartmentId, ctx, ct),
            (state, known, ctx) => AccountDecider.Create(state, known.Department, known.CallerDepartment, command, secrets.Hash(password), ctx));
        return new Proto.AccountCreated { Account = ToProto(account), OneTimePassword = password };
    }

    public override async Task<Proto.Account> ChangeRoles(Proto.ChangeRolesRequest r, ServerCallContext call) =>
        ToProto(await Change(r.Username, call, (state, known, ctx) =>
            AccountDecider.ChangeRoles(state, known.Department, known.CallerDepartment, [.. r.Roles], r.Reason, ctx)));

    public override async Task<Proto.AccountCreated> ResetPassword(Proto.ResetPasswordRequest r, ServerCallContext call)
    {
        var password = AccountSecrets.OneTimePassword();
        var account = await Change(r.Username, call, (state, known, ctx) =>
            AccountDecider.ResetPassword(state, known.Department, known.CallerDepartment, secrets.Hash(password), r.ResetTotp, r.Reason, ctx));
        return new Proto.AccountCreated { Account = ToProto(account), OneTimePassword = password };
    }

    public override async Task<Proto.Account> DisableAccount(Proto.AccountCommandRequest r, ServerCallContext call) =>
        ToProto(await Change(r.Username, call, (state, known, ctx) => AccountDecider.Disable(state, known.Department, known.CallerDepartment, r.Reason, ctx)));

    public override async Task<Proto.Account> EnableAccount(Proto.AccountCommandRequest r, ServerCallContext call) =>
        ToProto(await Change(r.Username, call, (state, known, ctx) => AccountDecider.Enable(state, known.Department, known.CallerDepartment, r.Reason, ctx)));

    public override async Task<Proto.Account> GetAccount(Proto.GetAccountRequest r, ServerCallContext call)
    {
        var caller = call.Caller();
        await using var query = store.QuerySession();
        var account = await query.LoadAsync<Account>(Account.StreamId(r.Username.Trim()), call.CancellationToken)
            ?? throw new NotFoundException($"no account {r.Username}", $"没有账户 {r.Username}", IdentityReasons.AccountNotFound.About(r.Username.Trim()));
        if (caller.UserId != account.Username) await KeeperAsync(query, account.DepartmentId, caller, call.CancellationToken);
        return ToProto(account);
    }

    public override async Task<Proto.ListAccountsResponse> ListAccounts(Proto.ListAccountsRequest r, ServerCallContext call)
    {
        await using var query = store.QuerySession();
        await KeeperAsync(query, r.DepartmentId, call.Caller(), call.CancellationToken);
        var accounts = await query.Query<Account>().Where(a => a.DepartmentId == r.DepartmentId).OrderBy(a => a.Username).ToListAsync(call.CancellationToken);
        return new Proto.ListAccountsResponse { Accounts = { accounts.Select(ToProto) } };
    }

    /// <summary>Reads of a department's accounts and clients are its keepers'.</summary>
    internal static async Task KeeperAsync(IQuerySession query, string departmentId, Caller caller, CancellationToken ct)
    {
        var known = await Known.LoadAsync(query, departmentId, caller, ct);
        AccountDecider.Keeper(known.Department ?? throw new NotFoundException($"no department {departmentId}", $"没有部门 {departmentId}",
            Reasons.DepartmentNotFound.About(departmentId)), known.CallerDepartment, caller, "accounts");
    }

    private Task<Account> Change(string username, ServerCallContext call, Func<Account?, Known, CommandContext, IReadOnlyList<object>> decide) =>
        commands.Run<Account, Known>(call, Account.StreamId(username.Trim()), null,
            async (session, ctx, ct) => await Known.LoadAsync(session,
                (await session.LoadAsync<Account>(Account.StreamId(username.Trim()), ct))?.DepartmentId ?? "", ctx, ct),
            decide);

    internal static Proto.Account ToProto(Account a) => new()
    {
        Username = a.Username, DisplayName = a.DisplayName, DepartmentId = a.DepartmentId, Roles = { a.Roles },
        Status = a.Status == AccountStatus.Active ? Proto.AccountStatus.Active : Proto.AccountStatus.Disabled,
        PasswordChangeRequired = a.MustChangePassword, TotpEnrolled = a.ProtectedTotpKey is not null,
        LockedUntil = a.LockedUntil is { } until ? Timestamp.FromDateTimeOffset(until) : null, Version = a.Version,
    };
}

/// <summary>The department a command concerns and the caller's own, as the identity service knows them.</summary>
public sealed record Known(KnownDepartment? Department, KnownDepartment? CallerDepartment)
{
    public static Task<Known> LoadAsync(IQuerySession session, string departmentId, CommandContext ctx, CancellationToken ct) =>
        LoadAsync(session, departmentId, ctx.Caller, ct);

    public static async Task<Known> LoadAsync(IQuerySession session, string departmentId, Caller caller, CancellationToken ct)
    {
        var found = (await session.LoadManyAsync<KnownDepartment>(ct, departmentId.Trim(), caller.DepartmentId)).ToDictionary(d => d.Id);
        return new Known(found.GetValueOrDefault(departmentId.Trim()), found.GetValueOrDefault(caller.DepartmentId));
    }
}
