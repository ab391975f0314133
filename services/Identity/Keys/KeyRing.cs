using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Client;
using OpenIddict.Server;
using Shuangsuiji.Identity.Oidc;
using Shuangsuiji.ServiceDefaults.Auth;

namespace Shuangsuiji.Identity.Keys;

/// <summary>
/// The identity service's keys, which no other host holds: ES256 (ECDSA P-256) keys that sign the tokens, and AES-256 keys
/// that encrypt what only this service reads (authorization codes, refresh tokens). They live in a folder of their own
/// (Identity:KeysPath — in Kubernetes a volume only the identity service mounts), each file protected with ASP.NET Core Data
/// Protection, whose own keys are encrypted with a certificate kept apart (KeyProtection). A new signing key is made every Identity:KeyRotationDays (default 30), but it signs only once it has been
/// published in the JWKS for twice the hosts' key refresh (Auth:KeysRefreshMinutes): by then every host has read it, so no
/// token of it meets a host that does not know its key id. A replaced key is still published until the last token it
/// signed has expired, then forgotten; a replaced encryption key is kept until the last refresh token it encrypted has
/// expired. OpenIddict's options are rebuilt when the ring changes.
/// </summary>
public sealed class KeyRing : IConfigureOptions<OpenIddictServerOptions>, IOptionsChangeTokenSource<OpenIddictServerOptions>,
    IConfigureOptions<OpenIddictClientOptions>, IOptionsChangeTokenSource<OpenIddictClientOptions>
{
    /// <summary>The Data Protection application name the ring's files are protected under.</summary>
    public const string ApplicationName = "shuangsuiji-identity";

    /// <summary>The Data Protection purpose the ring's files are protected for.</summary>
    public const string Purpose = "shuangsuiji.identity.keys.v1";

    private const string Signing = "signing", Encryption = "encryption";
    private readonly DirectoryInfo folder;
    private readonly IDataProtector protector;
    private readonly TimeProvider clock;
    private readonly TimeSpan rotation, accessTokens, refreshTokens, publishedBeforeUse;
    private readonly object gate = new();
    private IReadOnlyList<StoredKey> keys = [];
    private CancellationTokenSource changed = new();

    public KeyRing(IConfiguration config, IDataProtectionProvider protection, TimeProvider clock)
    {
        folder = new DirectoryInfo(config["Identity:KeysPath"] ?? throw new InvalidOperationException("Identity:KeysPath (the folder of the identity service's keys) is not configured"));
        protector = protection.CreateProtector(Purpose);
        this.clock = clock;
        rotation = TimeSpan.FromDays(config.GetValue("Identity:KeyRotationDays", 30.0));
        // Twice the hosts' refresh: a host whose one refresh in that time failed reads the key at the next.
        publishedBeforeUse = 2 * TimeSpan.FromMinutes(config.GetValue($"{AuthOptions.Section}:{nameof(AuthOptions.KeysRefreshMinutes)}", AuthOptions.DefaultKeysRefreshMinutes));
        accessTokens = IdentityTokens.AccessTokenLifetime + TimeSpan.FromMinutes(5);
        refreshTokens = IdentityTokens.RefreshTokenLifetime + TimeSpan.FromMinutes(5);
        Rotate();
    }

    public string Name => Options.DefaultName;

    /// <summary>The signing keys published in the JWKS: the one that signs first, then the next (published, not yet signing) and the replaced.</summary>
    public IReadOnlyList<(string KeyId, ECDsaSecurityKey Key)> Published
    {
        get
        {
            lock (gate) return [.. keys.Where(k => k.Kind == Signing).Select(k => (k.KeyId, (ECDsaSecurityKey)k.Key))];
        }
    }

    /// <summary>The key that signs the tokens issued now.</summary>
    public (string KeyId, ECDsaSecurityKey Key) Current => Published[0];

    /// <summary>
    /// Makes the next key of a kind when it is due (a signing key early enough to be published before it signs), lets the
    /// next signing key sign once it has been published long enough, and forgets the keys no token needs; true when the
    /// ring changed.
    /// </summary>
    public bool Rotate()
    {
        lock (gate)
        {
            folder.Create();
            var now = clock.GetUtcNow();
            var stored = folder.GetFiles("*.key").Select(Read).OrderByDescending(k => k.Created).ToList();
            var kept = new List<StoredKey>();
            foreach (var kind in new[] { Signing, Encryption })
            {
                var lead = kind == Signing ? publishedBeforeUse : TimeSpan.Zero;
                var ofKind = stored.Where(k => k.Kind == kind).ToList();
                if (ofKind.FirstOrDefault() is not { } newest || now - newest.Created >= rotation - lead) ofKind.Insert(0, Make(kind, now));
                // The newest key published for the lead signs; a ring's first key signs at once (no host holds a key yet).
                var current = ofKind.FindIndex(k => now - k.Created >= lead) is var aged and >= 0 ? aged : ofKind.Count - 1;
                // A replaced key is needed while tokens it signed (encrypted) may still be presented: until the lifetime of
                // such a token has passed since the key after it took over.
                var lifetime = kind == Signing ? accessTokens : refreshTokens;
                var needed = ofKind.Where((k, i) => i <= current || now - (ofKind[i - 1].Created + lead) < lifetime).ToList();
                foreach (var forgotten in ofKind.Except(needed)) File.Delete(forgotten.Path);
                kept.Add(ofKind[current]);
                kept.AddRange(needed.Where(k => k != ofKind[current]));
            }
            var changedNow = !kept.Select(k => k.KeyId).SequenceEqual(keys.Select(k => k.KeyId));
            keys = kept;
            if (changedNow)
            {
                var previous = changed;
                changed = new CancellationTokenSource();
                previous.Cancel();
            }
            return changedNow;
        }
    }

    public IChangeToken GetChangeToken()
    {
        lock (gate) return new CancellationChangeToken(changed.Token);
    }

    /// <summary>OpenIddict signs with the first key (the current) and publishes every kept one; it decrypts with any kept encryption key.</summary>
    public void Configure(OpenIddictServerOptions options) => Credentials(options.SigningCredentials, options.EncryptionCredentials);

    /// <summary>The upstream sign-in's client protects its state (between the challenge and the callback) with the same keys.</summary>
    public void Configure(OpenIddictClientOptions options) => Credentials(options.SigningCredentials, options.EncryptionCredentials);

    private void Credentials(List<SigningCredentials> signing, List<EncryptingCredentials> encryption)
    {
        lock (gate)
        {
            signing.Clear();
            encryption.Clear();
            foreach (var key in keys.Where(k => k.Kind == Signing))
                signing.Add(new SigningCredentials(key.Key, SecurityAlgorithms.EcdsaSha256));
            foreach (var key in keys.Where(k => k.Kind == Encryption))
                encryption.Add(new EncryptingCredentials((SymmetricSecurityKey)key.Key, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
        }
    }

    private StoredKey Make(string kind, DateTimeOffset now)
    {
        byte[] material = kind == Signing ? ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKey() : RandomNumberGenerator.GetBytes(32);
        var path = Path.Combine(folder.FullName, $"{kind}-{now:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.key");
        File.WriteAllText(path, protector.Protect(Convert.ToBase64String(material)));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return Read(new FileInfo(path));
    }

    private StoredKey Read(FileInfo file)
    {
        var parts = Path.GetFileNameWithoutExtension(file.Name).Split('-');
        var created = DateTimeOffset.ParseExact(parts[1], "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var material = Convert.FromBase64String(protector.Unprotect(File.ReadAllText(file.FullName)));
        SecurityKey key;
        if (parts[0] == Signing)
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(material, out _);
            key = new ECDsaSecurityKey(ecdsa);
        }
        else key = new SymmetricSecurityKey(material);
        // The key id names the key without revealing it: the hex SHA-256 of its public part (of the key, for AES), shortened.
        key.KeyId = Convert.ToHexStringLower(SHA256.HashData(parts[0] == Signing ? ((ECDsaSecurityKey)key).ECDsa.ExportSubjectPublicKeyInfo() : material))[..16];
        return new StoredKey(parts[0], created, key, key.KeyId, file.FullName);
    }

    private sealed record StoredKey(string Kind, DateTimeOffset Created, SecurityKey Key, string KeyId, string Path);
}

/// <summary>Checks the ring hourly: a rotation is due at most that late. Every host checks the ring it holds.</summary>
public sealed class KeyRotation(KeyRing ring, TimeProvider clock, ILogger<KeyRotation> log) : ServiceDefaults.PeriodicScan(clock, TimeSpan.FromHours(1), log)
{
    protected override bool OnEveryHost => true;

    protected override Task ScanAsync(CancellationToken ct)
    {
        if (ring.Rotate())
            log.LogInformation("the identity service's key ring changed: {Keys} signing keys published, {KeyId} signs", ring.Published.Count, ring.Current.KeyId);
        return Task.CompletedTask;
    }
}
