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
/// disabled. What the person is told never says which of the first two. A security key whose sign count did not advance
/// (a cloned key) is refused as such.
/// </summary>
public enum SignInFailure { WrongPassword, WrongCode, Locked, Disabled, ClonedKey }

// The hashes and the protected key are not secrets in clear, but the audit trail shows none of them (IdentityAuditMask).

public sealed record AccountCreated(string Username, string DisplayName, string DepartmentId, IReadOnlyList<string> Roles, string PasswordHash,
    Caller By, DateTimeOffset At);

/// <summary>The person changed the password (the first sign-in's one-time password, or later).</summary>
public sealed record PasswordChanged(string Username, string PasswordHash, Caller By, DateTimeOffset At);

/// <summary>
/// An administrator gave the account a new one-time password (and, for a lost phone or key, forgot its second factors: the
/// TOTP key and the security keys).
/// </summary>
public sealed record PasswordReset(string Username, string PasswordHash, bool TotpReset, string Reason, Caller By, DateTimeOffset At);

public sealed record RolesChanged(string Username, IReadOnlyList<string> Roles, string Reason, Caller By, DateTimeOffset At);

public sealed record AccountDisabled(string Username, string Reason, Caller By, DateTimeOffset At);

public sealed record AccountEnabled(string Username, string Reason, Caller By, DateTimeOffset At);

/// <summary>The TOTP key (protected with the identity service's Data Protection key ring) and the recovery codes' hashes.</summary>
public sealed record TotpEnrolled(string Username, string ProtectedKey, IReadOnlyList<string> RecoveryCodeHashes, Caller By, DateTimeOffset At);

/// <param name="Method">password, password+totp, password+recovery_code, password+security_key</param>
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
/// A security key (WebAuthn: a hardware key or a passkey) the person registered: its credential id (base64url), its public
/// key (COSE, base64url), the sign count it started with, the name the person gave it and its model (AAGUID). No secret:
/// the private key never leaves the authenticator.
/// </summary>
public sealed record SecurityKeyRegistered(string Username, string CredentialId, string PublicKey, uint SignCount, string Name, Guid Aaguid,
    Caller By, DateTimeOffset At);

/// <summary>The person removed a key, confirmed by its password or a TOTP code (whose time step is not accepted again).</summary>
public sealed record SecurityKeyRemoved(string Username, string CredentialId, string Name, Caller By, DateTimeOffset At)
{
    public long? TotpStep { get; init; }
}

/// <summary>A key signed the person in as the second factor, with a sign count above the last one.</summary>
public sealed record SecurityKeyUsed(string Username, string CredentialId, uint SignCount, Caller By, DateTimeOffset At);

/// <summary>
/// A key presented a sign count that did not advance past the last one it signed with: a copy of it may exist. The sign-in
/// was refused, and the key is not accepted again (the person removes it and registers it anew).
/// </summary>
public sealed record SecurityKeyCloneDetected(string Username, string CredentialId, uint StoredSignCount, uint PresentedSignCount, Caller By,
    DateTimeOffset At);

/// <summary>A registered security key as the account keeps it; <see cref="CloneDetected"/> keys are no longer accepted.</summary>
public sealed record SecurityKey(string CredentialId, string PublicKey, uint SignCount, string Name, Guid Aaguid, DateTimeOffset RegisteredAt,
    DateTimeOffset? LastUsedAt = null, bool CloneDetected = false);

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

    public IReadOnlyList<SecurityKey> SecurityKeys { get; init; } = [];

    /// <summary>The keys the person may sign in with (not those a sign count showed to be copied).</summary>
    public IReadOnlyList<SecurityKey> UsableKeys() => [.. SecurityKeys.Where(k => !k.CloneDetected)];

    public static string StreamId(string username) => $"account:{username}";

    /// <summary>
    /// Whether the sign-in asks for a second factor: the account's roles require one (TOTP or a security key), or the person
    /// registered a key of their own accord.
    /// </summary>
    public bool NeedsSecondFactor => AccountRoles.NeedSecondFactor(Roles) || SecurityKeys.Count > 0;

    public bool HasSecondFactor => ProtectedTotpKey is not null || SecurityKeys.Count > 0;

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
            UsedRecoveryCodes = e.TotpReset ? [] : s.UsedRecoveryCodes, SecurityKeys = e.TotpReset ? [] : s.SecurityKeys,
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
        ({ } s, SecurityKeyRegistered e) => s with
        {
            SecurityKeys = [.. s.SecurityKeys, new SecurityKey(e.CredentialId, e.PublicKey, e.SignCount, e.Name, e.Aaguid, e.At)],
        },
        ({ } s, SecurityKeyRemoved e) => s with
        {
            SecurityKeys = [.. s.SecurityKeys.Where(k => k.CredentialId != e.CredentialId)], LastTotpStep = e.TotpStep ?? s.LastTotpStep,
        },
        ({ } s, SecurityKeyUsed e) => s with { SecurityKeys = s.WithKey(e.CredentialId, k => k with { SignCount = e.SignCount, LastUsedAt = e.At }) },
        ({ } s, SecurityKeyCloneDetected e) => s with { SecurityKeys = s.WithKey(e.CredentialId, k => k with { CloneDetected = true }) },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to account {state?.Id ?? "(new)"}"),
    };

    private IReadOnlyList<SecurityKey> WithKey(string credentialId, Func<SecurityKey, SecurityKey> change) =>
        [.. SecurityKeys.Select(k => k.CredentialId == credentialId ? change(k) : k)];
}
