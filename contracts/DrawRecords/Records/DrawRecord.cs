using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shuangsuiji.Draws.Records;

/// <summary>
/// The public record of a draw (docs/draw-verification.md): everything needed to replay it, and nothing personal —
/// inspectors appear by id only. A return visit's draw (回访) names the closed tasks it sampled. Serialized as JSON
/// with camelCase names; <see cref="Verifier"/> replays it and checks its timeline.
/// </summary>
public sealed record DrawRecord(
    string Algorithm,
    string DrawId,
    string TaskId,
    IReadOnlyList<CommitmentEntry> Commitments,
    IReadOnlyList<RevealEntry> Reveals,
    string? PublicValue,
    string Seed,
    IReadOnlyList<StratumEntry> Strata,
    IReadOnlyDictionary<string, int> Exclusions,
    IReadOnlyList<MatchEntry> Matches,
    IReadOnlyList<ReplacementEntry>? Replacements = null,
    IReadOnlyList<string>? SampledTasks = null,
    PublicRandomnessEntry? PublicRandomness = null,
    IReadOnlyList<RefusedAttemptEntry>? RefusedAttempts = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static DrawRecord FromJson(string json) =>
        JsonSerializer.Deserialize<DrawRecord>(json, Json) ?? throw new JsonException("the record is empty");
}

/// <summary>
/// A party's commitment; <c>Generated</c>: the engine kept the secret for the party, sealed until execution (the
/// supervising office's unless it committed its own, at its request otherwise). <c>CommittedAt</c>: when it was made.
/// </summary>
public sealed record CommitmentEntry(string Party, string Sha256, bool Generated = false, DateTimeOffset? CommittedAt = null);

/// <summary>
/// The public random value the seed took: its source and round, declared at preparation with the commit deadline, and
/// when the value (the record's <c>publicValue</c>) was entered — after the deadline.
/// </summary>
public sealed record PublicRandomnessEntry(string Source, string Round, DateTimeOffset CommitDeadline, DateTimeOffset? RecordedAt);

/// <summary>An attempt the draw refused (commit, public_value, execute): by which department, when, why, and the value offered.</summary>
public sealed record RefusedAttemptEntry(string Attempt, string DepartmentId, DateTimeOffset At, string Reason, string? Value = null);

public sealed record RevealEntry(string Party, string Secret);

/// <summary>A stratum: its size rule as asked (<c>Asked</c>, a count), what it had and what it gave.</summary>
public sealed record StratumEntry(string Label, string Seed, int CandidateCount, string CandidatesSha256, int Asked, int SampleSize,
    IReadOnlyList<long> Picks, IReadOnlyList<string> Selected)
{
    public static StratumEntry Of(Sampling.StratumDraw d) =>
        new(d.Label, d.Seed, d.CandidateCount, d.CandidatesSha256, d.Asked, d.SampleSize, d.Picks, d.Selected);
}

/// <summary>
/// One department's team for one drawn entity: the eligible pool (size and hash of its ids in ordinal order),
/// the picks in it and the inspector ids picked; or why it could not be formed.
/// </summary>
public sealed record MatchEntry(string Uscc, string DepartmentId, string Seed, int PoolSize, string PoolSha256,
    IReadOnlyList<long> Picks, IReadOnlyList<string> Selected, string? Failure = null);

/// <summary>A team member replaced: one pick among the eligible inspectors not on the team, with the reason.</summary>
public sealed record ReplacementEntry(string Uscc, string DepartmentId, string Replaced, string Seed, int PoolSize, string PoolSha256, long Pick,
    string Selected, string Reason);
