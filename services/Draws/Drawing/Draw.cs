using System.Text.Json.Serialization;
using Shuangsuiji.Draws.Candidates;
using Shuangsuiji.ServiceDefaults.Auth;
using Shuangsuiji.ServiceDefaults.EventStore;

namespace Shuangsuiji.Draws.Drawing;

/// <summary>A stratum as prepared: which risk classes it holds, how many to draw, and its fixed candidate list's size and hash.</summary>
public sealed record PreparedStratum(string Label, IReadOnlyList<string> RiskClasses, decimal? Percent, int? Count,
    int CandidateCount, string CandidatesSha256, int Asked);

public sealed record DrawPrepared(string DrawId, string TaskId, IReadOnlyList<string> Parties, IReadOnlyList<string> Items, CandidateScope Scope,
    IReadOnlyList<PreparedStratum> Strata, IReadOnlyDictionary<string, int> Exclusions, int RecentInspectionMonths,
    string? RedrawOf, string? Reason, Caller By, DateTimeOffset At, string? Office = null, long? CandidatesAsOf = null,
    IReadOnlyList<string>? MergedTasks = null, IReadOnlyList<string>? SampledTasks = null);

/// <summary>
/// A party's commitment. When the party asked the engine to keep a secret for it, the secret is in this event
/// (the event store is not public) and is revealed by the engine at execution; the record says so.
/// </summary>
public sealed record SecretCommitted(string DrawId, string Party, string Sha256, bool Generated, string? KeptSecret, Caller By, DateTimeOffset At);

public sealed record SecretRevealed(string DrawId, string Party, string Secret, Caller By, DateTimeOffset At);

public sealed record StratumResult(string Label, string Seed,
    [property: JsonConverter(typeof(CompactJson.Numbers))] long[] Picks,
    [property: JsonConverter(typeof(CompactJson.Lines))] string[] Selected);

public sealed record DrawExecuted(string DrawId, string? PublicValue, string Seed, IReadOnlyList<StratumResult> Strata, Caller By, DateTimeOffset At)
{
    /// <summary>The drawn entities in draw order: stratum by stratum, each in the order picked.</summary>
    public IReadOnlyList<string> DrawOrder() => [.. Strata.SelectMany(s => s.Selected)];
}

public sealed record Party(string Id, string? Sha256, bool Generated, string? Secret, bool Revealed);

/// <summary>
/// A draw of entities for a task (stream "draw:{id}"): prepared, committed, revealed, executed once. Folded from its
/// events when read, never stored as a document: an executed draw holds hundreds of thousands of picks, which its
/// event already stores once (<see cref="DrawSummary"/> is what queries by task need).
/// </summary>
public sealed record Draw(
    string Id, string DrawId, string TaskId, IReadOnlyList<Party> Parties, IReadOnlyList<string> Items, CandidateScope Scope,
    IReadOnlyList<PreparedStratum> Strata, IReadOnlyDictionary<string, int> Exclusions, string? RedrawOf, string? Reason,
    DateTimeOffset PreparedAt, DrawExecuted? Executed, string? Office = null, int RecentInspectionMonths = DrawDecider.DefaultRecentInspectionMonths,
    long? CandidatesAsOf = null, IReadOnlyList<string>? MergedTasks = null, IReadOnlyList<string>? SampledTasks = null) : IAggregate<Draw>
{
    public long Version { get; set; }

    public static string StreamId(string drawId) => $"draw:{drawId}";

    /// <summary>The tasks whose entities this draw may take although they are in an open task: its own and those merged into it.</summary>
    public IReadOnlyList<string> OwnTasks => [TaskId, .. MergedTasks ?? []];

    /// <summary>A return visit's draw (回访): the office samples the entities of closed tasks.</summary>
    public bool IsReturnVisit => SampledTasks is { Count: > 0 };

    /// <summary>The departments that inspect (the parties but the supervising office).</summary>
    public IReadOnlyList<string> Departments => [.. Parties.Select(p => p.Id).Where(p => p != Office)];

    /// <summary>The drawn entities in draw order: stratum by stratum, each in the order picked.</summary>
    public IReadOnlyList<string> DrawOrder => Executed?.DrawOrder() ?? [];

    public static Draw When(Draw? state, object @event) => (state, @event) switch
    {
        (null, DrawPrepared e) => new Draw(StreamId(e.DrawId), e.DrawId, e.TaskId, [.. e.Parties.Select(p => new Party(p, null, false, null, false))],
            e.Items, e.Scope, e.Strata, e.Exclusions, e.RedrawOf, e.Reason, e.At, null, e.Office, e.RecentInspectionMonths, e.CandidatesAsOf,
            e.MergedTasks, e.SampledTasks),
        ({ } s, SecretCommitted e) => s with { Parties = [.. s.Parties.Select(p => p.Id == e.Party ? p with { Sha256 = e.Sha256, Generated = e.Generated, Secret = e.KeptSecret } : p)] },
        ({ } s, SecretRevealed e) => s with { Parties = [.. s.Parties.Select(p => p.Id == e.Party ? p with { Secret = e.Secret, Revealed = true } : p)] },
        ({ } s, DrawExecuted e) => s with { Executed = e },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to draw {state?.Id ?? "(new)"}"),
    };
}

/// <summary>
/// A draw without its candidates and picks, kept as a document in the same transaction as its events: which task it
/// is for (the draws of a task are found by it), its inspecting departments and whether it has been executed.
/// </summary>
public sealed record DrawSummary(string Id, string DrawId, string TaskId, IReadOnlyList<string> Departments, string? RedrawOf,
    IReadOnlyList<string>? SampledTasks, DateTimeOffset PreparedAt, DateTimeOffset? ExecutedAt, IReadOnlyList<SummaryStratum>? Strata = null) : IAggregate<DrawSummary>
{
    public long Version { get; set; }

    public static DrawSummary When(DrawSummary? state, object @event) => (state, @event) switch
    {
        (null, DrawPrepared e) => new DrawSummary(Draw.StreamId(e.DrawId), e.DrawId, e.TaskId, [.. e.Parties.Where(p => p != e.Office)],
            e.RedrawOf, e.SampledTasks, e.At, null, [.. e.Strata.Select(s => new SummaryStratum(s.Label, s.RiskClasses, s.CandidateCount))]),
        ({ } s, DrawExecuted e) => s with { ExecutedAt = e.At },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to the summary of draw {state?.Id ?? "(new)"}"),
    };
}

/// <summary>A stratum in a draw's summary: which risk classes it holds (the office counts draws by credit risk class from it).</summary>
public sealed record SummaryStratum(string Label, IReadOnlyList<string> RiskClasses, int CandidateCount);
