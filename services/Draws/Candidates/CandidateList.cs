using System.Collections;
using System.Security.Cryptography;

namespace Shuangsuiji.Draws.Candidates;

/// <summary>
/// A stratum's candidates in canonical order (numbered from 1 by position + 1), held as packed keys. Its hash is
/// SHA-256 of the codes joined by "\n", as <see cref="Sampling.StratifiedDraw.ListSha256"/> computes it from
/// strings, written in large chunks: ten million codes hash in a fraction of a second.
/// </summary>
public sealed class CandidateList(UInt128[] keys) : IReadOnlyList<string>
{
    private string? sha256;

    public int Count => keys.Length;

    public string this[int index] => UsccKey.Decode(keys[index]);

    public string Sha256 => sha256 ??= Hash();

    private string Hash()
    {
        const int perChunk = 4096;
        var buffer = new byte[perChunk * (UsccKey.Length + 1)];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var start = 0; start < keys.Length; start += perChunk)
        {
            var n = Math.Min(perChunk, keys.Length - start);
            for (var i = 0; i < n; i++)
            {
                var line = buffer.AsSpan(i * (UsccKey.Length + 1), UsccKey.Length + 1);
                UsccKey.Write(keys[start + i], line);
                line[UsccKey.Length] = (byte)'\n';
            }
            // No line break after the last code.
            var length = n * (UsccKey.Length + 1) - (start + n == keys.Length ? 1 : 0);
            hash.AppendData(buffer, 0, length);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public IEnumerator<string> GetEnumerator()
    {
        foreach (var key in keys) yield return UsccKey.Decode(key);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
