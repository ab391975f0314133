using Shuangsuiji.Contracts.Catalog;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Disclosure.ItemLists;

/// <summary>One published revision of a list entry; Content is set when the revision brings new content.</summary>
public sealed record PublicRevision(long Version, string Change, ItemContentInfo? Content, string? Reason, DateOnly? EffectiveOn, DateTimeOffset PublishedAt);

/// <summary>
/// An entry of a department's public item list (id "department:code"): its own item with every revision, or
/// a claim whose content is its source's. Revisions are kept in version order whatever order they arrive in. The
/// snapshot of the entry's stream in disclosure's log (stream = the item's id).
/// </summary>
public sealed record PublicListItem(
    string Id, string DepartmentId, string Code, string Origin, string? SourceItemId, string? LocalKind, bool Withdrawn,
    IReadOnlyList<PublicRevision> Revisions) : IAggregate<PublicListItem>
{
    public const string Own = "own";
    public const string Claimed = "claimed";

    public long Version { get; set; }

    public static PublicListItem When(PublicListItem? state, object @event) => (state, @event) switch
    {
        (_, InspectionItemChanged m) => Revise(state ?? new PublicListItem(m.ItemId, m.DepartmentId, m.Code, Own, null, null, false, []), m),
        (_, ItemClaimChanged m) => Claim(state ?? new PublicListItem(m.ItemId, m.DepartmentId, m.Code, Claimed, m.SourceItemId, m.LocalKind, m.Withdrawn, []), m),
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to item {state?.Id ?? "(new)"}"),
    };

    private static PublicListItem Revise(PublicListItem entry, InspectionItemChanged m) =>
        entry.Has(m.Version) ? entry : entry.With(new PublicRevision(m.Version, m.Change, m.Content, m.Reason, m.EffectiveOn, m.At));

    /// <summary>The claim's current terms come from its newest message; an older one only fills in the history.</summary>
    private static PublicListItem Claim(PublicListItem entry, ItemClaimChanged m)
    {
        if (entry.Has(m.Version)) return entry;
        var current = m.Version > entry.LatestVersion() ? entry with { SourceItemId = m.SourceItemId, LocalKind = m.LocalKind, Withdrawn = m.Withdrawn } : entry;
        return current.With(new PublicRevision(m.Version, m.Change, null, m.Reason, null, m.At));
    }

    public long LatestVersion() => Revisions.Count == 0 ? 0 : Revisions[^1].Version;

    public bool Has(long version) => Revisions.Any(r => r.Version == version);

    public PublicListItem With(PublicRevision revision) =>
        this with { Revisions = [.. Revisions.Append(revision).OrderBy(r => r.Version)] };

    public PublicRevision? RevisionOn(DateOnly day) =>
        Revisions.LastOrDefault(r => r.Content is not null && r.EffectiveOn <= day)
        ?? Revisions.FirstOrDefault(r => r.Content is not null);

    public DateOnly? RetiredOn() => Revisions.FirstOrDefault(r => r.Change == "retired")?.EffectiveOn;

    public string StatusOn(DateOnly day) =>
        Withdrawn ? "withdrawn"
        : RetiredOn() <= day ? "retired"
        : Origin == Own && RevisionOn(day)?.EffectiveOn > day ? "pending"
        : "in-force";
}
