using Shuangsuiji.Draws.Matching;
using Shuangsuiji.Draws.Sampling;

namespace Shuangsuiji.Domain.Tests.Draws;

public sealed class InspectorMatchingTests
{
    private const string Amr = "130302-AMR";
    private static readonly DateOnly From = new(2022, 9, 1), To = new(2022, 9, 30);
    private static readonly string[] Entities = ["91130302MA0000001A", "91130302MA0000002B", "91130302MA0000003C"];

    private static DrawInspector Inspector(string id, string status = "active", DateOnly? validTo = null, string[]? specialties = null, string[]? conflicts = null) =>
        new(DrawInspector.Key(Amr, id), id, Amr, status, new DateOnly(2020, 1, 1), validTo ?? new DateOnly(2025, 12, 31),
            specialties ?? ["field/special-equipment"], conflicts ?? [], 1);

    private static IReadOnlyList<Match> Run(IReadOnlyList<DrawInspector> inspectors, MatchRules? rules = null, Func<string, IReadOnlyCollection<string>>? last = null) =>
        InspectorMatching.Match("seed", Amr, Entities, inspectors, last ?? (_ => []), rules ?? new MatchRules(From, To, [], 2, 0));

    [Fact]
    public void Only_active_inspectors_with_a_certificate_valid_on_the_check_dates_and_the_specialty_are_eligible()
    {
        var matches = Run([
            Inspector("I1"), Inspector("I2"), Inspector("I3", status: "on_leave"), Inspector("I4", validTo: new DateOnly(2022, 9, 15)),
            Inspector("I5", specialties: ["field/food-safety"]), Inspector("I6", status: "retired"),
        ], new MatchRules(From, To, ["field/special-equipment"], 2, 0));
        Assert.All(matches, m => Assert.Equal(["I1", "I2"], m.Selected.Order()));
        Assert.All(matches, m => Assert.Equal(2, m.PoolSize));
    }

    [Fact]
    public void An_inspector_is_recused_from_an_entity_of_a_declared_conflict_and_the_last_inspectors_do_not_go_again()
    {
        var matches = Run([Inspector("I1", conflicts: [Entities[0]]), Inspector("I2"), Inspector("I3"), Inspector("I4")],
            last: u => u == Entities[1] ? ["I2", "I3"] : []);
        Assert.DoesNotContain("I1", matches[0].Selected);
        Assert.Equal(["I1", "I4"], matches[1].Selected.Order());
    }

    [Fact]
    public void The_workload_cap_holds_across_the_draw_and_too_few_eligible_is_a_recorded_failure_never_a_smaller_team()
    {
        var matches = Run([Inspector("I1"), Inspector("I2"), Inspector("I3")], new MatchRules(From, To, [], 2, 1));
        Assert.Equal(2, matches[0].Selected.Length);
        Assert.Equal("only 1 eligible inspector(s) of 130302-AMR, 2 needed", matches[1].Failure);
        Assert.Empty(matches[1].Selected);
        Assert.Equal("only 1 eligible inspector(s) of 130302-AMR, 2 needed", matches[2].Failure);
    }

    [Fact]
    public void Picks_come_from_the_stream_seeded_for_the_department_and_entity_over_the_canonical_pool()
    {
        var matches = Run([Inspector("I3"), Inspector("I1"), Inspector("I2")]);
        var (picks, _) = Sampler.WithoutReplacement($"seed/match/{Amr}/{Entities[2]}", 2, 1, 3);
        Assert.Equal(picks, matches[2].Picks);
        Assert.Equal(picks.Select(p => new[] { "I1", "I2", "I3" }[p - 1]), matches[2].Selected);
        Assert.Equal(StratifiedDraw.ListSha256(["I1", "I2", "I3"]), matches[2].PoolSha256);
    }

    [Fact]
    public void Teams_read_one_after_the_other_are_the_teams_read_by_position_failures_included()
    {
        // Kept as columns: each team is made when read, so both ways of reading must give the same teams.
        var matches = Run([Inspector("I1"), Inspector("I2"), Inspector("I3")], new MatchRules(From, To, [], 2, 1));
        var listed = matches.ToList();
        Assert.Equal(matches.Count, listed.Count);
        for (var n = 0; n < matches.Count; n++)
        {
            Assert.Equal((matches[n].Uscc, matches[n].PoolSize, matches[n].PoolSha256, matches[n].Failure),
                (listed[n].Uscc, listed[n].PoolSize, listed[n].PoolSha256, listed[n].Failure));
            Assert.Equal(matches[n].Picks, listed[n].Picks);
            Assert.Equal(matches[n].Selected, listed[n].Selected);
        }
        Assert.Equal(Entities, listed.Select(m => m.Uscc));
        Assert.Equal([null, "only 1 eligible inspector(s) of 130302-AMR, 2 needed", "only 1 eligible inspector(s) of 130302-AMR, 2 needed"], listed.Select(m => m.Failure));
    }
}
