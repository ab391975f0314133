using Shuangsuiji.Draws.Candidates;
using Shuangsuiji.ServiceDefaults.Auth;
using Shuangsuiji.ServiceDefaults.EventStore;

namespace Shuangsuiji.Draws.Drawing;

/// <summary>A stratum as prepared: which risk classes it holds, how many to draw, and its fixed candidate list's size and hash.</summary>
public sealed record PreparedStratum(string Label, IReadOnlyList<string> RiskClasses, decimal? Percent, int? Count,
    int CandidateCount, string CandidatesSha256, int Asked);

public sealed record DrawPrepared(string DrawId, string TaskId, IReadOnlyList<string> Parties, IReadOnlyList<string> Items, CandidateScope Scope,
    IReadOnlyList<PreparedStratum> Strata, IReadOnlyDictionary<string, int> Exclusions, int RecentInspectionMonths,
    string? RedrawOf, string? Reason, Caller By, DateTimeOffset At, string? Office = null, long? CandidatesAsOf = null);

/// <summary>
/// A party's commitment. When the party asked the engine to keep a secret for it, the secret is in this event
/// (the event store is not public) and is revealed by the engine at execution; the record says so.
/// </summary>
public sealed record SecretCommitted(string DrawId, string Party, string Sha256, bool Generated, string? KeptSecret, Caller By, DateTimeOffset At);

public sealed record SecretRevealed(string DrawId, string Party, string Secret, Caller By, DateTimeOffset At);

public sealed record StratumResult(string Label, string Seed, long[] Picks, string[] Selected);

public sealed record DrawExecuted(string DrawId, string? PublicValue, string Seed, IReadOnlyList<StratumResult> Strata, Caller By, DateTimeOffset At);

/// <summary>One department's inspectors matched to the drawn entities (匹配), with the rules it used.</summary>
public sealed record InspectorsMatched(string DrawId, string DepartmentId, Matching.MatchRules Rules, IReadOnlyList<Matching.Match> Matches,
    Caller By, DateTimeOffset At);

/// <summary>A member of an entity's team replaced, by the same rules, with a reason (before results are entered).</summary>
public sealed record InspectorReplaced(string DrawId, Matching.Replacement Replacement, Caller By, DateTimeOffset At);

public sealed record Party(string Id, string? Sha256, bool Generated, string? Secret, bool Revealed);

/// <summary>A draw of entities for a task (stream and id "draw:{id}"): prepared, committed, revealed, executed once.</summary>
public sealed record Draw(
    string Id, string DrawId, string TaskId, IReadOnlyList<Party> Parties, IReadOnlyList<string> Items, CandidateScope Scope,
    IReadOnlyList<PreparedStratum> Strata, IReadOnlyDictionary<string, int> Exclusions, string? RedrawOf, string? Reason,
    DateTimeOffset PreparedAt, DrawExecuted? Executed, IReadOnlyList<InspectorsMatched>? Matched = null, string? Office = null,
    IReadOnlyList<Matching.Replacement>? Replacements = null, int RecentInspectionMonths = DrawDecider.DefaultRecentInspectionMonths,
    long? CandidatesAsOf = null) : IAggregate<Draw>
{
    public long Version { get; set; }

    public static string StreamId(string drawId) => $"draw:{drawId}";

    /// <summary>The departments that inspect (the parties but the supervising office).</summary>
    public IReadOnlyList<string> Departments => [.. Parties.Select(p => p.Id).Where(p => p != Office)];

    /// <summary>A department's team for each drawn entity now, by USCC: as matched, with the replacements since.</summary>
    public Dictionary<string, List<string>> Teams(string departmentId)
    {
        var teams = (Matched ?? []).Where(m => m.DepartmentId == departmentId).SelectMany(m => m.Matches).ToDictionary(m => m.Uscc, m => m.Selected.ToList());
        foreach (var r in (Replacements ?? []).Where(r => r.DepartmentId == departmentId))
            teams[r.Uscc][teams[r.Uscc].IndexOf(r.Replaced)] = r.Selected;
        return teams;
    }

    /// <summary>The drawn entities in draw order: stratum by stratum, each in the order picked.</summary>
    public IReadOnlyList<string> DrawOrder => Executed?.Strata.SelectMany(s => s.Selected).ToList() ?? [];

    public static Draw When(Draw? state, object @event) => (state, @event) switch
    {
        (null, DrawPrepared e) => new Draw(StreamId(e.DrawId), e.DrawId, e.TaskId, [.. e.Parties.Select(p => new Party(p, null, false, null, false))],
            e.Items, e.Scope, e.Strata, e.Exclusions, e.RedrawOf, e.Reason, e.At, null, null, e.Office, null, e.RecentInspectionMonths, e.CandidatesAsOf),
        ({ } s, SecretCommitted e) => s with { Parties = [.. s.Parties.Select(p => p.Id == e.Party ? p with { Sha256 = e.Sha256, Generated = e.Generated, Secret = e.KeptSecret } : p)] },
        ({ } s, SecretRevealed e) => s with { Parties = [.. s.Parties.Select(p => p.Id == e.Party ? p with { Secret = e.Secret, Revealed = true } : p)] },
        ({ } s, DrawExecuted e) => s with { Executed = e },
        ({ } s, InspectorsMatched e) => s with { Matched = [.. s.Matched ?? [], e] },
        ({ } s, InspectorReplaced e) => s with { Replacements = [.. s.Replacements ?? [], e.Replacement] },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to draw {state?.Id ?? "(new)"}"),
    };
}
