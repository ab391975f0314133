using System.Security.Cryptography;
using System.Text;
using Shuangsuiji.Draws.Sampling;

namespace Shuangsuiji.Domain.Tests.Draws;

public sealed class StratifiedDrawTests
{
    private static readonly string[] Codes = [.. Enumerable.Range(0, 40).Select(i => $"91130302MA{i:D7}X")];

    [Theory]
    [InlineData(3, 10, 1)]          // 3 % of 10 is 0.3: rounded up, one entity
    [InlineData(3, 10_000_000, 300_000)]
    [InlineData(5, 41, 3)]          // 2.05 → 3
    [InlineData(0, 1_000, 0)]       // class A may be left out
    [InlineData(100, 7, 7)]
    public void A_percentage_rounds_up(decimal percent, int candidates, int expected) =>
        Assert.Equal(expected, new StratumSize(percent, null).For(candidates));

    [Fact]
    public void The_candidates_are_put_in_canonical_order_whatever_order_they_come_in()
    {
        var shuffled = Codes.OrderBy(c => c[^3..]).Reverse().ToList();
        var a = StratifiedDraw.Draw("seed", "B", Codes, new StratumSize(null, 5));
        var b = StratifiedDraw.Draw("seed", "B", shuffled, new StratumSize(null, 5));
        Assert.Equal(a.Selected, b.Selected);
        Assert.Equal(a.CandidatesSha256, b.CandidatesSha256);
        var expectedHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", Codes.Order(StringComparer.Ordinal)))));
        Assert.Equal(expectedHash, a.CandidatesSha256);
    }

    [Fact]
    public void The_selected_entities_are_the_picked_positions_of_the_canonical_list()
    {
        var draw = StratifiedDraw.Draw("seed", "C", Codes, new StratumSize(10, null));
        Assert.Equal("seed/C", draw.Seed);
        Assert.Equal(4, draw.SampleSize);
        var (picks, _) = Sampler.WithoutReplacement("seed/C", 4, 1, 40);
        Assert.Equal(picks, draw.Picks);
        var canonical = Codes.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(picks.Select(p => canonical[p - 1]), draw.Selected);
    }

    [Fact]
    public void A_stratum_with_fewer_candidates_than_asked_gives_them_all_and_says_so()
    {
        var draw = StratifiedDraw.Draw("seed", "D", Codes[..3], new StratumSize(null, 5));
        Assert.True(draw.TookAll);
        Assert.Equal((5, 3), (draw.Asked, draw.SampleSize));
        Assert.Equal(Codes[..3].Order(), draw.Selected.Order());
    }

    [Fact]
    public void Each_stratum_draws_with_its_own_seed()
    {
        var b = StratifiedDraw.Draw("seed", "B", Codes, new StratumSize(null, 10));
        var c = StratifiedDraw.Draw("seed", "C", Codes, new StratumSize(null, 10));
        Assert.NotEqual(b.Picks, c.Picks);
    }
}
