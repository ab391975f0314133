using Shuangsuiji.Draws.Records;
using Shuangsuiji.Draws.Sampling;

namespace Shuangsuiji.Domain.Tests.Draws;

public sealed class VerifierTests
{
    private static readonly string[] Candidates = [.. Enumerable.Range(0, 200).Select(i => $"92130321MA{i:D7}Y")];
    private const string AmrSecret = "haigang-amr-secret-2022-q3";
    private const string EmbSecret = "city-emb-secret-0001-abcdef";

    private static DrawRecord Record(string? publicValue = "2022-07-05 福彩3D 128")
    {
        (string Party, string Secret)[] reveals = [("130300-EMB", EmbSecret), ("130302-AMR", AmrSecret)];
        var seed = DrawSeed.Derive("draw-1", reveals, publicValue);
        var b = StratifiedDraw.Draw(seed, "B", Candidates[..120], new StratumSize(5, null));
        var d = StratifiedDraw.Draw(seed, "D", Candidates[120..], new StratumSize(null, 90));
        var uscc = b.Selected[0];
        var matchSeed = DrawSeed.ForMatch(seed, "130302-AMR", uscc);
        var (picks, _) = Sampler.WithoutReplacement(matchSeed, 2, 1, 12);
        return new DrawRecord(DrawSeed.Algorithm, "draw-1", "task-1",
            [.. reveals.Select(r => new CommitmentEntry(r.Party, DrawSeed.Commitment(r.Secret)))],
            [.. reveals.Select(r => new RevealEntry(r.Party, r.Secret))], publicValue, seed,
            [StratumEntry.Of(b), StratumEntry.Of(d)], new Dictionary<string, int> { ["not_active"] = 3 },
            [new MatchEntry(uscc, "130302-AMR", matchSeed, 12, "pool-hash", picks, [.. picks.Select(p => $"I{p:000}")])]);
    }

    private static IReadOnlyList<string>? ListOf(string label) => label switch { "B" => Candidates[..120], "D" => Candidates[120..], _ => null };

    [Fact]
    public void A_true_record_replays_through_its_json()
    {
        var record = DrawRecord.FromJson(Record().ToJson());
        Assert.Empty(Verifier.Verify(record, ListOf));
        Assert.Equal(80, record.Strata[1].SampleSize); // 90 asked of 80: all of them
    }

    [Fact]
    public void The_seed_depends_on_every_secret_and_the_public_value_but_not_on_the_order_of_reveals()
    {
        var seed = DrawSeed.Derive("d", [("a", "secret-one-0000000"), ("b", "secret-two-0000000")], "7");
        Assert.Equal(seed, DrawSeed.Derive("d", [("b", "secret-two-0000000"), ("a", "secret-one-0000000")], "7"));
        Assert.NotEqual(seed, DrawSeed.Derive("d", [("a", "secret-one-0000001"), ("b", "secret-two-0000000")], "7"));
        Assert.NotEqual(seed, DrawSeed.Derive("d", [("a", "secret-one-0000000"), ("b", "secret-two-0000000")], "8"));
        Assert.NotEqual(seed, DrawSeed.Derive("e", [("a", "secret-one-0000000"), ("b", "secret-two-0000000")], "7"));
    }

    [Theory]
    [InlineData("short", "at least 16")]
    [InlineData("line\nbreak-secret-text", "line breaks")]
    [InlineData("", "required")]
    public void Unusable_secrets_are_refused(string secret, string reason) => Assert.Contains(reason, DrawSeed.SecretProblem(secret));

    [Fact]
    public void A_secret_that_does_not_match_its_commitment_is_found()
    {
        var record = Record();
        var forged = record with { Reveals = [record.Reveals[0], new RevealEntry("130302-AMR", "another-secret-of-amr-0000")] };
        Assert.Contains(Verifier.Verify(forged), p => p.Contains("130302-AMR does not match its commitment"));
    }

    [Fact]
    public void A_party_that_did_not_reveal_is_found() =>
        Assert.Contains(Verifier.Verify(Record() with { Reveals = [Record().Reveals[0]] }), p => p.Contains("committed but did not reveal"));

    [Fact]
    public void A_changed_seed_pick_or_selection_is_found()
    {
        var record = Record();
        Assert.Contains(Verifier.Verify(record with { Seed = new string('0', 64) }), p => p.StartsWith("the seed should be"));

        var b = record.Strata[0];
        var swapped = b with { Picks = [b.Picks[1], b.Picks[0], .. b.Picks.Skip(2)] };
        Assert.Contains(Verifier.Verify(record with { Strata = [swapped, record.Strata[1]] }), p => p.StartsWith("stratum B: the sampler gives"));

        var replaced = b with { Selected = [Candidates[199], .. b.Selected.Skip(1)] };
        Assert.Contains(Verifier.Verify(record with { Strata = [replaced, record.Strata[1]] }, ListOf), p => p.StartsWith("stratum B: pick 1"));
        Assert.Empty(Verifier.Verify(record with { Strata = [replaced, record.Strata[1]] })); // without the lists, only the picks are checked
    }

    [Fact]
    public void A_candidate_list_other_than_the_recorded_one_is_found()
    {
        IReadOnlyList<string>? Dropped(string label) => label == "B" ? Candidates[1..120] : ListOf(label);
        IReadOnlyList<string>? Changed(string label) => label == "B" ? [.. Candidates[1..120], "91130302MA0000000Z"] : ListOf(label);
        Assert.Contains(Verifier.Verify(Record(), Dropped), p => p.Contains("the list has 119 candidates"));
        Assert.Contains(Verifier.Verify(Record(), Changed), p => p.Contains("the list's SHA-256"));
    }

    [Fact]
    public void A_sample_size_other_than_the_rule_gives_is_found()
    {
        var record = Record();
        var d = record.Strata[1];
        var (fewer, _) = Sampler.WithoutReplacement(d.Seed, 79, 1, 80);
        var shorter = d with { SampleSize = 79, Picks = fewer, Selected = d.Selected.Take(79).ToList() };
        Assert.Contains(Verifier.Verify(record with { Strata = [record.Strata[0], shorter] }), p => p.Contains("should give 80, not 79"));
    }

    [Fact]
    public void A_changed_inspector_pick_is_found()
    {
        var record = Record();
        var match = record.Matches[0] with { Picks = [1, 2] };
        Assert.Contains(Verifier.Verify(record with { Matches = [match] }), p => p.StartsWith($"match of {match.Uscc} for 130302-AMR: the sampler gives"));
    }

    [Fact]
    public void A_replacement_replays_from_its_own_seed_and_a_changed_pick_is_found()
    {
        var record = Record();
        var match = record.Matches[0];
        var seed = $"{match.Seed}/replace/1";
        var pick = Sampler.Number(seed, 1, 1, 11);
        var entry = new ReplacementEntry(match.Uscc, match.DepartmentId, match.Selected[0], seed, 11, "pool-hash", pick, $"I{pick:000}", "病假");
        Assert.Empty(Verifier.Verify(record with { Replacements = [entry] }));
        Assert.Contains(Verifier.Verify(record with { Replacements = [entry with { Pick = pick % 11 + 1 }] }),
            p => p.StartsWith($"replacement 1 of {match.Uscc}"));
    }
}
