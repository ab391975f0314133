using System.Text.Json.Serialization;
using Shuangsuiji.Draws.Candidates;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Draws.Drawing;

/// <summary>A stratum as prepared: which risk classes it holds, how many to draw, and its fixed candidate list's size and hash.</summary>
public sealed record PreparedStratum(string Label, IReadOnlyList<string> RiskClasses, decimal? Percent, int? Count,
    int CandidateCount, string CandidatesSha256, int Asked);

/// <summary>A public source of randomness nobody on the platform controls, and the round of it a draw takes.</summary>
public sealed record PublicRandomness(string Source, string Round);

/// <summary>
/// A draw fixed: its parties (the inspecting departments, the lead first, and the supervising office — or, for a
/// return visit, the office and the engine), what is drawn from where, the candidate lists' sizes and hashes, the public
/// randomness it will take and the deadline for commitments. Draws prepared before the randomness was declared have
/// neither and can no longer execute.
/// </summary>
public sealed record DrawPrepared(string DrawId, string TaskId, IReadOnlyList<string> Parties, IReadOnlyList<string> Items, CandidateScope Scope,
    IReadOnlyList<PreparedStratum> Strata, IReadOnlyDictionary<string, int> Exclusions, int RecentInspectionMonths,
    string? RedrawOf, string? Reason, Caller By, DateTimeOffset At, string? Office = null, long? CandidatesAsOf = null,
    IReadOnlyList<string>? MergedTasks = null, IReadOnlyList<string>? SampledTasks = null, PublicRandomness? Randomness = null,
    DateTimeOffset? CommitDeadline = null);

/// <summary>
/// A party's commitment. When the engine keeps the party's secret (Generated), the secret is <paramref name="Sealed"/>
/// with the engine's key and opened only at execution, when the engine reveals it; the record says so. Draws committed
/// before sealing carry <paramref name="KeptSecret"/> in clear instead (the audit trail never shows either).
/// </summary>
public sealed record SecretCommitted(string DrawId, string Party, string Sha256, bool Generated, string? KeptSecret, Caller By, DateTimeOffset At,
    string? Sealed = null);

public sealed record SecretRevealed(string DrawId, string Party, string Secret, Caller By, DateTimeOffset At);

public sealed record StratumResult(string Label, string Seed,
    [property: JsonConverter(typeof(CompactJson.Numbers))] long[] Picks,
    [property: JsonConverter(typeof(CompactJson.Lines))] string[] Selected);

public sealed record DrawExecuted(string DrawId, string? PublicValue, string Seed, IReadOnlyList<StratumResult> Strata, Caller By, DateTimeOffset At)
{
    /// <summary>The drawn entities in draw order: stratum by stratum, each in the order picked.</summary>
    public IReadOnlyList<string> DrawOrder() => [.. Strata.SelectMany(s => s.Selected)];
}

/// <summary>The value of the draw's declared public randomness, entered once after the commit deadline.</summary>
public sealed record PublicValueRecorded(string DrawId, string Value, Caller By, DateTimeOffset At);

/// <summary>
/// A party's attempt the draw refused — a second or late commitment, another public value, an execution before the
/// value exists — kept on the draw and shown in its public record: whoever tried to steer it is seen trying.
/// </summary>
/// <param name="Attempt">commit, public_value or execute</param>
/// <param name="Value">the public value offered (public once the real one is known); never a secret</param>
public sealed record DrawAttemptRefused(string DrawId, string Attempt, string Reason, string? Value, Caller By, DateTimeOffset At);

/// <summary>
/// A draw prepared for a task, on the task's own stream in the engine ("task-draws:{task}"): appended at the version
/// the preparation read, so that two preparations of one task racing each other cannot both open a draw.
/// </summary>
public sealed record TaskDrawOpened(string TaskId, string DrawId, Caller By, DateTimeOffset At)
{
    public static string StreamId(string taskId) => $"task-draws:{taskId}";
}

/// <summary>A draw abandoned before it executed, with the reason; its task may be drawn again.</summary>
public sealed record DrawCancelled(string DrawId, string Reason, Caller By, DateTimeOffset At);

public sealed record Party(string Id, string? Sha256, bool Generated, string? Secret, bool Revealed)
{
    /// <summary>The secret the engine keeps for the party, sealed (<see cref="SecretSeal"/>), until execution.</summary>
    public string? Sealed { get; init; }

