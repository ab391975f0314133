namespace Shuangsuiji.ServiceDefaults.Auth;

/// <summary>
/// The "Auth" configuration section: where the identity service publishes the keys every token is checked against. No
/// host but the identity service holds a key that can sign a token.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The identity service's issuer address; its discovery document and JWKS are read from there.</summary>
    public string Authority { get; set; } = "";

    public string Audience { get; set; } = "shuangsuiji";

    public const double DefaultKeysRefreshMinutes = 10;

    /// <summary>
    /// How often a host reads the identity service's keys again (at least 5 minutes). The identity service publishes a new
    /// signing key for twice this long before it signs with it, so a host knows a key before the first token of it arrives;
    /// every host and the identity service read the same setting.
    /// </summary>
    public double KeysRefreshMinutes { get; set; } = DefaultKeysRefreshMinutes;

    public TimeSpan KeysRefresh => TimeSpan.FromMinutes(KeysRefreshMinutes);

    /// <summary>How soon a host reads the keys again when a token names a key id it does not know (a forged one, or a missed reading).</summary>
    public static readonly TimeSpan UnknownKeyRefresh = TimeSpan.FromMinutes(1);

    /// <summary>False only where the identity service is reached over the loopback or inside the cluster without TLS.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}
