using Marten;
using MassTransit;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.ServiceDefaults.Messaging;
using Shuangsuiji.Supervision.Activity;

namespace Shuangsuiji.Supervision.KeySupervision;

/// <summary>
/// The latest sharp rise of an entity's credit risk class (风险预警) as the directories warned of it (document id: the
/// USCC), with the departments responsible for it and its division: who must look at it first (重点监管).
/// </summary>
public sealed record RiskRise(string Id, string Name, string Division, IReadOnlyList<string> DepartmentIds, string? FromClass, string ToClass,
    DateOnly EffectiveOn, DateTimeOffset WarnedAt)
{
    public static RiskRise From(RiskWarningInfo w, DateTimeOffset at) =>
        new(w.Uscc, w.Name ?? "", w.Division ?? "", w.DepartmentIds ?? [], w.FromClass, w.ToClass, w.EffectiveOn, at);

    /// <summary>A later rise (or the same one warned again, e.g. with its departments now known) replaces an earlier one.</summary>
    public bool Supersedes(RiskRise other) => (EffectiveOn, WarnedAt).CompareTo((other.EffectiveOn, other.WarnedAt)) >= 0;

    /// <summary>
    /// Inspected since the rise: a result for the entity was entered (submitted) on or after the day the class rose.
    /// </summary>
    public bool InspectedBy(IEnumerable<KeptResult> results) =>
        results.Any(r => r.State.Uscc == Id && r.State.SubmittedOn is { } entered && entered >= EffectiveOn);
}

/// <summary>
/// Keeps each warned entity's latest rise. Warnings come in batches of a whole import; redelivered or reordered, an older
/// rise never replaces a newer one, and racing consumers end in a concurrency error for the loser, which is retried.
/// </summary>
public sealed class RiskWarningsConsumer(IDocumentStore store, TimeProvider clock) : IdempotentConsumer<RiskWarningsRaised>(store, clock)
{
    protected override async Task Handle(RiskWarningsRaised message, IDocumentSession session, ConsumeContext<RiskWarningsRaised> context)
    {
        var rises = message.Warnings.Select(w => RiskRise.From(w, message.At)).GroupBy(r => r.Id)
            .Select(g => g.Aggregate((a, b) => b.Supersedes(a) ? b : a)).ToList();
        var known = (await session.LoadManyAsync<RiskRise>(context.CancellationToken, rises.Select(r => r.Id))).ToDictionary(r => r.Id);
        foreach (var rise in rises)
        {
            if (!known.TryGetValue(rise.Id, out var current)) session.Insert(rise);
            else if (rise.Supersedes(current)) session.Store(rise);
        }
    }
}
