using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Shuangsuiji.Draws.Sampling;

/// <summary>
/// The random stream of Rivest's <c>sampler.py</c> (used in election risk-limiting audits, SPEC.md §6): the
/// i-th number (i = 1, 2, …) is SHA-256 of the UTF-8 text <c>seed + "," + i</c> read as a big-endian integer x,
/// mapped to <c>a + (x mod (b − a + 1))</c>. Anyone with a SHA-256 and big integers can replay it.
/// </summary>
public static class Sampler
{
    /// <summary>The i-th hash of the stream, as hexadecimal (what a verifier in another language prints).</summary>
    public static string HashHex(string seed, long i) => Convert.ToHexStringLower(Hash(seed, i));

    public static byte[] Hash(string seed, long i) => SHA256.HashData(Encoding.UTF8.GetBytes($"{seed},{i}"));

    /// <summary>The i-th number of the stream in a..b.</summary>
    public static long Number(string seed, long i, long a, long b)
    {
        if (b < a) throw new ArgumentException($"empty range {a}..{b}");
        return a + (long)Mod(Hash(seed, i), (ulong)(b - a + 1));
    }

    /// <summary>
    /// <paramref name="count"/> distinct numbers in a..b, in the order drawn: repeats are skipped, as sampler.py
    /// does without replacement. Also says how many hashes it took. The first hashes of the stream may be given
    /// (<see cref="FirstHashesOfMany"/>, computed side by side for many seeds); the rest are computed.
    /// </summary>
    public static (long[] Picks, long Hashes) WithoutReplacement(string seed, int count, long a, long b, ReadOnlySpan<byte> firstHashes = default) =>
        WithoutReplacement(() => seed, count, a, b, firstHashes);

    /// <summary>The same, with the seed made only if the hashes given do not suffice (a repeat among them).</summary>
    public static (long[] Picks, long Hashes) WithoutReplacement(Func<string> seedOf, int count, long a, long b, ReadOnlySpan<byte> firstHashes)
    {
        var size = b - a + 1;
        if (count < 0 || count > size) throw new ArgumentException($"cannot draw {count} distinct numbers from {a}..{b}");
        var picks = new long[count];
        var seen = count > 1 ? new HashSet<long>(count) : null;
        Stream? stream = null;
        Span<byte> hash = stackalloc byte[32];
        long i = 0;
        for (var n = 0; n < count;)
        {
            i++;
            if (i * 32 <= firstHashes.Length) firstHashes.Slice((int)(i - 1) * 32, 32).CopyTo(hash);
            else (stream ??= new Stream(seedOf())).Hash(i, hash);
            var pick = a + (long)Mod(hash, (ulong)size);
            if (seen?.Add(pick) ?? true) picks[n++] = pick;
        }
        return (picks, i);
    }

    /// <summary>
    /// Hashes 1..n of each stream <c>prefix + suffix</c>, 32 bytes each, suffix after suffix, computed side by side:
    /// the streams of a matching's hundreds of thousands of entities, without a seed string per entity.
    /// </summary>
    public static byte[] FirstHashesOfMany(string prefix, IReadOnlyList<string> suffixes, int n)
    {
        const int perPart = 4_096;
        var perStream = n * 32;
        var hashes = new byte[suffixes.Count * perStream];
        var head = new PrefixedSha256(Encoding.UTF8.GetBytes(prefix)); // the seed's blocks, compressed once for all
        Parallel.For(0, (suffixes.Count + perPart - 1) / perPart, part =>
        {
            byte[] rest = [];
            for (var s = part * perPart; s < Math.Min(suffixes.Count, (part + 1) * perPart); s++)
            {
                // The suffix, then room for "," and a number.
                var room = Encoding.UTF8.GetMaxByteCount(suffixes[s].Length) + 21;
                if (rest.Length < room) rest = new byte[room];
                var length = Encoding.UTF8.GetBytes(suffixes[s], rest);
                new Stream(head, rest, length).Hash(1, n, hashes.AsSpan(s * perStream, perStream));
            }
        });
        return hashes;
    }

    /// <summary>
    /// Hashes 1..n of one stream computed side by side on every core, for a sample of hundreds of thousands: each
    /// hash depends only on the seed and its number, so only the skipping of repeats after them is sequential.
    /// </summary>
    public static byte[] FirstHashesInParallel(string seed, int n)
    {
        const int perPart = 16_384;
        var hashes = new byte[n * 32];
        Parallel.For(0, (n + perPart - 1) / perPart, part =>
        {
            var (from, to) = (part * perPart + 1, Math.Min(n, (part + 1) * perPart));
            new Stream(seed).Hash(from, to, hashes.AsSpan((from - 1) * 32, (to - from + 1) * 32));
        });
        return hashes;
    }

    /// <summary>The hashes of <c>seed + "," + i</c> for one seed, without a string per number: a draw of 300,000 takes millions.</summary>
    private sealed class Stream
    {
        private readonly PrefixedSha256 head;
        private readonly byte[] rest; // what follows the head: "," and the number, or a suffix, "," and the number
        private readonly int numberAt;

        public Stream(string seed) : this(new PrefixedSha256(Encoding.UTF8.GetBytes(seed)), new byte[21], 0) { }

        /// <summary>Over a head (the seed, or its common prefix) and a buffer whose first <paramref name="suffixLength"/> bytes follow it, with room for "," and a number after.</summary>
        public Stream(PrefixedSha256 head, byte[] rest, int suffixLength)
        {
            (this.head, this.rest, numberAt) = (head, rest, suffixLength + 1);
            rest[suffixLength] = (byte)',';
        }

        public void Hash(long i, Span<byte> hash)
        {
            System.Buffers.Text.Utf8Formatter.TryFormat(i, rest.AsSpan(numberAt), out var digits);
            head.Hash(rest.AsSpan(0, numberAt + digits), hash);
        }

        /// <summary>Hashes <paramref name="from"/>..<paramref name="to"/>, 32 bytes each.</summary>
        public void Hash(long from, long to, Span<byte> hashes)
        {
            for (var i = from; i <= to; i++) Hash(i, hashes.Slice((int)(i - from) * 32, 32));
        }
    }

    /// <summary>A 256-bit big-endian integer modulo m, limb by limb: exact, and no big-integer allocation.</summary>
    private static ulong Mod(ReadOnlySpan<byte> bigEndian, ulong m)
    {
        if (m <= uint.MaxValue)
        {
            // Every range a draw uses: 32-bit limbs keep the remainder and the next limb within one 64-bit division.
            ulong small = 0;
            for (var limb = 0; limb < bigEndian.Length; limb += 4)
                small = ((small << 32) | BinaryPrimitives.ReadUInt32BigEndian(bigEndian[limb..])) % m;
            return small;
        }
        UInt128 r = 0;
        for (var limb = 0; limb < bigEndian.Length; limb += 8)
            r = ((r << 64) | BinaryPrimitives.ReadUInt64BigEndian(bigEndian[limb..])) % m;
        return (ulong)r;
    }
}
