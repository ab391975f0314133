using System.Text.Json;
using Shuangsuiji.Draws.Drawing;
using Shuangsuiji.Draws.Matching;

namespace Shuangsuiji.Domain.Tests.Draws;

public sealed class CompactJsonTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public void A_strata_result_is_stored_as_two_strings_and_read_back_whole()
    {
        var result = new StratumResult("A", "seed/A", [740, 180, 264], ["91130302MA0000001X", "91130302MA0000002X", "91130302MA0000003X"]);
        var json = JsonSerializer.Serialize(result, Json);
        Assert.Contains("\"picks\":\"740,180,264\"", json);
        var back = JsonSerializer.Deserialize<StratumResult>(json, Json)!;
        Assert.Equal(result.Picks, back.Picks);
        Assert.Equal(result.Selected, back.Selected);
        var empty = JsonSerializer.Deserialize<StratumResult>(JsonSerializer.Serialize(result with { Picks = [], Selected = [] }, Json), Json)!;
        Assert.Equal((0, 0), (empty.Picks.Length, empty.Selected.Length));
        // As first stored: arrays.
        var old = JsonSerializer.Deserialize<StratumResult>("""{"label":"A","seed":"s","picks":[3,1],"selected":["X","Y"]}""", Json)!;
        Assert.Equal([3L, 1L], old.Picks);
        Assert.Equal(["X", "Y"], old.Selected);
    }

    [Fact]
    public void Teams_are_stored_one_line_each_and_read_back_whole()
    {
        var matched = new DepartmentMatch("draw:d:match:X", "d", "X", new MatchRules(new DateOnly(2022, 10, 8), new DateOnly(2022, 10, 9), [], 2, 0),
            [new Match("91130302MA0000001X", 3, new string('a', 64), [2, 1], ["I2", "I1"], null),
             new Match("91130302MA0000002X", 1, new string('b', 64), [], [], "only 1 eligible inspector(s) of X, 2 needed")], []);
        var back = JsonSerializer.Deserialize<DepartmentMatch>(JsonSerializer.Serialize(matched, Json), Json)!;
        Assert.Equal(2, back.Matches.Count);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal((matched.Matches[i].Uscc, matched.Matches[i].PoolSize, matched.Matches[i].PoolSha256, matched.Matches[i].Failure),
                (back.Matches[i].Uscc, back.Matches[i].PoolSize, back.Matches[i].PoolSha256, back.Matches[i].Failure));
            Assert.Equal(matched.Matches[i].Picks, back.Matches[i].Picks);
            Assert.Equal(matched.Matches[i].Selected, back.Matches[i].Selected);
        }
    }

    [Fact]
    public void A_pool_hash_the_same_as_the_team_befores_is_stored_once()
    {
        var pool = new string('c', 64);
        var matched = new InspectorsMatched("d", "X", new MatchRules(new DateOnly(2022, 10, 8), new DateOnly(2022, 10, 9), [], 1, 0),
            [new Match("91130302MA0000001X", 2, pool, [1], ["I1"], null), new Match("91130302MA0000002X", 2, pool, [2], ["I2"], null),
             new Match("91130302MA0000003X", 1, new string('d', 64), [1], ["I1"], null)],
            new Shuangsuiji.Kernel.Caller("u", "X", "staff"), DateTimeOffset.UnixEpoch);
        var json = JsonSerializer.Serialize(matched, Json);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(json, pool));
        var back = JsonSerializer.Deserialize<InspectorsMatched>(json, Json)!;
        Assert.Equal([pool, pool, new string('d', 64)], back.Matches.Select(m => m.PoolSha256));
        Assert.Equal(["I1", "I2", "I1"], back.Matches.Select(m => m.Selected.Single()));
        Assert.Equal(json, JsonSerializer.Serialize(back, Json)); // written again as read
    }

    [Fact]
    public void Stored_teams_read_one_by_one_are_the_teams_read_whole_and_are_not_kept()
    {
        var pool = new string('c', 64);
        var matched = new InspectorsMatched("d", "X", new MatchRules(new DateOnly(2022, 10, 8), new DateOnly(2022, 10, 9), [], 1, 0),
            [new Match("91130302MA0000001X", 2, pool, [1], ["I1"], null), new Match("91130302MA0000002X", 2, pool, [2], ["I2"], null),
             new Match("91130302MA0000003X", 0, new string('d', 64), [], [], "only 0 eligible inspector(s) of X, 1 needed")],
            new Shuangsuiji.Kernel.Caller("u", "X", "staff"), DateTimeOffset.UnixEpoch);
        var json = JsonSerializer.Serialize(matched, Json);
        var once = CompactJson.Matches.OneByOne(JsonSerializer.Deserialize<InspectorsMatched>(json, Json)!.Matches).ToList();
        var whole = JsonSerializer.Deserialize<InspectorsMatched>(json, Json)!.Matches;
        Assert.Equal(whole.Select(m => (m.Uscc, m.PoolSize, m.PoolSha256, string.Join(',', m.Picks), string.Join(',', m.Selected), m.Failure)),
            once.Select(m => (m.Uscc, m.PoolSize, m.PoolSha256, string.Join(',', m.Picks), string.Join(',', m.Selected), m.Failure)));
        Assert.Equal(pool, once[1].PoolSha256); // "=" resolved to the team before's
        // Not kept: each reading takes the text apart again, so the teams are new objects.
        var read = JsonSerializer.Deserialize<InspectorsMatched>(json, Json)!.Matches;
        Assert.NotSame(CompactJson.Matches.OneByOne(read).First(), CompactJson.Matches.OneByOne(read).First());
        // A list matched in memory is read as it is.
        Assert.Same(matched.Matches[0], CompactJson.Matches.OneByOne(matched.Matches).First());
    }
}
