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

    /// <summary>False only where the identity service is reached over the loopback or inside the cluster without TLS.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}
