using Shuangsuiji.Kernel;

namespace Shuangsuiji.Tasks.Plans;

/// <summary>
/// Which entities a planned task may draw from: division code prefixes, and optionally GB/T 4754 industries,
/// entity types, tags and sub-libraries (an empty list does not restrict).
/// </summary>
public sealed record PlanScope(
    IReadOnlyList<string> Divisions, IReadOnlyList<string> Industries, IReadOnlyList<string> EntityTypes,
    IReadOnlyList<string> Tags, IReadOnlyList<string> SubLibraries);

/// <summary>How many of a credit risk class to draw: a percentage or a count.</summary>
public sealed record RiskQuota(string RiskClass, decimal? Percent, int? Count);

/// <summary>
/// A planned task: items, scope, quotas by risk class, period, and whether it is joint and with whom; a joint task may be
/// taken from a joint item of the joint-inspection item list (联合抽查事项清单).
/// </summary>
public sealed record PlannedTask(
    string Code, string Name, IReadOnlyList<string> Items, PlanScope Scope, IReadOnlyList<RiskQuota> Quotas,
    DateOnly From, DateOnly To, bool Joint, string LeadDepartmentId, IReadOnlyList<string> ParticipantIds, JointItemRef? JointItem = null);

/// <summary>
/// The joint item a planned task was taken from: asked by its code; once the plan is accepted, the region whose list holds it,
/// its name and that list's version, so the plan says which version it followed when the list is amended later.
/// </summary>
public sealed record JointItemRef(string Code, string? Region = null, string? Name = null, long? ListVersion = null);

/// <summary>A batch (批次) of the plan.</summary>
public sealed record PlanBatch(int Number, string Name, IReadOnlyList<PlannedTask> Tasks);

public enum PlanStatus { Draft, Approved, Published, Adjusting }

public sealed record PlanDrafted(string PlanId, string DepartmentId, int Year, IReadOnlyList<PlanBatch> Batches, Caller By, DateTimeOffset At);

public sealed record PlanRevised(string PlanId, IReadOnlyList<PlanBatch> Batches, Caller By, DateTimeOffset At);

public sealed record PlanApproved(string PlanId, Caller By, DateTimeOffset At);

/// <summary>Publishes the approved content as a new version; the reason is the adjustment's (none for the first version).</summary>
public sealed record PlanPublished(string PlanId, int Version, IReadOnlyList<PlanBatch> Batches, string? Reason, Caller By, DateTimeOffset At);

public sealed record PlanAdjustmentStarted(string PlanId, string Reason, Caller By, DateTimeOffset At);

/// <summary>备案: the published version was filed with the level above (its recipients: the parent department and the office over it).</summary>
public sealed record PlanFiled(string PlanId, int Version, IReadOnlyList<string> Recipients, Caller By, DateTimeOffset At);

/// <summary>A recipient of the filed version acknowledged it.</summary>
public sealed record PlanFilingAcknowledged(string PlanId, int Version, string RecipientId, Caller By, DateTimeOffset At);

/// <summary>A department the version was filed with, and its acknowledgement once given.</summary>
public sealed record FilingRecipient(string DepartmentId, Caller? AcknowledgedBy, DateTimeOffset? AcknowledgedAt);

/// <summary>A published version of the plan, kept forever (plans and their adjustments are public), and with whom it was filed.</summary>
public sealed record PlanVersion(int Version, IReadOnlyList<PlanBatch> Batches, string? Reason, Caller ApprovedBy, Caller PublishedBy, DateTimeOffset PublishedAt)
{
    /// <summary>Empty for a version filed with no one (a province department's; one published before filing was kept).</summary>
    public IReadOnlyList<FilingRecipient> FiledWith { get; init; } = [];
}

/// <summary>
/// A department's annual plan (年度随机抽查计划; plan id "department:year", stream "plan:{id}"): a working copy in
/// Draft, Approved or Adjusting, and every published version.
/// </summary>
public sealed record AnnualPlan(
    string Id, string PlanId, string DepartmentId, int Year, PlanStatus Status, IReadOnlyList<PlanBatch> Batches,
    string? AdjustmentReason, Caller? ApprovedBy, IReadOnlyList<PlanVersion> Versions) : IAggregate<AnnualPlan>
{
    public long Version { get; set; }

    public static string IdOf(string departmentId, int year) => $"{departmentId}:{year}";

    public static string StreamId(string planId) => $"plan:{planId}";

    public PlanVersion? Published => Versions.Count == 0 ? null : Versions[^1];

    public static AnnualPlan When(AnnualPlan? state, object @event) => (state, @event) switch
    {
        (null, PlanDrafted e) => new AnnualPlan(StreamId(e.PlanId), e.PlanId, e.DepartmentId, e.Year, PlanStatus.Draft, e.Batches, null, null, []),
        ({ } s, PlanRevised e) => s with { Batches = e.Batches },
        ({ } s, PlanApproved e) => s with { Status = PlanStatus.Approved, ApprovedBy = e.By },
        ({ } s, PlanPublished e) => s with
        {
            Status = PlanStatus.Published,
            AdjustmentReason = null,
            ApprovedBy = null,
            Versions = [.. s.Versions, new PlanVersion(e.Version, e.Batches, e.Reason, s.ApprovedBy!, e.By, e.At)],
        },
        ({ } s, PlanAdjustmentStarted e) => s with { Status = PlanStatus.Adjusting, AdjustmentReason = e.Reason },
        ({ } s, PlanFiled e) => s.WithVersion(e.Version, v => v with { FiledWith = [.. e.Recipients.Select(r => new FilingRecipient(r, null, null))] }),
        ({ } s, PlanFilingAcknowledged e) => s.WithVersion(e.Version, v => v with
        {
            FiledWith = [.. v.FiledWith.Select(r => r.DepartmentId == e.RecipientId ? r with { AcknowledgedBy = e.By, AcknowledgedAt = e.At } : r)],
        }),
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to plan {state?.Id ?? "(new)"}"),
    };

    private AnnualPlan WithVersion(int version, Func<PlanVersion, PlanVersion> change) =>
        this with { Versions = [.. Versions.Select(v => v.Version == version ? change(v) : v)] };
}
