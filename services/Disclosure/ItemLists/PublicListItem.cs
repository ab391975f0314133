using Shuangsuiji.Contracts.Catalog;

namespace Shuangsuiji.Disclosure.ItemLists;

/// <summary>One published revision of a list entry; Content is set when the revision brings new content.</summary>
public sealed record PublicRevision(long Version, string Change, ItemContentInfo? Content, string? Reason, DateOnly? EffectiveOn, DateTimeOffset PublishedAt);

/// <summary>
/// An entry of a department's public item list (id "department:code"): its own item with every revision, or
/// a claim whose content is its source's. Revisions are kept in version order whatever order they arrive in.
/// </summary>
public sealed record PublicListItem(
    string Id, string DepartmentId, string Code, string Origin, string? SourceItemId, string? LocalKind, bool Withdrawn,
    IReadOnlyList<PublicRevision> Revisions)
{
    public const string Own = "own";
    public const string Claimed = "claimed";

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
