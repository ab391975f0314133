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

    /// <summary>
    /// The list as a document, UTF-8: the codes one a line, no line break after the last — the bytes <see cref="Sha256"/>
    /// hashes, served as LABEL.txt for anyone replaying the draw.
    /// </summary>
    public byte[] Text()
    {
        var text = new byte[Math.Max(0, keys.Length * (UsccKey.Length + 1) - 1)];
        Write(0, keys.Length, text);
        return text;
    }

    private string Hash()
    {
        const int perChunk = 4096;
        var buffer = new byte[perChunk * (UsccKey.Length + 1)];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var start = 0; start < keys.Length; start += perChunk)
            hash.AppendData(buffer, 0, Write(start, Math.Min(perChunk, keys.Length - start), buffer));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Writes codes start..start + n, each followed by a line break but the list's last; returns the bytes written.</summary>
    private int Write(int start, int n, Span<byte> into)
    {
        for (var i = 0; i < n; i++)
        {
            var line = into.Slice(i * (UsccKey.Length + 1));
            UsccKey.Write(keys[start + i], line);
            if (start + i + 1 < keys.Length) line[UsccKey.Length] = (byte)'\n';
        }
        return n * (UsccKey.Length + 1) - (start + n == keys.Length ? 1 : 0);
    }

    public IEnumerator<string> GetEnumerator()
    {
        foreach (var key in keys) yield return UsccKey.Decode(key);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
