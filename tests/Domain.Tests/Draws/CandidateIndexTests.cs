using Shuangsuiji.Draws.Candidates;
using Shuangsuiji.Draws.Drawing;
using Shuangsuiji.Draws.Sampling;

namespace Shuangsuiji.Domain.Tests.Draws;

public sealed class CandidateIndexTests
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static string Code(Random random) =>
        "9" + "1" + "1303" + $"{random.Next(0, 40):D2}" + new string([.. Enumerable.Range(0, 10).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);

    [Fact]
    public void Packed_codes_sort_exactly_as_the_codes_do_in_byte_order_and_unpack_to_themselves()
    {
        var random = new Random(7);
        var codes = Enumerable.Range(0, 5_000).Select(_ => Code(random)).Append("000000000000000000").Append("ZZZZZZZZZZZZZZZZZZ").ToArray();
        Assert.Equal(codes.Order(StringComparer.Ordinal), codes.OrderBy(UsccKey.Encode).ToArray());
        Assert.All(codes, c => Assert.Equal(c, UsccKey.Decode(UsccKey.Encode(c))));
        Assert.False(UsccKey.TryEncode("91130302MA0000000", out _)); // 17 characters
        Assert.False(UsccKey.TryEncode("91130302ma00000000", out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4_096)]
    [InlineData(4_097)]
    [InlineData(10_001)]
    public void A_packed_list_hashes_as_the_codes_joined_by_line_breaks(int n)
    {
        var random = new Random(n);
        var codes = Enumerable.Range(0, n).Select(_ => Code(random)).Distinct().Order(StringComparer.Ordinal).ToArray();
        var list = new CandidateList([.. codes.Select(UsccKey.Encode)]);
        Assert.Equal(StratifiedDraw.ListSha256(codes), list.Sha256);
        Assert.Equal(codes, list.ToArray());
    }

    private sealed record Entity(string Uscc, string Type, string Industry, string Division, string Status, string[] Tags, string[] Libraries, string? Class);

    [Fact]
    public void Placing_gives_what_filtering_sorting_and_counting_every_entity_by_hand_gives()
    {
        var random = new Random(11);
        string Pick(params string[] values) => values[random.Next(values.Length)];
        Entity Make(string uscc) => new(uscc, Pick("enterprise", "individual_business", "farmers_cooperative"), Pick("F51", "F52", "H62", "C13"),
            Pick("130302", "130303", "130304", "130321"), Pick("active", "active", "active", "deregistered"),
            [.. new[] { "food/seller", "food/maker", "risk/high" }.Where(_ => random.Next(3) == 0)],
            [.. new[] { "AMR/food_licensed", "EM/chemicals" }.Where(_ => random.Next(2) == 0)], Pick("A", "B", "C", "D", null!));
        var current = new Dictionary<string, Entity>();
        var inspected = new List<InspectionRow>();
        var index = new CandidateIndex(rowsPerPart: 97); // placed in parts side by side, as ten million are
        void Apply(Entity e)
        {
            current[e.Uscc] = e;
            index.Apply(new CandidateRow(e.Uscc, e.Type, e.Industry, e.Division, e.Status, e.Tags, e.Libraries, e.Class));
        }

        // Entities arrive, some merged into the sorted part, some changed after, some inspected, in any order.
        var codes = Enumerable.Range(0, 3_000).Select(_ => Code(random)).Distinct().ToArray();
        foreach (var c in codes.Take(2_000)) Apply(Make(c));
        index.Compact();
        foreach (var c in codes.Skip(2_000)) Apply(Make(c));
        foreach (var c in codes.Where((_, i) => i % 7 == 0)) Apply(Make(c));
        foreach (var c in codes.Where((_, i) => i % 5 == 0).Append(Code(random)))
        {
            var inspection = new InspectionRow(c, Pick("HBSC-001", "HBSC-002"), new DateOnly(2022, random.Next(1, 13), 1));
            inspected.Add(inspection);
            index.Apply(inspection);
        }

        // Some entities are in open tasks: another one (left out), the draw's own, one closed since (free again).
        foreach (var (c, i) in codes.Select((c, i) => (c, i)).Where(x => x.i % 3 == 0))
            index.Apply(new TaskEntityRow(i % 2 == 0 ? "T-other" : "T-own", c, true));
        foreach (var c in codes.Where((_, i) => i % 9 == 0)) index.Apply(new TaskEntityRow("T-closed", c, true));
        foreach (var c in codes.Where((_, i) => i % 9 == 0)) index.Apply(new TaskEntityRow("T-closed", c, false));
        var inOtherTask = codes.Where((_, i) => i % 3 == 0 && i % 2 == 0).ToHashSet();

        var scope = new CandidateScope(["130302", "13030"], ["F5"], ["enterprise", "individual_business"], ["food/seller", "food/maker"], []);
        StratumSpec[] strata = [new("A", ["A"], 0, null), new("BC", ["B", "C"], 3, null), new("D", ["D"], null, 10), new("none", [], null, 1)];
        var since = new DateOnly(2022, 6, 1);
        var placed = index.Place(scope, ["HBSC-001"], since, ["T-own"], strata);

        var inScope = current.Values.Where(e => scope.Divisions.Any(e.Division.StartsWith) && scope.Industries.Any(e.Industry.StartsWith)
            && scope.EntityTypes.Contains(e.Type) && e.Tags.Intersect(scope.Tags).Any()).ToList();
        var notActive = inScope.Where(e => e.Status != "active").ToList();
        var recent = inScope.Except(notActive).Where(e => inspected.Any(i => i.Uscc == e.Uscc && i.ItemId == "HBSC-001" && i.InspectedOn >= since)).ToList();
        var busy = inScope.Except(notActive).Except(recent).Where(e => inOtherTask.Contains(e.Uscc)).ToList();
        var left = inScope.Except(notActive).Except(recent).Except(busy).ToList();
        foreach (var s in strata)
        {
            var expected = left.Where(e => s.RiskClasses.DefaultIfEmpty("").Contains(e.Class ?? "")).Select(e => e.Uscc).Order(StringComparer.Ordinal);
            Assert.Equal(expected, placed.Lists[s.Label]);
        }
        Assert.Equal(notActive.Count, placed.Exclusions[Placement.NotActive]);
        Assert.Equal(recent.Count, placed.Exclusions[Placement.InspectedRecently]);
        Assert.Equal(busy.Count, placed.Exclusions[Placement.InOpenTask]);
        Assert.Equal(0, placed.Exclusions[Placement.NotInStrata]);
        Assert.True(recent.Count > 0 && notActive.Count > 0 && busy.Count > 0 && left.Count > 50, "the data exercises every branch");

        // With every entity merged into the sorted part, each part fills its share of the lists: the same placement.
        index.Compact();
        var merged = index.Place(scope, ["HBSC-001"], since, ["T-own"], strata);
        Assert.All(strata, s => Assert.Equal(placed.Lists[s.Label], merged.Lists[s.Label]));
        Assert.Equal(placed.Exclusions, merged.Exclusions);

        // Without the stratum of entities without a class, they are counted out.
        var withoutNone = index.Place(scope, ["HBSC-001"], since, ["T-own"], strata[..3]);
        Assert.Equal(left.Count(e => e.Class is null), withoutNone.Exclusions[Placement.NotInStrata]);

        // A return visit places the closed task's entities only (and an unknown code not at all); recently inspected
        // or in another open task, they stay in.
        var sampledCodes = codes.Where((_, i) => i % 9 == 0).Append(Code(random)).ToHashSet();
        var sampled = index.Place(scope, [], since, ["RV-1"], strata, sampledCodes);
        var visitable = inScope.Where(e => sampledCodes.Contains(e.Uscc) && e.Status == "active").ToList();
        foreach (var s in strata)
            Assert.Equal(visitable.Where(e => s.RiskClasses.DefaultIfEmpty("").Contains(e.Class ?? "")).Select(e => e.Uscc).Order(StringComparer.Ordinal),
                sampled.Lists[s.Label]);
        Assert.Equal(inScope.Count(e => sampledCodes.Contains(e.Uscc) && e.Status != "active"), sampled.Exclusions[Placement.NotActive]);
        Assert.Equal((0, 0), (sampled.Exclusions[Placement.InspectedRecently], sampled.Exclusions[Placement.InOpenTask]));
        Assert.True(visitable.Any(e => inOtherTask.Contains(e.Uscc)) && visitable.Any(e => recent.Contains(e)), "the sample holds busy and recent entities");
    }
}
