using Shuangsuiji.Kernel;

namespace Shuangsuiji.Identity.Accounts;

/// <summary>A key the authenticator made for the account, its attestation checked (Fido2): what the account keeps of it.</summary>
public sealed record NewSecurityKey(string CredentialId, string PublicKey, uint SignCount, Guid Aaguid);

/// <summary>An assertion whose signature the key's public key verified (Fido2): which key, and the sign count it gave.</summary>
public sealed record VerifiedAssertion(string CredentialId, uint SignCount);

/// <summary>How the person confirms the removal of a key: the password, or a TOTP code.</summary>
public sealed record Confirmation(string? Text, Func<string, string, bool> PasswordMatches, Func<string, DateTimeOffset, long?> TotpStep);

public static partial class AccountDecider
{
    public const int SecurityKeyLimit = 10;

    /// <summary>
    /// WebAuthn's check of a key's signature counter: a key that counts gives a number above the last one; a key that does
    /// not count (many passkeys) gives zero, and its zero is taken as long as it never gave more. Anything else — the same
    /// count or a lower one — means another authenticator holds a copy of the key.
    /// </summary>
    public static bool SignCountAdvances(uint stored, uint presented) => presented > stored || (stored == 0 && presented == 0);

    /// <summary>A key the signed-in person registers, with a name of their choice.</summary>
    public static IReadOnlyList<object> RegisterSecurityKey(Account account, NewSecurityKey key, string? name, CommandContext ctx)
    {
        var text = Require.Text(name, "name", 50);
        if (account.SecurityKeys.Any(k => k.CredentialId == key.CredentialId))
            throw new AlreadyExistsException("this security key is registered already", "该安全密钥已注册", IdentityReasons.SecurityKeyExists.About(account.Username));
        if (account.SecurityKeys.Count >= SecurityKeyLimit)
            throw new RuleViolationException($"an account holds {SecurityKeyLimit} security keys at most: remove one first",
                $"每个账户最多注册 {SecurityKeyLimit} 个安全密钥，请先移除一个", IdentityReasons.SecurityKeyLimit.About(account.Username));
        return [new SecurityKeyRegistered(account.Username, key.CredentialId, key.PublicKey, key.SignCount, text, key.Aaguid, ctx.Caller, ctx.Now)];
    }

    /// <summary>
    /// The removal of a key, confirmed by the password or a TOTP code not used before. A wrong confirmation counts towards
    /// the lockout like a wrong password at sign-in, so a session left open does not let anyone try passwords freely.
    /// </summary>
    public static SignInStep RemoveSecurityKey(Account account, string credentialId, Confirmation confirmation, CommandContext ctx)
    {
        if (Refused(account, ctx) is { } refused) return refused;
        var key = account.SecurityKeys.FirstOrDefault(k => k.CredentialId == credentialId)
            ?? throw new NotFoundException("no such security key on this account", "该账户没有这个安全密钥", IdentityReasons.SecurityKeyNotFound.About(account.Username));
        var text = (confirmation.Text ?? "").Trim();
        var removed = new SecurityKeyRemoved(account.Username, key.CredentialId, key.Name, ctx.Caller, ctx.Now);
        if (account.ProtectedTotpKey is not null && text.Length == 6 && confirmation.TotpStep(text, ctx.Now) is { } step && step > account.LastTotpStep)
            return new SignInStep([removed with { TotpStep = step }], SignInNext.SignedIn);
        if (text.Length > 0 && account.PasswordHash.Length > 0 && confirmation.PasswordMatches(account.PasswordHash, text))
            return new SignInStep([removed], SignInNext.SignedIn);
        return Failed(account, SignInFailure.WrongPassword, ctx);
    }

    /// <summary>
    /// The second step with a security key instead of a TOTP code. <paramref name="assertion"/> is null when the signature
    /// did not verify against a key of the account. A key whose sign count did not advance is refused and marked as copied
    /// (it is not accepted again); that refusal does not count towards the lockout — the password was right.
    /// </summary>
    public static SignInStep SecurityKey(Account account, VerifiedAssertion? assertion, CommandContext ctx)
    {
        if (Refused(account, ctx) is { } refused) return refused;
        if (assertion is null || account.SecurityKeys.FirstOrDefault(k => k.CredentialId == assertion.CredentialId) is not { } key)
            return Failed(account, SignInFailure.WrongCode, ctx);
        var failed = new SignInFailed(account.Username, SignInFailure.ClonedKey, ctx.Caller, ctx.Now);
        if (key.CloneDetected) return new SignInStep([failed], SignInNext.Failed, SignInFailure.ClonedKey);
        if (!SignCountAdvances(key.SignCount, assertion.SignCount))
            return new SignInStep([new SecurityKeyCloneDetected(account.Username, key.CredentialId, key.SignCount, assertion.SignCount, ctx.Caller, ctx.Now), failed],
                SignInNext.Failed, SignInFailure.ClonedKey);
        return new SignInStep([new SecurityKeyUsed(account.Username, key.CredentialId, assertion.SignCount, ctx.Caller, ctx.Now),
            new SignedIn(account.Username, "password+security_key", ctx.Caller, ctx.Now)], SignInNext.SignedIn);
    }
}