    public DateTimeOffset? CommittedAt { get; init; }
}

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

    public PublicRandomness? Randomness { get; init; }

    public DateTimeOffset? CommitDeadline { get; init; }

    public PublicValueRecorded? PublicValue { get; init; }

    public IReadOnlyList<DrawAttemptRefused> Refused { get; init; } = [];

    public DrawCancelled? Cancelled { get; init; }

    /// <summary>The deadline passed before every party committed: the draw can never execute.</summary>
    public bool LapsedAt(DateTimeOffset now) =>
        Executed is null && Cancelled is null && CommitDeadline is { } deadline && now >= deadline && Parties.Any(p => p.Sha256 is null);

    public static string StreamId(string drawId) => $"draw:{drawId}";

    /// <summary>The tasks whose entities this draw may take although they are in an open task: its own and those merged into it.</summary>
    public IReadOnlyList<string> OwnTasks => [TaskId, .. MergedTasks ?? []];

    /// <summary>A return visit's draw (回访): the office samples the entities of closed tasks.</summary>
    public bool IsReturnVisit => SampledTasks is { Count: > 0 };

    /// <summary>The supervising office of the draw: the office party of a task's draw, the office that draws a return visit.</summary>
    public string? Supervisor => Office ?? (IsReturnVisit ? Parties[0].Id : null);

    /// <summary>The departments that inspect (the parties but the supervising office and the engine).</summary>
    public IReadOnlyList<string> Departments => [.. Parties.Select(p => p.Id).Where(p => p != Office && p != DrawDecider.EngineParty)];

    /// <summary>The drawn entities in draw order: stratum by stratum, each in the order picked.</summary>
    public IReadOnlyList<string> DrawOrder => Executed?.DrawOrder() ?? [];

    public static Draw When(Draw? state, object @event) => (state, @event) switch
    {
        (null, DrawPrepared e) => new Draw(StreamId(e.DrawId), e.DrawId, e.TaskId, [.. e.Parties.Select(p => new Party(p, null, false, null, false))],
            e.Items, e.Scope, e.Strata, e.Exclusions, e.RedrawOf, e.Reason, e.At, null, e.Office, e.RecentInspectionMonths, e.CandidatesAsOf,
            e.MergedTasks, e.SampledTasks) { Randomness = e.Randomness, CommitDeadline = e.CommitDeadline },
        ({ } s, SecretCommitted e) => s with
        {
            Parties = [.. s.Parties.Select(p => p.Id == e.Party
                ? p with { Sha256 = e.Sha256, Generated = e.Generated, Secret = e.KeptSecret, Sealed = e.Sealed, CommittedAt = e.At } : p)],
        },
        ({ } s, SecretRevealed e) => s with { Parties = [.. s.Parties.Select(p => p.Id == e.Party ? p with { Secret = e.Secret, Revealed = true } : p)] },
        ({ } s, PublicValueRecorded e) => s with { PublicValue = e },
        ({ } s, DrawAttemptRefused e) => s with { Refused = [.. s.Refused, e] },
        ({ } s, DrawCancelled e) => s with { Cancelled = e },
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

    public DateTimeOffset? CommitDeadline { get; init; }

    public int Parties { get; init; }

    public int Committed { get; init; }

    public DateTimeOffset? CancelledAt { get; init; }

    /// <summary>Still to be executed: neither executed, cancelled, nor lapsed (its deadline passed before every party committed).</summary>
    public bool OpenAt(DateTimeOffset now) =>
        ExecutedAt is null && CancelledAt is null && !(CommitDeadline is { } deadline && now >= deadline && Committed < Parties);

    public static DrawSummary When(DrawSummary? state, object @event) => (state, @event) switch
    {
        (null, DrawPrepared e) => new DrawSummary(Draw.StreamId(e.DrawId), e.DrawId, e.TaskId, [.. e.Parties.Where(p => p != e.Office && p != DrawDecider.EngineParty)],
            e.RedrawOf, e.SampledTasks, e.At, null, [.. e.Strata.Select(s => new SummaryStratum(s.Label, s.RiskClasses, s.CandidateCount))])
        {
            CommitDeadline = e.CommitDeadline, Parties = e.Parties.Count,
        },
        ({ } s, SecretCommitted) => s with { Committed = s.Committed + 1 },
        ({ } s, DrawCancelled e) => s with { CancelledAt = e.At },
        ({ } s, DrawExecuted e) => s with { ExecutedAt = e.At },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to the summary of draw {state?.Id ?? "(new)"}"),
    };
}

/// <summary>A stratum in a draw's summary: which risk classes it holds (the office counts draws by credit risk class from it).</summary>
public sealed record SummaryStratum(string Label, IReadOnlyList<string> RiskClasses, int CandidateCount);
