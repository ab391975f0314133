using System.Security.Cryptography;
using System.Text;

namespace Shuangsuiji.Draws.Sampling;

/// <summary>How many to draw from a stratum: a percentage of its candidates (rounded up) or a count.</summary>
public sealed record StratumSize(decimal? Percent, int? Count)
{
    public int For(int candidates) => Count ?? (int)Math.Ceiling((Percent ?? 0) * candidates / 100m);

    public override string ToString() => Count is { } n ? $"{n}" : $"{Percent}%";
}

public sealed record StratumDraw(string Label, string Seed, int CandidateCount, string CandidatesSha256, int Asked, int SampleSize,
    long[] Picks, string[] Selected)
{
    /// <summary>Fewer candidates than asked for: the stratum gave all it had.</summary>
    public bool TookAll => Asked > CandidateCount;
}

/// <summary>
/// One stratum of a draw: the candidates in canonical order (USCCs sorted by ordinal, numbered from 1), their
/// hash (SHA-256 of the USCCs joined by "\n"), and the sample drawn from positions 1..N with the stratum's
/// derived seed. A pure function of its inputs: the same candidates and seed give the same result anywhere.
/// </summary>
public static class StratifiedDraw
{
    public static StratumDraw Draw(string seed, string label, IReadOnlyList<string> candidates, StratumSize size)
    {
        var canonical = Canonical(candidates);
        return FromCanonical(seed, label, canonical, ListSha256(canonical), size);
    }

    /// <summary>The same, from a list already in canonical order whose hash is known.</summary>
    public static StratumDraw FromCanonical(string seed, string label, IReadOnlyList<string> canonical, string sha256, StratumSize size)
    {
        var derived = DrawSeed.ForStratum(seed, label);
        var asked = size.For(canonical.Count);
        var take = Math.Min(asked, canonical.Count);
        var (picks, _) = Sampler.WithoutReplacement(derived, take, 1, canonical.Count, Sampler.FirstHashesInParallel(derived, take));
        return new StratumDraw(label, derived, canonical.Count, sha256, asked, take, picks, Selected(canonical, picks));
    }

    /// <summary>
    /// The picked candidates, looked up side by side: each lookup in a list of millions is a cache miss and, in
    /// the draw engine's compact candidate list, a code to write out, so 300,000 of them took a tenth of a second on one core.
    /// </summary>
    private static string[] Selected(IReadOnlyList<string> canonical, long[] picks)
    {
        const int perPart = 16_384;
        var selected = new string[picks.Length];
        Parallel.For(0, (picks.Length + perPart - 1) / perPart, part =>
        {
            for (var i = part * perPart; i < Math.Min(picks.Length, (part + 1) * perPart); i++) selected[i] = canonical[(int)(picks[i] - 1)];
        });
        return selected;
    }

    public static string[] Canonical(IReadOnlyList<string> candidates)
    {
        var list = candidates.Distinct(StringComparer.Ordinal).ToArray();
        Array.Sort(list, StringComparer.Ordinal);
        return list;
    }

    /// <summary>SHA-256 of the list joined by "\n" (no trailing line break), fed line by line.</summary>
    public static string ListSha256(IEnumerable<string> canonical)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var first = true;
        var newline = "\n"u8.ToArray();
        foreach (var item in canonical)
        {
            if (!first) hash.AppendData(newline);
            hash.AppendData(Encoding.UTF8.GetBytes(item));
            first = false;
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
