using System.Numerics;
using System.Security.Cryptography;

namespace Shuangsuiji.AuditTrail.Checkpoints;

/// <summary>A run of leaves [Start, End) of the tree, whose hash (RFC 6962's MTH of those leaves) a proof carries.</summary>
public readonly record struct LeafRange(long Start, long End);

/// <summary>
/// The append-only Merkle tree of RFC 6962 §2.1 over SHA-256: leaf hash SHA-256(0x00 ‖ leaf), node hash
/// SHA-256(0x01 ‖ left ‖ right), a tree of n leaves split after the largest power of two below n. Proofs are given as
/// the leaf ranges whose hashes make them (§2.1.1 audit paths, §2.1.2 consistency proofs), so whoever holds the
/// hashes (a list of leaves in a test, the notary's table of complete subtrees) supplies them; verification follows
/// RFC 9162 §2.1.3.2 and §2.1.4.2.
/// </summary>
public static class MerkleTree
{
    /// <summary>The root of the empty tree: SHA-256 of nothing.</summary>
    public static readonly byte[] EmptyRoot = SHA256.HashData([]);

    public static byte[] LeafHash(ReadOnlySpan<byte> leaf) => Hash(0x00, leaf, []);

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right) => Hash(0x01, left, right);

    /// <summary>The largest power of two below <paramref name="n"/> (n &gt; 1): where a tree of n leaves splits.</summary>
    public static long Split(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));

    /// <summary>PATH(m, D[n]): the ranges whose hashes lead from leaf <paramref name="index"/> up to the root, nearest first.</summary>
    public static List<LeafRange> AuditPath(long index, long size)
    {
        if (index < 0 || index >= size) throw new ArgumentOutOfRangeException(nameof(index), $"leaf {index} is not in a tree of {size}");
        var path = new List<LeafRange>();
        void Path(long m, long start, long n)
        {
            if (n == 1) return;
            var k = Split(n);
            if (m < k) { Path(m, start, k); path.Add(new(start + k, start + n)); }
            else { Path(m - k, start + k, n - k); path.Add(new(start, start + k)); }
        }
        Path(index, 0, size);
        return path;
    }

    /// <summary>PROOF(m, D[n]) = SUBPROOF(m, D[n], true): the ranges that show the first m leaves' tree is a prefix of the n leaves'.</summary>
    public static List<LeafRange> ConsistencyProof(long m, long n)
    {
        if (m <= 0 || m > n) throw new ArgumentOutOfRangeException(nameof(m), $"a consistency proof goes from a size in 1..{n}, not {m}");
        var proof = new List<LeafRange>();
        void Subproof(long m, long start, long n, bool whole)
        {
            if (m == n) { if (!whole) proof.Add(new(start, start + n)); return; }
            var k = Split(n);
            if (m <= k) { Subproof(m, start, k, whole); proof.Add(new(start + k, start + n)); }
            else { Subproof(m - k, start + k, n - k, false); proof.Add(new(start, start + k)); }
        }
        Subproof(m, 0, n, true);
        return proof;
    }

    /// <summary>
    /// The complete subtrees a range of a proof is made of, largest first, as (level, index): leaves [index·2^level,
    /// (index+1)·2^level). Every range a proof or a root names starts at a multiple of a power of two no smaller than itself,
    /// so its pieces are whole aligned subtrees, which a log stores once and never changes.
    /// </summary>
    public static IEnumerable<(int Level, long Index)> Pieces(LeafRange range)
    {
        for (var start = range.Start; start < range.End;)
        {
            var level = 63 - BitOperations.LeadingZeroCount((ulong)(range.End - start));
            if (start % (1L << level) != 0) throw new ArgumentException($"[{range.Start}, {range.End}) is not a range of a proof");
            yield return (level, start >> level);
            start += 1L << level;
        }
    }

    /// <summary>MTH of a range from the hashes of its pieces (<paramref name="subtree"/>(level, index)): the right-hand pieces fold first.</summary>
    public static byte[] RangeHash(LeafRange range, Func<int, long, byte[]> subtree)
    {
        if (range.Start == range.End) return EmptyRoot;
        var pieces = Pieces(range).Select(p => subtree(p.Level, p.Index)).ToList();
        var hash = pieces[^1];
        for (var i = pieces.Count - 2; i >= 0; i--) hash = NodeHash(pieces[i], hash);
        return hash;
    }

    /// <summary>
    /// Appends a leaf to a tree given by its right edge (the pieces of [0, size) with their hashes, largest first), which
    /// becomes the new tree's edge; returns the subtrees above the leaves that the leaf completed, lowest first.
    /// </summary>
    public static List<(int Level, long Index, byte[] Hash)> Append(List<(int Level, long Index, byte[] Hash)> edge, long position, byte[] leafHash)
    {
        var completed = new List<(int, long, byte[])>();
        edge.Add((0, position, leafHash));
        while (edge.Count > 1 && edge[^1].Level == edge[^2].Level)
        {
            var (left, right) = (edge[^2], edge[^1]);
            edge.RemoveRange(edge.Count - 2, 2);
            edge.Add((left.Level + 1, left.Index >> 1, NodeHash(left.Hash, right.Hash)));
            completed.Add(edge[^1]);
        }
        return completed;
    }

    public static bool VerifyInclusion(long index, long size, byte[] leafHash, IReadOnlyList<byte[]> path, byte[] root)
    {
        if (index < 0 || index >= size) return false;
        var (fn, sn, r) = (index, size - 1, leafHash);
        foreach (var p in path)
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) (fn, sn) = (fn >> 1, sn >> 1);
            }
            else r = NodeHash(r, p);
            (fn, sn) = (fn >> 1, sn >> 1);
        }
        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    public static bool VerifyConsistency(long m, long n, byte[] firstRoot, byte[] secondRoot, IReadOnlyList<byte[]> proof)
    {
        if (m <= 0 || m > n) return false;
        if (m == n) return proof.Count == 0 && firstRoot.AsSpan().SequenceEqual(secondRoot);
        var path = BitOperations.IsPow2(m) ? [firstRoot, .. proof] : proof;
        if (path.Count == 0) return false;
        var (fn, sn) = (m - 1, n - 1);
        while ((fn & 1) == 1) (fn, sn) = (fn >> 1, sn >> 1);
        var (fr, sr) = (path[0], path[0]);
        foreach (var c in path.Skip(1))
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                (fr, sr) = (NodeHash(c, fr), NodeHash(c, sr));
                while ((fn & 1) == 0 && fn != 0) (fn, sn) = (fn >> 1, sn >> 1);
            }
            else sr = NodeHash(sr, c);
            (fn, sn) = (fn >> 1, sn >> 1);
        }
        return sn == 0 && fr.AsSpan().SequenceEqual(firstRoot) && sr.AsSpan().SequenceEqual(secondRoot);
    }

    private static byte[] Hash(byte prefix, ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData([prefix]);
        sha.AppendData(left);
        sha.AppendData(right);
        return sha.GetHashAndReset();
    }
}
