using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shuangsuiji.Identity.Keys;
using Shuangsuiji.Kernel;
using Shuangsuiji.ServiceDefaults.Auth;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>
/// The tests' tokens. Every test platform's identity service keeps its keys in one folder of this test run, made here
/// before any host starts, with rotation put out of reach; a test's caller gets a token signed with that ring's key, as
/// the identity service's development-token client would issue it, without a round trip per call. The hosts check it
/// against the keys the identity service publishes, as they check every token.
/// </summary>
public static class TestTokens
{
    public const string Issuer = "http://identity.test/";

    public static string KeysPath { get; } = Path.Combine(Path.GetTempPath(), $"ssyg-identity-keys-{Environment.ProcessId}");

    /// <summary>Long enough that no test platform's clock, however far a test moves it, reaches a rotation.</summary>
    public const string NoRotationDays = "36500";

    /// <summary>
    /// The certificate that encrypts the Data Protection keys of every test platform's identity service (PEM files beside
    /// the key folder, not in it, as a Kubernetes Secret is mounted apart from the keys' volume).
    /// </summary>
    public static (string Certificate, string Key) KeyProtection { get; } = MakeKeyProtection();

    /// <summary>The identity service's settings of its keys, the tests' ring's and every test platform's.</summary>
    public static Dictionary<string, string?> KeySettings => new()
    {
        ["Identity:KeysPath"] = KeysPath, ["Identity:KeyRotationDays"] = NoRotationDays,
        ["Identity:KeyProtectionCertificate"] = KeyProtection.Certificate, ["Identity:KeyProtectionKey"] = KeyProtection.Key,
    };

    private static readonly KeyRing Ring = RingOf(new ConfigurationBuilder().AddInMemoryCollection(KeySettings).Build());

    private static KeyRing RingOf(IConfiguration config) => new(config,
        DataProtectionProvider.Create(Shuangsuiji.Identity.Keys.KeyProtection.Folder(config), b => b.SetApplicationName(KeyRing.ApplicationName),
            Shuangsuiji.Identity.Keys.KeyProtection.Certificate(config)),
        TimeProvider.System);

    private static (string, string) MakeKeyProtection()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=shuangsuiji identity key protection (tests)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var (crt, key) = ($"{KeysPath}-protection.crt", $"{KeysPath}-protection.key");
        File.WriteAllText(crt, certificate.ExportCertificatePem());
        File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        return (crt, key);
    }

    public static SigningCredentials Signing => new(Ring.Current.Key, SecurityAlgorithms.EcdsaSha256);

    /// <summary>
    /// The one place the tests read the wall clock on purpose: a token's lifetime is checked by every host against its own
    /// wall clock (never the platform's test clock), so a token is dated now, whatever day that is; nothing here depends
    /// on the date.
    /// </summary>
    public static string For(Caller caller) => Mint(caller, TimeSpan.FromHours(1), DateTimeOffset.UtcNow, Signing);

    public static string Mint(Caller caller, TimeSpan lifetime, DateTimeOffset now, SigningCredentials signing) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = "shuangsuiji",
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(ClaimNames.Subject, caller.UserId),
                new Claim(ClaimNames.Department, caller.DepartmentId),
                new Claim(ClaimNames.Role, caller.Role),
                .. caller.Region.Length > 0 ? [new Claim(ClaimNames.Region, caller.Region)] : Array.Empty<Claim>(),
            ]),
            SigningCredentials = signing,
        });
}
