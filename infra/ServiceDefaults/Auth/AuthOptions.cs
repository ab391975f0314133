using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Shuangsuiji.ServiceDefaults.Auth;

/// <summary>The "Auth" configuration section: how bearer tokens are signed and checked.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>HMAC-SHA256 key, at least 32 bytes; from a secret in every real deployment.</summary>
    public string SigningKey { get; set; } = "";
    public string Issuer { get; set; } = "shuangsuiji";
    public string Audience { get; set; } = "shuangsuiji";

    public SymmetricSecurityKey Key()
    {
        var bytes = Encoding.UTF8.GetBytes(SigningKey);
        if (bytes.Length < 32)
            throw new InvalidOperationException("Auth:SigningKey must be set to at least 32 bytes (see infra/dev.sh help).");
        return new SymmetricSecurityKey(bytes);
    }
}
