using System.Security.Cryptography;
using System.Text;

namespace Shuangsuiji.Draws.Sampling;

/// <summary>
/// Commit–reveal (docs/draw-verification.md). Each party commits <c>SHA-256(secret)</c> before the candidates are fixed and
/// reveals the secret after; no single party can steer the draw. The seed is
/// <code>
/// SHA-256( "sampler-sha256-v1\n" + drawId + "\n"
///          + for each party, in ordinal order of its id: party + "=" + secret + "\n"
///          + "public=" + publicValue )            as lowercase hexadecimal
/// </code>
/// and every stratum and every inspector match samples with its own derived seed string:
/// <c>seed + "/" + stratum label</c> and <c>seed + "/match/" + department + "/" + USCC</c>.
/// Secrets are printable text without line breaks, so the formula cannot be read two ways.
/// </summary>
public static class DrawSeed
{
    public const string Algorithm = "sampler-sha256-v1";

    public static string Commitment(string secret) => Sha256Hex(secret);

    /// <summary>Null when the secret can be used, else why not (the reason never repeats the secret).</summary>
    public static string? SecretProblem(string? secret) => secret switch
    {
        null or "" => "is required",
        { Length: < 16 } => "must have at least 16 characters",
        { Length: > 256 } => "must have at most 256 characters",
        _ when secret.Any(char.IsControl) => "must not contain line breaks or other control characters",
        _ => null,
    };

    public static string Derive(string drawId, IEnumerable<(string Party, string Secret)> reveals, string? publicValue)
    {
        var text = new StringBuilder(Algorithm).Append('\n').Append(drawId).Append('\n');
        foreach (var (party, secret) in reveals.OrderBy(r => r.Party, StringComparer.Ordinal))
            text.Append(party).Append('=').Append(secret).Append('\n');
        return Sha256Hex(text.Append("public=").Append(publicValue ?? "").ToString());
    }

    public static string ForStratum(string seed, string label) => $"{seed}/{label}";

    public static string ForMatch(string seed, string departmentId, string uscc) => $"{seed}/match/{departmentId}/{uscc}";

    /// <summary>A secret for a party that lets the engine keep one for it (the record says so).</summary>
    public static string Generate() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
