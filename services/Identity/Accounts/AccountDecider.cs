using System.Text.RegularExpressions;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Identity.Accounts;

public sealed record CreateAccount(string Username, string DisplayName, string DepartmentId, IReadOnlyList<string> Roles);

/// <summary>What a sign-in needs next: nothing (signed in), the person's new password, a TOTP code, TOTP enrollment — or it failed.</summary>
public enum SignInNext { SignedIn, ChangePassword, SecondFactor, EnrollSecondFactor, Failed }

/// <summary>A person as the upstream provider's claims describe it: its subject there, and the department and roles they map to.</summary>
public sealed record UpstreamPerson(string Provider, string Subject, string Username, string DisplayName, string DepartmentId, IReadOnlyList<string> Roles);

public sealed record SignInStep(IReadOnlyList<object> Events, SignInNext Next, SignInFailure? Failure = null, DateTimeOffset? LockedUntil = null);

/// <summary>
/// The rules of accounts: who keeps them (a department's administrator its own department's; an office of the leading group
/// those of the departments in its region), the roles a department may give, and the sign-in with its password policy,
/// lockout (five failures in a row: fifteen minutes) and second factor (TOTP with recovery codes, or a security key: one of
/// them required for reviewers, administrators and supervisors). Pure: hashes, keys and code and signature checks come in
/// as values and functions.
/// </summary>
public static partial class AccountDecider
{
    public const int LockoutThreshold = 5;

    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    /// <summary>A department's administrator keeps its accounts and clients; an office's supervisor or administrator those of its region's departments.</summary>
    public static void Keeper(KnownDepartment department, KnownDepartment? callerDepartment, Caller caller, string what)
    {
        if (caller.ActsFor(department.Id) && caller.Role == AccountRoles.Admin) return;
        if (callerDepartment is { Office: true, Retired: false } office && caller.Role is Roles.Supervisor or AccountRoles.Admin
            && Regions.Within(department.RegionCode, office.RegionCode)) return;
        throw new ForbiddenException($"the {what} of {department.Id} are kept by its administrator and the office of its region; {caller.DepartmentId} ({caller.Role}) may not",
            $"{department.Id} 的{(what == "clients" ? "系统客户端" : "账户")}由本部门管理员和所在地区的领导小组办公室管理；{caller.DepartmentId}（{caller.Role}）无权操作",
            IdentityReasons.AdministratorOnly.About(department.Id));
    }

