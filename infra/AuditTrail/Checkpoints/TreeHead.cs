using System.Globalization;
using System.Text;

namespace Shuangsuiji.AuditTrail.Checkpoints;

/// <summary>
/// A signed tree head (a checkpoint): the tree's size and root, when it was signed, the size of the head before it,
/// each service's highest chain row sequence number in the tree, and who signed how. The signature covers
/// <see cref="SignedText"/>, built from these fields alone, so a verifier rebuilds it rather than trusting a text it is sent.
/// </summary>
public sealed record TreeHead(
    long TreeSize, string RootHash, DateTimeOffset Time, long PreviousSize, IReadOnlyDictionary<string, long> HighWater, string KeyId, string Algorithm)
{
    public const string Format = "ssyg-checkpoint-v1";

    /// <summary>
    /// The canonical text: UTF-8, one "name value" per line, each ending in "\n"; the time in UTC to the millisecond; the
    /// services in ordinal order of their names.
    /// </summary>
    public string SignedText
    {
        get
        {
            var text = new StringBuilder();
            void Line(string name, object value) => text.Append(CultureInfo.InvariantCulture, $"{name} {value}\n");
            text.Append(Format).Append('\n');
            Line("tree_size", TreeSize);
            Line("root_hash", RootHash);
            Line("time", TimeText(Time));
            Line("previous_size", PreviousSize);
            foreach (var (service, seq) in HighWater.OrderBy(h => h.Key, StringComparer.Ordinal)) Line("high_water", $"{service} {seq}");
            Line("key_id", KeyId);
            Line("algorithm", Algorithm);
            return text.ToString();
        }
    }

    /// <summary>The head as the API gives it, with its signature, the signer's public key and the proof from the head before.</summary>
    public Api.Checkpoints.V1.SignedCheckpoint ToProto(string signature, string publicKey, IEnumerable<string> consistencyProof) => new()
    {
        TreeSize = TreeSize, RootHash = RootHash, Time = TimeText(Time), PreviousSize = PreviousSize, HighWater = { HighWater.ToDictionary() }, KeyId = KeyId,
        Algorithm = Algorithm, Signature = signature, PublicKey = publicKey, ConsistencyProof = { consistencyProof },
    };

    public static string TimeText(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The time as the head carries it: to the millisecond, so the stored time and the signed text agree.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}
