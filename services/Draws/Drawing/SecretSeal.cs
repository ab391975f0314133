using System.Security.Cryptography;
using System.Text;

namespace Shuangsuiji.Draws.Drawing;

/// <summary>
/// Seals the secrets the engine keeps for a party (the supervising office's, or any party's that asked): AES-256-GCM
/// with a key only the draw engine holds, bound to the draw and the party, so that until the draw executes the secret
/// is in clear nowhere — not in an event, a bus message, the audit trail or a log. At execution the engine opens it and
/// reveals it in the record. The key is a setting: <c>Draws:SealingKey</c> (32 bytes, base64) or
/// <c>Draws:SealingKeyFile</c> (a file holding that text, e.g. a mounted Kubernetes secret); sealed values name the
/// key (its id) so that a key can be replaced while draws sealed with the old one are open: keep it listed in
/// <c>Draws:PreviousSealingKeys</c> (base64, comma-separated) until they have executed.
/// </summary>
public sealed class SecretSeal
{
    private const string Format = "aes256gcm";
    private const int NonceSize = 12, TagSize = 16;
    private readonly byte[] key;
    private readonly Dictionary<string, byte[]> keys;

    public SecretSeal(byte[] key, IEnumerable<byte[]>? previous = null)
    {
        if (key.Length != 32) throw new ArgumentException("the sealing key must be 32 bytes", nameof(key));
        this.key = key;
        KeyId = IdOf(key);
        keys = (previous ?? []).Append(key).ToDictionary(IdOf);
    }

    /// <summary>The first 16 hex digits of SHA-256 of the key: names it without revealing it.</summary>
    public string KeyId { get; }

    public static SecretSeal FromConfiguration(IConfiguration config)
    {
        var text = config["Draws:SealingKey"];
        if (string.IsNullOrWhiteSpace(text) && config["Draws:SealingKeyFile"] is { Length: > 0 } file)
            text = File.Exists(file) ? File.ReadAllText(file) : throw new InvalidOperationException($"Draws:SealingKeyFile: {file} does not exist");
        if (string.IsNullOrWhiteSpace(text))
            throw new InvalidOperationException(
                "the draw engine needs its sealing key: Draws:SealingKey (32 random bytes, base64) or Draws:SealingKeyFile (infra/dev.sh makes one)");
        var previous = (config["Draws:PreviousSealingKeys"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new SecretSeal(Decode(text, "Draws:SealingKey"), previous.Select(p => Decode(p, "Draws:PreviousSealingKeys")));
    }

    /// <summary>A new secret for a party and its sealed form: the secret itself leaves this method only sealed and hashed.</summary>
    public KeptSecret Keep(string drawId, string party)
    {
        var secret = Sampling.DrawSeed.Generate();
        return new KeptSecret(Sampling.DrawSeed.Commitment(secret), Seal(drawId, party, secret));
    }

    public string Seal(string drawId, string party, string secret)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        nonce.CopyTo(sealedBytes, 0);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), Bound(drawId, party));
        return $"{Format}:{KeyId}:{Convert.ToBase64String(sealedBytes)}";
    }

    public string Open(string drawId, string party, string sealedText)
    {
        var parts = sealedText.Split(':');
        if (parts is not [Format, var keyId, var data]) throw new InvalidOperationException($"draw {drawId}: the sealed secret of {party} is not in a known format");
        if (!keys.TryGetValue(keyId, out var sealingKey))
            throw new InvalidOperationException($"draw {drawId}: the secret of {party} was sealed with key {keyId}, which this engine does not hold");
        var bytes = Convert.FromBase64String(data);
        var plain = new byte[bytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(sealingKey, TagSize);
        aes.Decrypt(bytes.AsSpan(0, NonceSize), bytes.AsSpan(NonceSize, plain.Length), bytes.AsSpan(NonceSize + plain.Length), plain, Bound(drawId, party));
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>The draw and party a sealed secret belongs to: it cannot be moved to another draw or party.</summary>
    private static byte[] Bound(string drawId, string party) => Encoding.UTF8.GetBytes($"{drawId}\n{party}");

    private static string IdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..16];

    private static byte[] Decode(string text, string setting)
    {
        try
        {
            var bytes = Convert.FromBase64String(text.Trim());
            return bytes.Length == 32 ? bytes : throw new InvalidOperationException($"{setting}: a sealing key is 32 bytes, not {bytes.Length}");
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{setting}: a sealing key is 32 bytes in base64");
        }
    }
}

/// <summary>A secret the engine keeps for a party: its commitment and the sealed secret, never the secret.</summary>
public sealed record KeptSecret(string Sha256, string Sealed);
