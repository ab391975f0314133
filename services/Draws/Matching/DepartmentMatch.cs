using System.Text.Json.Serialization;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Draws.Matching;

/// <summary>One department's inspectors matched to the drawn entities (匹配), with the rules it used.</summary>
public sealed record InspectorsMatched(string DrawId, string DepartmentId, MatchRules Rules,
    [property: JsonConverter(typeof(Drawing.CompactJson.Matches))] IReadOnlyList<Match> Matches, Caller By, DateTimeOffset At);

/// <summary>A member of an entity's team replaced, by the same rules, with a reason (before results are entered).</summary>
public sealed record InspectorReplaced(string DrawId, Replacement Replacement, Caller By, DateTimeOffset At);

/// <summary>
/// A department's matching for a draw (stream "draw:{drawId}:match:{departmentId}"). A stream of its own, not part
/// of the draw: each department decides its own. Folded from its events when read, with no snapshot document: a draw
/// of 300,000 entities has tens of megabytes of teams, stored once, in the department's <see cref="InspectorsMatched"/>.
/// </summary>
public sealed record DepartmentMatch(string Id, string DrawId, string DepartmentId, MatchRules Rules,
    [property: JsonConverter(typeof(Drawing.CompactJson.Matches))] IReadOnlyList<Match> Matches,
    IReadOnlyList<Replacement> Replacements) : IAggregate<DepartmentMatch>
{
    public long Version { get; set; }

    public static string StreamId(string drawId, string departmentId) => $"draw:{drawId}:match:{departmentId}";

    /// <summary>The team for each drawn entity now, by USCC: as matched, with the replacements since.</summary>
    public Dictionary<string, List<string>> Teams()
    {
        var teams = Matches.ToDictionary(m => m.Uscc, m => m.Selected.ToList());
        foreach (var r in Replacements) teams[r.Uscc][teams[r.Uscc].IndexOf(r.Replaced)] = r.Selected;
        return teams;
    }

    public static DepartmentMatch When(DepartmentMatch? state, object @event) => (state, @event) switch
    {
        (null, InspectorsMatched e) => new DepartmentMatch(StreamId(e.DrawId, e.DepartmentId), e.DrawId, e.DepartmentId, e.Rules, e.Matches, []),
        ({ } s, InspectorReplaced e) => s with { Replacements = [.. s.Replacements, e.Replacement] },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to match {state?.Id ?? "(new)"}"),
    };
}
