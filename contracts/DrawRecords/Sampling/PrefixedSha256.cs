using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Shuangsuiji.Draws.Sampling;

/// <summary>
/// SHA-256 (FIPS 180-4) of many messages that share a long prefix: the prefix's whole 64-byte blocks are compressed
/// once, each message then costs only its own last block or two. Every stream of a draw starts with the 64-digit
/// seed, so each of its hundreds of thousands of hashes compresses one block instead of two, in managed code without
/// the per-call cost of the platform's hash (which is several times that of the block itself). Checked against
/// <see cref="System.Security.Cryptography.SHA256"/> in the unit tests.
/// </summary>
public sealed class PrefixedSha256
{
    private static ReadOnlySpan<uint> K =>
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    private readonly uint[] state = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    private readonly byte[] tail; // the prefix's bytes after its last whole block
    private readonly long compressed; // bytes of the prefix already compressed into the state

    public PrefixedSha256(ReadOnlySpan<byte> prefix)
    {
        var whole = prefix.Length / 64 * 64;
        for (var block = 0; block < whole; block += 64) Compress(state, prefix.Slice(block, 64));
        (tail, compressed) = (prefix[whole..].ToArray(), whole);
    }

    /// <summary>SHA-256 of the prefix followed by <paramref name="rest"/>, written to the first 32 bytes of <paramref name="hash"/>.</summary>
    public void Hash(ReadOnlySpan<byte> rest, Span<byte> hash)
    {
        Span<uint> h = stackalloc uint[8];
        state.CopyTo(h);
        var length = tail.Length + rest.Length; // bytes still to compress, before padding
        // The message's end, the 0x80 marker and the 64-bit length in bits, padded to whole blocks.
        var blocks = (length + 1 + 8 + 63) / 64;
        // A stream's rest is a label or a code and a number: a block or two, but a long label must not overflow the stack.
        var buffer = blocks <= 16 ? stackalloc byte[blocks * 64] : new byte[blocks * 64];
        buffer.Clear();
        tail.CopyTo(buffer);
        rest.CopyTo(buffer[tail.Length..]);
        buffer[length] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(buffer[^8..], (ulong)(compressed + length) * 8);
        for (var block = 0; block < buffer.Length; block += 64) Compress(h, buffer.Slice(block, 64));
        for (var i = 0; i < 8; i++) BinaryPrimitives.WriteUInt32BigEndian(hash[(i * 4)..], h[i]);
    }

    /// <summary>How many messages <see cref="HashLanes"/> hashes at once: the 32-bit lanes of a 256-bit vector.</summary>
    public const int Lanes = 8;

    /// <summary>
    /// SHA-256 of the prefix followed by each of up to <see cref="Lanes"/> rests at once, one message per lane of 256-bit
    /// vectors: the same rounds, on eight messages for the price of little more than one. Rest i is the first
    /// <paramref name="lengths"/>[i] bytes from <c>i * stride</c> in <paramref name="rests"/>; its hash goes to
    /// <c>hashes[i * 32..]</c>. Messages whose padded lengths differ in blocks, or a machine without the vectors, are hashed
    /// one by one.
    /// </summary>
    public void HashLanes(ReadOnlySpan<byte> rests, int stride, ReadOnlySpan<int> lengths, Span<byte> hashes)
    {
        var count = lengths.Length;
        var blocks = BlocksFor(lengths[0]);
        var together = count > 1 && count <= Lanes && blocks <= 4 && Vector256.IsHardwareAccelerated;
        for (var i = 1; i < count && together; i++) together = BlocksFor(lengths[i]) == blocks;
        if (!together)
        {
            for (var i = 0; i < count; i++) Hash(rests.Slice(i * stride, lengths[i]), hashes.Slice(i * 32, 32));
            return;
        }
        // Each message padded, as Hash pads it; lanes beyond the count repeat the first message, their hashes unused.
        Span<byte> padded = stackalloc byte[Lanes * 4 * 64];
        padded.Clear();
        for (var lane = 0; lane < Lanes; lane++)
        {
            var i = lane < count ? lane : 0;
            var message = padded.Slice(lane * blocks * 64, blocks * 64);
            tail.CopyTo(message);
            rests.Slice(i * stride, lengths[i]).CopyTo(message[tail.Length..]);
            var length = tail.Length + lengths[i];
            message[length] = 0x80;
            BinaryPrimitives.WriteUInt64BigEndian(message[^8..], (ulong)(compressed + length) * 8);
        }
        Span<Vector256<uint>> h = stackalloc Vector256<uint>[8];
        for (var j = 0; j < 8; j++) h[j] = Vector256.Create(state[j]);
        Span<Vector256<uint>> w = stackalloc Vector256<uint>[64];
        Span<uint> words = stackalloc uint[Lanes];
        for (var block = 0; block < blocks; block++)
        {
            for (var t = 0; t < 16; t++)
            {
                for (var lane = 0; lane < Lanes; lane++)
                    words[lane] = BinaryPrimitives.ReadUInt32BigEndian(padded[((lane * blocks + block) * 64 + t * 4)..]);
                w[t] = Vector256.Create<uint>(words);
            }
            Compress(h, w);
        }
        for (var lane = 0; lane < count; lane++)
            for (var j = 0; j < 8; j++) BinaryPrimitives.WriteUInt32BigEndian(hashes[(lane * 32 + j * 4)..], h[j].GetElement(lane));
    }