    public static IReadOnlyList<object> Create(Account? state, KnownDepartment? department, KnownDepartment? callerDepartment, CreateAccount c,
        string passwordHash, CommandContext ctx)
    {
        var username = Username(c.Username);
        var d = Active(department, c.DepartmentId);
        Keeper(d, callerDepartment, ctx.Caller, "accounts");
        if (state is not null)
            throw new AlreadyExistsException($"account {username} already exists", $"账户 {username} 已存在", IdentityReasons.AccountExists.About(username));
        return [new AccountCreated(username, Require.Text(c.DisplayName, "display_name", 100), d.Id, ValidRoles(c.Roles, d), passwordHash, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> ChangeRoles(Account? state, KnownDepartment? department, KnownDepartment? callerDepartment, IReadOnlyList<string> roles,
        string? reason, CommandContext ctx)
    {
        var (account, d) = Kept(state, department, callerDepartment, ctx);
        var valid = ValidRoles(roles, d);
        if (valid.Order().SequenceEqual(account.Roles.Order()))
            throw new InvalidFieldException("roles", "are the account's roles already", "与账户现有角色相同", IdentityReasons.RolesUnchanged);
        return [new RolesChanged(account.Username, valid, Require.Text(reason, "reason", 500), ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> ResetPassword(Account? state, KnownDepartment? department, KnownDepartment? callerDepartment, string passwordHash,
        bool resetTotp, string? reason, CommandContext ctx)
    {
        var (account, _) = Kept(state, department, callerDepartment, ctx);
        return [new PasswordReset(account.Username, passwordHash, resetTotp, Require.Text(reason, "reason", 500), ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Disable(Account? state, KnownDepartment? department, KnownDepartment? callerDepartment, string? reason, CommandContext ctx)
    {
        var (account, _) = Kept(state, department, callerDepartment, ctx);
        if (account.Status == AccountStatus.Disabled)
            throw new RuleViolationException($"account {account.Username} is disabled already", $"账户 {account.Username} 已停用",
                IdentityReasons.AccountStatusUnchanged.About(account.Username, "disabled"));
        if (account.Username == ctx.Caller.UserId)
            throw new RuleViolationException("an administrator does not disable the account it acts with", "管理员不能停用自己正在使用的账户",
                IdentityReasons.OwnAccount.About(account.Username));
        return [new AccountDisabled(account.Username, Require.Text(reason, "reason", 500), ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Enable(Account? state, KnownDepartment? department, KnownDepartment? callerDepartment, string? reason, CommandContext ctx)
    {
        var (account, _) = Kept(state, department, callerDepartment, ctx);
        if (account.Status == AccountStatus.Active)
            throw new RuleViolationException($"account {account.Username} is active already", $"账户 {account.Username} 已处于启用状态",
                IdentityReasons.AccountStatusUnchanged.About(account.Username, "active"));
        return [new AccountEnabled(account.Username, Require.Text(reason, "reason", 500), ctx.Caller, ctx.Now)];
    }

    /// <summary>
    /// The first step of a sign-in: the password. A disabled or locked account is refused whatever the password; a wrong
    /// password counts towards the lockout. <paramref name="matches"/> checks a password against the account's hash.
    /// </summary>
    public static SignInStep Password(Account account, string? password, Func<string, string, bool> matches, CommandContext ctx)
    {
        if (Refused(account, ctx) is { } refused) return refused;
        // An account of the upstream provider has no password here.
        if (string.IsNullOrEmpty(password) || account.PasswordHash.Length == 0 || !matches(account.PasswordHash, password))
            return Failed(account, SignInFailure.WrongPassword, ctx);
        var next = Next(account);
        return new SignInStep(next == SignInNext.SignedIn ? [new SignedIn(account.Username, "password", ctx.Caller, ctx.Now)] : [], next);
    }

    /// <summary>The second step for an account that needs it: a TOTP code (not one used before) or an unused recovery code.</summary>
    /// <param name="totpStep">the time step a code matches with the account's key, at a time; null when it matches none</param>
    public static SignInStep SecondFactor(Account account, string? code, Func<string, DateTimeOffset, long?> totpStep, Func<string, string> recoveryHash,
        CommandContext ctx)
    {
        if (Refused(account, ctx) is { } refused) return refused;
        var text = (code ?? "").Trim().Replace(" ", "");
        // A code is good once: one used before (its time step) is refused, so an overheard code cannot be replayed.
        if (account.ProtectedTotpKey is not null && text.Length == 6 && totpStep(text, ctx.Now) is { } step && step > account.LastTotpStep)
            return new SignInStep([new SignedIn(account.Username, "password+totp", ctx.Caller, ctx.Now) { TotpStep = step }], SignInNext.SignedIn);
        var index = account.RecoveryCodeHashes.ToList().IndexOf(recoveryHash(text.ToLowerInvariant()));
        if (index >= 0 && !account.UsedRecoveryCodes.Contains(index))
            return new SignInStep([new RecoveryCodeUsed(account.Username, index, ctx.Caller, ctx.Now),
                new SignedIn(account.Username, "password+recovery_code", ctx.Caller, ctx.Now)], SignInNext.SignedIn);
        return Failed(account, SignInFailure.WrongCode, ctx);
    }

    /// <summary>
    /// A new password, by the person: at the first sign-in (after its one-time password was checked) or later with the
    /// current one. It must follow the policy and differ from the current one.
    /// </summary>
    public static SignInStep ChangePassword(Account account, string? newPassword, Func<string, string, bool> matches, string newHash, CommandContext ctx)
    {
        if (Refused(account, ctx) is { } refused) return refused;
        if (PasswordPolicy.Problem(newPassword, account.Username) is { } problem)
            throw new InvalidFieldException("new_password", problem, PasswordPolicy.ProblemZh(newPassword, account.Username),
                string.IsNullOrEmpty(newPassword) ? Reasons.FieldRequired : IdentityReasons.PasswordPolicy);
        if (matches(account.PasswordHash, newPassword!))
            throw new InvalidFieldException("new_password", "must differ from the current password", "新密码不能与当前密码相同", IdentityReasons.PasswordUnchanged);
        var changed = new PasswordChanged(account.Username, newHash, ctx.Caller, ctx.Now);
        var next = Next(account with { MustChangePassword = false });
        return new SignInStep(next == SignInNext.SignedIn ? [changed, new SignedIn(account.Username, "password", ctx.Caller, ctx.Now)] : [changed], next);
    }

    /// <summary>TOTP enrollment, confirmed by a code the authenticator app shows for the new key: then the person is signed in.</summary>
    public static SignInStep EnrollSecondFactor(Account account, string protectedKey, IReadOnlyList<string> recoveryHashes, long? codeStep, CommandContext ctx)
    {
        if (Refused(account, ctx) is { } refused) return refused;
        if (account.ProtectedTotpKey is not null)
            throw new RuleViolationException($"account {account.Username} has enrolled its authenticator already", $"账户 {account.Username} 已绑定身份验证器",
                IdentityReasons.AuthenticatorEnrolled.About(account.Username));
        var step = codeStep ?? throw new InvalidFieldException("code", "does not match the key: enter the six digits the authenticator app shows now",
            "与密钥不符：请输入身份验证器应用当前显示的六位数字", IdentityReasons.AuthenticatorCodeMismatch);
        return new SignInStep([new TotpEnrolled(account.Username, protectedKey, recoveryHashes, ctx.Caller, ctx.Now),
            new SignedIn(account.Username, "password+totp", ctx.Caller, ctx.Now) { TotpStep = step }], SignInNext.SignedIn);
    }

    /// <summary>
    /// A sign-in at the upstream provider (single sign-on), trusted for the second factor. <paramref name="state"/> is the
    /// account linked to the person's subject there, or else the account of the username its claims give. The first
    /// sign-in creates the account, linked, if the claims' department is known and their roles may be given there (the
    /// supervisor role only in an office); later ones take the roles the claims give now, as a change of roles. An
    /// account of that username not linked to the person, or of another department, is refused.
    /// </summary>
    public static SignInStep Upstream(Account? state, KnownDepartment? department, UpstreamPerson person, CommandContext ctx)
    {
        var d = Active(department, person.DepartmentId);
        var roles = ValidRoles(person.Roles, d);
        if (state is null)
        {
            var username = Username(person.Username);
            Require.Text(person.Subject, "sub");
            return new SignInStep([
                new UpstreamAccountCreated(username, Require.Text(person.DisplayName, "display_name", 100), d.Id, roles, person.Provider, person.Subject, ctx.Caller, ctx.Now),
                new UpstreamSignedIn(username, person.Provider, person.Subject, d.Id, roles, ctx.Caller, ctx.Now)], SignInNext.SignedIn);
        }
        if (state.UpstreamProvider != person.Provider || state.UpstreamSubject != person.Subject)
            throw new AlreadyExistsException($"account {state.Username} exists and is not linked to this person of {person.Provider}",
                $"账户 {state.Username} 已存在，且未与该统一身份认证账号关联，请联系本单位管理员", IdentityReasons.AccountExists.About(state.Username));
        if (Refused(state, ctx) is { } refused) return refused;
        if (state.DepartmentId != d.Id)
            throw new RuleViolationException($"the upstream provider names department {d.Id}, account {state.Username} belongs to {state.DepartmentId}",
                $"统一身份认证中的部门 {d.Id} 与账户 {state.Username} 所属部门 {state.DepartmentId} 不一致，请联系本单位管理员",
                IdentityReasons.UpstreamDepartmentChanged.About(state.DepartmentId));
        var signedIn = new UpstreamSignedIn(state.Username, person.Provider, person.Subject, d.Id, roles, ctx.Caller, ctx.Now);
        return new SignInStep(roles.Order().SequenceEqual(state.Roles.Order())
            ? [signedIn]
            : [new RolesChanged(state.Username, roles, $"统一身份认证（{person.Provider}）中的角色", ctx.Caller, ctx.Now), signedIn], SignInNext.SignedIn);
    }

    public static IReadOnlyList<object> SignOut(Account account, CommandContext ctx) => [new SignedOut(account.Username, ctx.Caller, ctx.Now)];

    /// <summary>Whether the account can still hold the tokens it was given at <paramref name="stamp"/>: active, and nothing changed since.</summary>
    public static bool StillHolds(Account? account, int stamp) => account is { Status: AccountStatus.Active } && account.Stamp == stamp;

    internal static SignInNext Next(Account account) => account switch
    {
        { MustChangePassword: true } => SignInNext.ChangePassword,
        { NeedsSecondFactor: true, HasSecondFactor: false } => SignInNext.EnrollSecondFactor,
        { NeedsSecondFactor: true } => SignInNext.SecondFactor,
        _ => SignInNext.SignedIn,
    };

    internal static SignInStep? Refused(Account account, CommandContext ctx)
    {
        if (account.Status == AccountStatus.Disabled)
            return new SignInStep([new SignInFailed(account.Username, SignInFailure.Disabled, ctx.Caller, ctx.Now)], SignInNext.Failed, SignInFailure.Disabled);
        if (account.LockedAt(ctx.Now))
            return new SignInStep([new SignInFailed(account.Username, SignInFailure.Locked, ctx.Caller, ctx.Now)], SignInNext.Failed, SignInFailure.Locked,
                account.LockedUntil);
        return null;
    }

    internal static SignInStep Failed(Account account, SignInFailure failure, CommandContext ctx)
    {
        var failed = new SignInFailed(account.Username, failure, ctx.Caller, ctx.Now);
        if (account.FailedAttempts + 1 < LockoutThreshold) return new SignInStep([failed], SignInNext.Failed, failure);
        var until = ctx.Now + LockoutDuration;
        return new SignInStep([failed, new AccountLockedOut(account.Username, until, ctx.Caller, ctx.Now)], SignInNext.Failed, SignInFailure.Locked, until);
    }

    private static (Account Account, KnownDepartment Department) Kept(Account? state, KnownDepartment? department, KnownDepartment? callerDepartment,
        CommandContext ctx)
    {
        var account = state ?? throw new NotFoundException("no such account", "没有该账户", IdentityReasons.AccountNotFound.About(null));
        var d = department ?? throw new RuleViolationException($"department {account.DepartmentId} of account {account.Username} is not known to the identity service",
            $"身份认证服务尚未获知账户 {account.Username} 所属的部门 {account.DepartmentId}", IdentityReasons.KeepingDepartmentUnknown.About(account.DepartmentId));
        Keeper(d, callerDepartment, ctx.Caller, "accounts");
        return (account, d);
    }

    /// <summary>The department an account or client is made for: one the identity service knows, not retired.</summary>
    public static KnownDepartment Active(KnownDepartment? department, string departmentId) => department switch
    {
        null => throw new InvalidFieldException("department_id", $"no department {departmentId}", $"身份认证服务尚未获知部门 {departmentId}",
            Reasons.DepartmentNotKnown.About(departmentId)),
        { Retired: true } => throw new InvalidFieldException("department_id", $"department {departmentId} is retired", $"部门 {departmentId} 已撤销",
            Reasons.DepartmentRetired.About(departmentId)),
        _ => department,
    };

    private static IReadOnlyList<string> ValidRoles(IReadOnlyList<string> roles, KnownDepartment department)
    {
        var valid = roles.Select(r => r.Trim().ToLowerInvariant()).Distinct().ToList();
        if (valid.Count == 0)
            throw new InvalidFieldException("roles", "give at least one role: staff, reviewer, admin or supervisor",
                "请至少给出一个角色：staff、reviewer、admin 或 supervisor", Reasons.FieldRequired);
        foreach (var (role, i) in valid.Select((r, i) => (r, i)))
            if (!AccountRoles.All.Contains(role))
                throw new InvalidFieldException($"roles[{i}]", $"'{role}' is not staff, reviewer, admin or supervisor",
                    $"“{role}”不是 staff、reviewer、admin 或 supervisor", IdentityReasons.RoleUnknown.About(AccountRoles.All));
        if (valid.Contains(Roles.Supervisor) && !department.Office)
            throw new InvalidFieldException("roles", $"the supervisor role belongs to an office of the leading group; {department.Id} is a member department",
                $"supervisor 角色只属于领导小组办公室；{department.Id} 是成员单位", IdentityReasons.SupervisorOfOfficeOnly.About(department.Id));
        return valid;
    }

    private static string Username(string? value)
    {
        var username = value?.Trim() ?? "";
        return UsernamePattern().IsMatch(username)
            ? username
            : throw new InvalidFieldException("username", $"'{username}' must be 3–64 letters, digits, '.', '_' or '-', starting with a letter or digit",
                $"“{username}”须为 3–64 个字母、数字、“.”、“_”或“-”，以字母或数字开头");
    }

    [GeneratedRegex("^[0-9A-Za-z][0-9A-Za-z._-]{2,63}$")]
    private static partial Regex UsernamePattern();
}
