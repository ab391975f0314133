using Marten;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Disclosure.Plans;

public sealed record PublicPlanVersion(int Version, IReadOnlyList<PublicPlannedTask> Tasks, string? AdjustmentReason, DateTimeOffset PublishedAt);

/// <summary>A department's annual plan as published (stream "plan:{id}"): every version, oldest first, the last in force.</summary>
public sealed record PublicPlan(string Id, string PlanId, string DepartmentId, int Year, IReadOnlyList<PublicPlanVersion> Versions) : IAggregate<PublicPlan>
{
    public long Version { get; set; }

    public static string StreamId(string planId) => $"plan:{planId}";

    public static PublicPlan When(PublicPlan? state, object @event) => (state, @event) switch
    {
        (null, PlanVersionPublished e) => new PublicPlan(StreamId(e.PlanId), e.PlanId, e.DepartmentId, e.Year, [VersionOf(e)]),
        // Versions may arrive in any order; each is kept once.
        ({ } s, PlanVersionPublished e) => s.Versions.Any(v => v.Version == e.Version) ? s
            : s with { Versions = [.. s.Versions.Append(VersionOf(e)).OrderBy(v => v.Version)] },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to plan {state?.Id ?? "(new)"}"),
    };

    private static PublicPlanVersion VersionOf(PlanVersionPublished e) => new(e.Version, e.Tasks, e.AdjustmentReason, e.At);
}

public sealed class PlanVersionPublishedConsumer(IDocumentStore store, TimeProvider clock) : PublicFactConsumer<PlanVersionPublished, PublicPlan>(store, clock)
{
    protected override string StreamOf(PlanVersionPublished fact) => PublicPlan.StreamId(fact.PlanId);
}
