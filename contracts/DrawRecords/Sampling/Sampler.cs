using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Shuangsuiji.Draws.Sampling;

/// <summary>
/// The random stream of Rivest's <c>sampler.py</c> (used in election risk-limiting audits, docs/draw-verification.md): the
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
    /// Hashes 1..n of each stream <c>prefix + suffix</c>, 32 bytes each, suffix after suffix, computed side by side on
    /// every core and eight streams at a time in the lanes of vectors (<see cref="PrefixedSha256.HashLanes"/>): the
    /// streams of a matching's hundreds of thousands of entities, without a seed string per entity.
    /// </summary>
    public static byte[] FirstHashesOfMany(string prefix, IReadOnlyList<string> suffixes, int n)
    {
        const int perPart = 4_096, lanes = PrefixedSha256.Lanes;
        var perStream = n * 32;
        var hashes = new byte[suffixes.Count * perStream];
        var head = new PrefixedSha256(Encoding.UTF8.GetBytes(prefix)); // the seed's blocks, compressed once for all
        Parallel.For(0, (suffixes.Count + perPart - 1) / perPart, part =>
        {
            var (first, end) = (part * perPart, Math.Min(suffixes.Count, (part + 1) * perPart));
            // Each lane's suffix, then room for "," and a number.
            var stride = Enumerable.Range(first, end - first).Max(x => Encoding.UTF8.GetMaxByteCount(suffixes[x].Length)) + 21;
            var messages = new byte[lanes * stride];
            Span<int> suffixLengths = stackalloc int[lanes], lengths = stackalloc int[lanes];
            Span<byte> eight = stackalloc byte[lanes * 32];
            for (var s = first; s < end; s += lanes)
            {
                var count = Math.Min(lanes, end - s);
                for (var lane = 0; lane < count; lane++)
                {
                    suffixLengths[lane] = Encoding.UTF8.GetBytes(suffixes[s + lane], messages.AsSpan(lane * stride));
                    messages[lane * stride + suffixLengths[lane]] = (byte)',';
                }
                for (var i = 1; i <= n; i++)
                {
                    for (var lane = 0; lane < count; lane++)
                    {
                        System.Buffers.Text.Utf8Formatter.TryFormat(i, messages.AsSpan(lane * stride + suffixLengths[lane] + 1), out var digits);
                        lengths[lane] = suffixLengths[lane] + 1 + digits;
                    }
                    head.HashLanes(messages, stride, lengths[..count], eight);
                    for (var lane = 0; lane < count; lane++) eight.Slice(lane * 32, 32).CopyTo(hashes.AsSpan((s + lane) * perStream + (i - 1) * 32, 32));
                }
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
    private sealed class Stream(string seed)
    {
        private const int NumberAt = 1, Room = 21; // "," and a number of up to 20 digits
        private readonly PrefixedSha256 head = new(Encoding.UTF8.GetBytes(seed));

        public void Hash(long i, Span<byte> hash)
        {
            Span<byte> rest = stackalloc byte[Room];
            rest[0] = (byte)',';
            System.Buffers.Text.Utf8Formatter.TryFormat(i, rest[NumberAt..], out var digits);
            head.Hash(rest[..(NumberAt + digits)], hash);
        }

        /// <summary>Hashes <paramref name="from"/>..<paramref name="to"/>, 32 bytes each, eight at a time (<see cref="PrefixedSha256.HashLanes"/>).</summary>
        public void Hash(long from, long to, Span<byte> hashes)
        {
            const int lanes = PrefixedSha256.Lanes;
            Span<byte> messages = stackalloc byte[lanes * Room];
            Span<int> lengths = stackalloc int[lanes];
            for (var lane = 0; lane < lanes; lane++) messages[lane * Room] = (byte)',';
            for (var i = from; i <= to; i += lanes)
            {
                var count = (int)Math.Min(lanes, to - i + 1);
                for (var lane = 0; lane < count; lane++)
                {
                    System.Buffers.Text.Utf8Formatter.TryFormat(i + lane, messages[(lane * Room + NumberAt)..], out var digits);
                    lengths[lane] = NumberAt + digits;
                }
                head.HashLanes(messages, Room, lengths[..count], hashes.Slice((int)(i - from) * 32, count * 32));
            }
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
