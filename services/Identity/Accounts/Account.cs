using Shuangsuiji.Kernel;

namespace Shuangsuiji.Identity.Accounts;

/// <summary>What an account may be: staff (录入), reviewer (审核), its department's administrator (管理员); the supervisor role only in an office.</summary>
public static class AccountRoles
{
    public const string Admin = Roles.Admin;

    public static readonly IReadOnlyList<string> All = [Roles.Staff, Roles.Reviewer, Admin, Roles.Supervisor];

    /// <summary>Roles whose holders sign in with a TOTP code as well as their password.</summary>
    public static bool NeedSecondFactor(IEnumerable<string> roles) => roles.Any(r => r is Roles.Reviewer or Admin or Roles.Supervisor);
}

public enum AccountStatus { Active, Disabled }

/// <summary>
/// Why a sign-in failed: the password or the code was wrong, the account is locked after too many failures, or it is
/// disabled. What the person is told never says which of the first two.
/// </summary>
public enum SignInFailure { WrongPassword, WrongCode, Locked, Disabled }

// The hashes and the protected key are not secrets in clear, but the audit trail shows none of them (IdentityAuditMask).

public sealed record AccountCreated(string Username, string DisplayName, string DepartmentId, IReadOnlyList<string> Roles, string PasswordHash,
    Caller By, DateTimeOffset At);

/// <summary>The person changed the password (the first sign-in's one-time password, or later).</summary>
public sealed record PasswordChanged(string Username, string PasswordHash, Caller By, DateTimeOffset At);

/// <summary>An administrator gave the account a new one-time password (and, for a lost phone, forgot its TOTP key).</summary>
public sealed record PasswordReset(string Username, string PasswordHash, bool TotpReset, string Reason, Caller By, DateTimeOffset At);

public sealed record RolesChanged(string Username, IReadOnlyList<string> Roles, string Reason, Caller By, DateTimeOffset At);

public sealed record AccountDisabled(string Username, string Reason, Caller By, DateTimeOffset At);

public sealed record AccountEnabled(string Username, string Reason, Caller By, DateTimeOffset At);

/// <summary>The TOTP key (protected with the identity service's Data Protection key ring) and the recovery codes' hashes.</summary>
public sealed record TotpEnrolled(string Username, string ProtectedKey, IReadOnlyList<string> RecoveryCodeHashes, Caller By, DateTimeOffset At);

/// <param name="Method">password, password+totp, password+recovery_code, upstream:{provider}</param>
public sealed record SignedIn(string Username, string Method, Caller By, DateTimeOffset At)
{
    /// <summary>The TOTP time step whose code signed the person in: no code of it or before is accepted again.</summary>
    public long? TotpStep { get; init; }
}

/// <summary>
/// The account of a person who signed in at the upstream provider (单点登录) for the first time, linked to its subject
/// there: the department and roles its claims gave, and no password.
/// </summary>
public sealed record UpstreamAccountCreated(string Username, string DisplayName, string DepartmentId, IReadOnlyList<string> Roles, string Provider,
    string Subject, Caller By, DateTimeOffset At);

/// <summary>A sign-in at the upstream provider (trusted for the second factor): which provider, and the department and roles its claims gave.</summary>
public sealed record UpstreamSignedIn(string Username, string Provider, string Subject, string DepartmentId, IReadOnlyList<string> Roles, Caller By,
    DateTimeOffset At);

public sealed record SignInFailed(string Username, SignInFailure Failure, Caller By, DateTimeOffset At);

/// <summary>Five failures in a row lock the account for fifteen minutes.</summary>
public sealed record AccountLockedOut(string Username, DateTimeOffset Until, Caller By, DateTimeOffset At);

public sealed record RecoveryCodeUsed(string Username, int Index, Caller By, DateTimeOffset At);

public sealed record SignedOut(string Username, Caller By, DateTimeOffset At);

