using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using OtpNet;

namespace Shuangsuiji.Identity.Accounts;

/// <summary>
/// The secrets of accounts, none of which is kept in clear: passwords hashed with ASP.NET Core Identity's hasher (PBKDF2,
/// salted), one-time passwords made here, TOTP keys (RFC 6238, 30-second steps, six digits) protected with the service's
/// Data Protection key ring, recovery codes kept as hashes.
/// </summary>
public sealed class AccountSecrets(IDataProtectionProvider protection)
{
    private const int RecoveryCodes = 10;
    private static readonly PasswordHasher<string> Hasher = new();
    private readonly IDataProtector totpKeys = protection.CreateProtector("shuangsuiji.identity.totp-keys.v1");

    public string Hash(string password) => Hasher.HashPassword("", password);

    public bool Matches(string hash, string password) => Hasher.VerifyHashedPassword("", hash, password) != PasswordVerificationResult.Failed;

    /// <summary>A password for the first sign-in: 16 characters that follow the policy, changed then.</summary>
    public static string OneTimePassword()
    {
        const string lower = "abcdefghijkmnpqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789", other = "-_.!@#";
        var all = lower + upper + digits + other;
        var chars = new[] { lower, upper, digits, other }.Select(set => set[RandomNumberGenerator.GetInt32(set.Length)])
            .Concat(Enumerable.Range(0, 12).Select(_ => all[RandomNumberGenerator.GetInt32(all.Length)])).ToArray();
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    /// <summary>A new TOTP key: in Base32 for the authenticator app, and protected for the account's events.</summary>
    public (string Base32, string Protected) NewTotpKey()
    {
        var key = KeyGeneration.GenerateRandomKey(20);
        return (Base32Encoding.ToString(key), totpKeys.Protect(Convert.ToBase64String(key)));
    }

    /// <summary>The time step a six-digit code matches at <paramref name="at"/> (one step of clock drift either way), or null.</summary>
    public long? TotpStep(string protectedKey, string code, DateTimeOffset at)
    {
        var totp = new Totp(Convert.FromBase64String(totpKeys.Unprotect(protectedKey)));
        return totp.VerifyTotp(at.UtcDateTime, code, out var step, VerificationWindow.RfcSpecifiedNetworkDelay) ? step : null;
    }

    public static string OtpAuthUri(string base32, string username) =>
        $"otpauth://totp/{Uri.EscapeDataString($"双随机一公开:{username}")}?secret={base32}&issuer={Uri.EscapeDataString("双随机一公开")}&digits=6&period=30";

    /// <summary>Ten recovery codes (shown once) and their hashes (kept).</summary>
    public static (IReadOnlyList<string> Codes, IReadOnlyList<string> Hashes) NewRecoveryCodes(string username)
    {
        var codes = Enumerable.Range(0, RecoveryCodes)
            .Select(_ => Base32Encoding.ToString(RandomNumberGenerator.GetBytes(5)).ToLowerInvariant().Insert(4, "-")).ToList();
        return (codes, [.. codes.Select(c => RecoveryHash(username, c))]);
    }

    public static string RecoveryHash(string username, string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{username}\n{code.Trim().ToLowerInvariant()}")));
}
