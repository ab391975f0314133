using Shuangsuiji.Draws.Sampling;

namespace Shuangsuiji.Domain.Tests.Draws;

/// <summary>The public test vectors of Rivest's sampler.py, whose stream the draw uses (docs/draw-verification.md).</summary>
public sealed class SamplerTests
{
    private const string VectorSeed = "3546311556112163624615351222";

    [Fact]
    public void The_stream_hashes_seed_comma_index() =>
        Assert.Equal("4da594a8ab6064d666eab2bdf20cb4480e819e0c3102ca353de57caae1d11fd1", Sampler.HashHex("12345678901234567890", 1));

    [Fact]
    public void It_reproduces_sampler_py_without_replacement()
    {
        var (picks, hashes) = Sampler.WithoutReplacement(VectorSeed, 47, 1, 876);
        Assert.Equal([740, 180, 264, 789, 238, 448, 272, 611, 761, 208], picks.Take(10));
        Assert.Equal(47, picks.Distinct().Count());
        Assert.Equal(48, hashes);
    }

    [Fact]
    public void A_repeat_is_skipped_not_replaced_by_a_neighbour()
    {
        // Draw 32 repeats 611 (the 8th pick): sampler.py skips it and takes the 33rd number instead.
        Assert.Equal(611, Sampler.Number(VectorSeed, 32, 1, 876));
        var (picks, _) = Sampler.WithoutReplacement(VectorSeed, 47, 1, 876);
        Assert.Equal(Sampler.Number(VectorSeed, 33, 1, 876), picks[31]);
    }

    [Fact]
    public void Every_position_can_be_drawn_and_the_whole_range_comes_out_once()
    {
        var (picks, _) = Sampler.WithoutReplacement("all", 50, 1, 50);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), picks.Order());
    }

    [Fact]
    public void Asking_for_more_than_the_range_holds_is_refused() =>
        Assert.Throws<ArgumentException>(() => Sampler.WithoutReplacement("x", 11, 1, 10));

    [Fact]
    public void Hashes_computed_ahead_give_the_same_sample()
    {
        const string seed = "3546311556112163624615351222";
        // Two streams, "3546311556x" and the seed, ten hashes each.
        var hashes = Sampler.FirstHashesOfMany(seed[..10], ["x", seed[10..]], 10);
        Assert.Equal(Sampler.HashHex(seed[..10] + "x", 3), Convert.ToHexStringLower(hashes.AsSpan(2 * 32, 32)));
        var first = hashes.AsSpan(10 * 32);
        Assert.Equal(Sampler.HashHex(seed, 7), Convert.ToHexStringLower(first.Slice(6 * 32, 32)));
        // 47 picks take 48 hashes (a repeat): the first ten given, the rest computed.
        var (plain, plainHashes) = Sampler.WithoutReplacement(seed, 47, 1, 876);
        var (ahead, aheadHashes) = Sampler.WithoutReplacement(seed, 47, 1, 876, first);
        Assert.Equal(plain, ahead);
        Assert.Equal(plainHashes, aheadHashes);
    }

    [Fact]
    public void The_prefixed_hash_is_sha256_for_every_length_of_prefix_and_rest()
    {
        var random = new Random(7);
        for (var prefixLength = 0; prefixLength <= 200; prefixLength++)
            foreach (var restLength in (int[])[0, 1, 54, 55, 56, 63, 64, 65, 119, 120, 130])
            {
                var (prefix, rest) = (new byte[prefixLength], new byte[restLength]);
                random.NextBytes(prefix);
                random.NextBytes(rest);
                var hash = new byte[32];
                new PrefixedSha256(prefix).Hash(rest, hash);
                Assert.Equal(System.Security.Cryptography.SHA256.HashData([.. prefix, .. rest]), hash);
            }
    }

    [Fact]
    public void Eight_prefixed_hashes_at_once_are_sha256_of_each_message()
    {
        var random = new Random(11);
        foreach (var prefixLength in (int[])[0, 1, 9, 63, 64, 65, 73, 130])
            for (var count = 1; count <= PrefixedSha256.Lanes; count++)
                foreach (var lengths in (int[][])[[.. Enumerable.Repeat(20, count)], [.. Enumerable.Range(0, count).Select(i => 40 + i * 3)],
                    [.. Enumerable.Range(0, count).Select(_ => random.Next(0, 200))]])
                {
                    // Same lengths (one block or two, as the prefix's tail makes them), lengths crossing a block, and any.
                    var prefix = new byte[prefixLength];
                    random.NextBytes(prefix);
                    const int stride = 200;
                    var rests = new byte[count * stride];
                    random.NextBytes(rests);
                    var hashes = new byte[count * 32];
                    new PrefixedSha256(prefix).HashLanes(rests, stride, lengths, hashes);
                    for (var i = 0; i < count; i++)
                        Assert.Equal(System.Security.Cryptography.SHA256.HashData([.. prefix, .. rests.AsSpan(i * stride, lengths[i])]), hashes.AsSpan(i * 32, 32).ToArray());
                }
    }

    [Fact]
    public void A_matchings_streams_computed_eight_at_a_time_match_the_plain_hash()
    {
        var prefix = new string('5', 64) + "/match/130300-AMR/";
        string[] entities = [.. Enumerable.Range(0, 21).Select(i => $"91130300MA{i:D7}X"), "统一代码"];
        var hashes = Sampler.FirstHashesOfMany(prefix, entities, 3);
        for (var e = 0; e < entities.Length; e++)
            for (var i = 1; i <= 3; i++)
                Assert.Equal(Sampler.HashHex(prefix + entities[e], i), Convert.ToHexStringLower(hashes.AsSpan((e * 3 + i - 1) * 32, 32)));
    }

    [Fact]
    public void A_draws_stream_computed_side_by_side_matches_the_plain_hash()
    {
        // A derived seed is 64 digits and more: its first block is compressed once for every number.
        var seed = new string('7', 64) + "/D";
        var hashes = Sampler.FirstHashesInParallel(seed, 40_000);
        foreach (var i in (int[])[1, 2, 9, 10, 99, 16_384, 16_385, 40_000])
            Assert.Equal(Sampler.HashHex(seed, i), Convert.ToHexStringLower(hashes.AsSpan((i - 1) * 32, 32)));
    }
}