/// <summary>
/// An account (stream "account:{username}"). <see cref="Stamp"/> changes whenever what its tokens say may no longer hold —
/// its roles, its password reset, its disabling — so a refresh token issued before is refused.
/// </summary>
public sealed record Account(string Id, string Username, string DisplayName, string DepartmentId, IReadOnlyList<string> Roles,
    AccountStatus Status, string PasswordHash, bool MustChangePassword, string? ProtectedTotpKey, IReadOnlyList<string> RecoveryCodeHashes,
    IReadOnlyList<int> UsedRecoveryCodes, int FailedAttempts, DateTimeOffset? LockedUntil, int Stamp) : IAggregate<Account>
{
    public long Version { get; set; }

    /// <summary>The time step of the last TOTP code that signed the person in.</summary>
    public long LastTotpStep { get; init; }

    /// <summary>The upstream provider (its issuer) and subject the account is linked to; null for a local account.</summary>
    public string? UpstreamProvider { get; init; }

    public string? UpstreamSubject { get; init; }

    public static string StreamId(string username) => $"account:{username}";

    public bool NeedsSecondFactor => AccountRoles.NeedSecondFactor(Roles);

    public bool LockedAt(DateTimeOffset now) => LockedUntil > now;

    public static Account When(Account? state, object @event) => (state, @event) switch
    {
        (null, AccountCreated e) => new Account(StreamId(e.Username), e.Username, e.DisplayName, e.DepartmentId, e.Roles, AccountStatus.Active,
            e.PasswordHash, true, null, [], [], 0, null, 0),
        (null, UpstreamAccountCreated e) => new Account(StreamId(e.Username), e.Username, e.DisplayName, e.DepartmentId, e.Roles, AccountStatus.Active,
            "", false, null, [], [], 0, null, 0) { UpstreamProvider = e.Provider, UpstreamSubject = e.Subject },
        ({ } s, PasswordChanged e) => s with { PasswordHash = e.PasswordHash, MustChangePassword = false },
        ({ } s, PasswordReset e) => s with
        {
            PasswordHash = e.PasswordHash, MustChangePassword = true, FailedAttempts = 0, LockedUntil = null, Stamp = s.Stamp + 1,
            ProtectedTotpKey = e.TotpReset ? null : s.ProtectedTotpKey, RecoveryCodeHashes = e.TotpReset ? [] : s.RecoveryCodeHashes,
            UsedRecoveryCodes = e.TotpReset ? [] : s.UsedRecoveryCodes,
        },
        ({ } s, RolesChanged e) => s with { Roles = e.Roles, Stamp = s.Stamp + 1 },
        ({ } s, AccountDisabled) => s with { Status = AccountStatus.Disabled, Stamp = s.Stamp + 1 },
        ({ } s, AccountEnabled) => s with { Status = AccountStatus.Active, FailedAttempts = 0, LockedUntil = null },
        ({ } s, TotpEnrolled e) => s with { ProtectedTotpKey = e.ProtectedKey, RecoveryCodeHashes = e.RecoveryCodeHashes, UsedRecoveryCodes = [], LastTotpStep = 0 },
        ({ } s, SignedIn e) => s with { FailedAttempts = 0, LockedUntil = null, LastTotpStep = e.TotpStep ?? s.LastTotpStep },
        ({ } s, UpstreamSignedIn) => s with { FailedAttempts = 0, LockedUntil = null },
        ({ } s, SignInFailed e) => e.Failure is SignInFailure.WrongPassword or SignInFailure.WrongCode ? s with { FailedAttempts = s.FailedAttempts + 1 } : s,
        ({ } s, AccountLockedOut e) => s with { LockedUntil = e.Until, FailedAttempts = 0 },
        ({ } s, RecoveryCodeUsed e) => s with { UsedRecoveryCodes = [.. s.UsedRecoveryCodes, e.Index] },
        ({ } s, SignedOut) => s,
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to account {state?.Id ?? "(new)"}"),
    };
}
