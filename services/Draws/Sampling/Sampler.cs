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
    /// (<see cref="FirstHashes"/>, computed side by side for many seeds); the rest are computed.
    /// </summary>
    public static (long[] Picks, long Hashes) WithoutReplacement(string seed, int count, long a, long b, ReadOnlySpan<byte> firstHashes = default)
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
            else (stream ??= new Stream(seed)).Hash(i, hash);
            var pick = a + (long)Mod(hash, (ulong)size);
            if (seen?.Add(pick) ?? true) picks[n++] = pick;
        }
        return (picks, i);
    }

    /// <summary>Hashes 1..n of the stream of <paramref name="seed"/>, 32 bytes each, into <paramref name="hashes"/>.</summary>
    public static void FirstHashes(string seed, int n, Span<byte> hashes)
    {
        var stream = new Stream(seed);
        for (var i = 1; i <= n; i++) stream.Hash(i, hashes.Slice((i - 1) * 32, 32));
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
            var stream = new Stream(seed);
            for (var i = part * perPart + 1; i <= Math.Min(n, (part + 1) * perPart); i++) stream.Hash(i, hashes.AsSpan((i - 1) * 32, 32));
        });
        return hashes;
    }

    /// <summary>The bytes of <c>seed + "," + i</c> for one seed, without a string per number: a draw of 300,000 takes millions.</summary>
    private sealed class Stream(string seed)
    {
        private readonly byte[] input = Prefixed(seed);
        private readonly int prefix = Encoding.UTF8.GetByteCount(seed) + 1;

        private static byte[] Prefixed(string seed)
        {
            var bytes = new byte[Encoding.UTF8.GetByteCount(seed) + 1 + 20];
            var length = Encoding.UTF8.GetBytes(seed, bytes);
            bytes[length] = (byte)',';
            return bytes;
        }

        public void Hash(long i, Span<byte> hash)
        {
            System.Buffers.Text.Utf8Formatter.TryFormat(i, input.AsSpan(prefix), out var digits);
            var sha256 = threadSha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha256.AppendData(input.AsSpan(0, prefix + digits));
            sha256.GetHashAndReset(hash);
        }
    }

    // One SHA-256 context per thread, reset after each hash: SHA256.HashData sets up a new one on every call, which takes
    // longer than hashing the block or two of "seed,i" (half of a one-shot call's time, measured here).
    [ThreadStatic] private static IncrementalHash? threadSha256;

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
