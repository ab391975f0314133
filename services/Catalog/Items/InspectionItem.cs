using Shuangsuiji.Kernel;

namespace Shuangsuiji.Catalog.Items;

/// <summary>一般检查事项 / 重点检查事项.</summary>
public enum ItemKind { General, Key }

public enum ItemOrigin { Own, Claimed }

public enum ItemStatus { Pending, InForce, Retired, Withdrawn }

/// <summary>What an item says: its legal basis, content and method, and which entities it applies to.</summary>
public sealed record ItemContent(
    string Name, ItemKind Kind, string LegalBasis, string? InternalUnit, string Content, string Method,
    IReadOnlyList<string> EntityTypes, IReadOnlyList<string> Industries, string? InternetPlusCode);

public sealed record ItemCreated(string ItemId, string DepartmentId, string Code, ItemContent Content, DateOnly EffectiveOn, Caller By, DateTimeOffset At);

/// <summary>Dynamic adjustment (动态调整) after a change of law: new content from a date, with the reason.</summary>
public sealed record ItemAmended(string ItemId, ItemContent Content, string Reason, DateOnly EffectiveOn, Caller By, DateTimeOffset At);

public sealed record ItemRetired(string ItemId, string Reason, DateOnly EffectiveOn, Caller By, DateTimeOffset At);

/// <summary>认领: a lower-level department adopts an item of its upper-level department's list.</summary>
public sealed record ItemClaimed(string ItemId, string DepartmentId, string Code, string SourceItemId, ItemKind? LocalKind, Caller By, DateTimeOffset At);

public sealed record ClaimWithdrawn(string ItemId, string Reason, Caller By, DateTimeOffset At);

/// <summary>One entry of an item's history. Content is set when the revision brings new content.</summary>
public sealed record ItemRevision(
    long Version, string Change, ItemContent? Content, string? Reason, DateOnly? EffectiveOn, DateTimeOffset At, string ByDepartment);

/// <summary>
/// An item on one department's list (item id "department:code"): its own, or claimed from the upper level,
/// in which case the content is the source's.
/// </summary>
public sealed record InspectionItem(
    string Id, string DepartmentId, string Code, ItemOrigin Origin, string? SourceItemId, ItemKind? LocalKind,
    IReadOnlyList<ItemRevision> Revisions, DateOnly? RetiredOn, bool Withdrawn)
    : IAggregate<InspectionItem>
{
    public long Version { get; set; }

    public static string IdOf(string departmentId, string code) => $"{departmentId}:{code}";

    public static InspectionItem When(InspectionItem? state, object @event)
    {
        var version = (state?.Version ?? 0) + 1;
        return (state, @event) switch
        {
            (null, ItemCreated e) => new InspectionItem(e.ItemId, e.DepartmentId, e.Code, ItemOrigin.Own, null, null,
                [new ItemRevision(version, "created", e.Content, null, e.EffectiveOn, e.At, e.By.DepartmentId)], null, false),
            ({ } s, ItemAmended e) => s with
            {
                Revisions = [.. s.Revisions, new ItemRevision(version, "amended", e.Content, e.Reason, e.EffectiveOn, e.At, e.By.DepartmentId)],
            },
            ({ } s, ItemRetired e) => s with
            {
                RetiredOn = e.EffectiveOn,
                Revisions = [.. s.Revisions, new ItemRevision(version, "retired", null, e.Reason, e.EffectiveOn, e.At, e.By.DepartmentId)],
            },
            (var s, ItemClaimed e) => new InspectionItem(e.ItemId, e.DepartmentId, e.Code, ItemOrigin.Claimed, e.SourceItemId, e.LocalKind,
                [.. s?.Revisions ?? [], new ItemRevision(version, "claimed", null, null, null, e.At, e.By.DepartmentId)], null, false),
            ({ } s, ClaimWithdrawn e) => s with
            {
                Withdrawn = true,
                Revisions = [.. s.Revisions, new ItemRevision(version, "claim-withdrawn", null, e.Reason, null, e.At, e.By.DepartmentId)],
            },
            _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to item {state?.Id ?? "(new)"}"),
        };
    }

    /// <summary>The date of the latest revision that carries one: amendments and retirement may not go back before it.</summary>
    public DateOnly LatestEffectiveOn() => Revisions.Where(r => r.EffectiveOn is not null).Max(r => r.EffectiveOn!.Value);

    /// <summary>The own revision in force on a day: the latest one in effect then, else the first (still pending).</summary>
    public ItemRevision? RevisionOn(DateOnly day) =>
        Revisions.LastOrDefault(r => r.Content is not null && r.EffectiveOn <= day)
        ?? Revisions.FirstOrDefault(r => r.Content is not null);

    /// <summary>Own status on a day; a claim's status also depends on its source (see <see cref="ItemView"/>).</summary>
    public ItemStatus StatusOn(DateOnly day) =>
        Withdrawn ? ItemStatus.Withdrawn
        : RetiredOn <= day ? ItemStatus.Retired
        : Origin == ItemOrigin.Own && Revisions[0].EffectiveOn > day ? ItemStatus.Pending
        : ItemStatus.InForce;

    public bool Closed() => Withdrawn || RetiredOn is not null;
}