    /// <summary>Blocks of a message of the prefix and a rest of this length, padded: its end, the 0x80 marker and the 64-bit length.</summary>
    private int BlocksFor(int restLength) => (tail.Length + restLength + 1 + 8 + 63) / 64;

    /// <summary>The compression function on eight blocks at once, one per lane; <paramref name="w"/> holds their first 16 words.</summary>
    private static void Compress(Span<Vector256<uint>> h, Span<Vector256<uint>> w)
    {
        for (var t = 16; t < 64; t++)
        {
            Vector256<uint> w15 = w[t - 15], w2 = w[t - 2];
            var s0 = Rotate(w15, 7) ^ Rotate(w15, 18) ^ Vector256.ShiftRightLogical(w15, 3);
            var s1 = Rotate(w2, 17) ^ Rotate(w2, 19) ^ Vector256.ShiftRightLogical(w2, 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        Vector256<uint> a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
        var k = K;
        for (var t = 0; t < 64; t++)
        {
            var t1 = hh + (Rotate(e, 6) ^ Rotate(e, 11) ^ Rotate(e, 25)) + ((e & f) ^ Vector256.AndNot(g, e)) + Vector256.Create(k[t]) + w[t];
            var t2 = (Rotate(a, 2) ^ Rotate(a, 13) ^ Rotate(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            (hh, g, f, e, d, c, b, a) = (g, f, e, d + t1, c, b, a, t1 + t2);
        }
        h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
    }

    private static Vector256<uint> Rotate(Vector256<uint> x, int n) => Vector256.ShiftRightLogical(x, n) | Vector256.ShiftLeft(x, 32 - n);

    private static void Compress(Span<uint> h, ReadOnlySpan<byte> block)
    {
        Span<uint> w = stackalloc uint[64];
        for (var t = 0; t < 16; t++) w[t] = BinaryPrimitives.ReadUInt32BigEndian(block[(t * 4)..]);
        for (var t = 16; t < 64; t++)
        {
            uint w15 = w[t - 15], w2 = w[t - 2];
            var s0 = BitOperations.RotateRight(w15, 7) ^ BitOperations.RotateRight(w15, 18) ^ (w15 >> 3);
            var s1 = BitOperations.RotateRight(w2, 17) ^ BitOperations.RotateRight(w2, 19) ^ (w2 >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        uint a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
        var k = K;
        w = w[..64];
        for (var t = 0; t < 64; t++)
        {
            var t1 = hh + (BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25))
                     + ((e & f) ^ (~e & g)) + k[t] + w[t];
            var t2 = (BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22))
                     + ((a & b) ^ (a & c) ^ (b & c));
            (hh, g, f, e, d, c, b, a) = (g, f, e, d + t1, c, b, a, t1 + t2);
        }
        h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
    }
}
