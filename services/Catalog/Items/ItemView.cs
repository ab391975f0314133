namespace Shuangsuiji.Catalog.Items;

/// <summary>
/// An item as its department sees it. A claimed item takes its content and life from its source chain
/// (county ← city ← province), with the claiming department's local kind on top.
/// </summary>
public sealed record ItemView(InspectionItem Item, IReadOnlyList<InspectionItem> Sources)
{
    private IEnumerable<InspectionItem> Chain => Sources.Prepend(Item);

    public InspectionItem Root => Sources.Count == 0 ? Item : Sources[^1];

    public ItemContent? ContentOn(DateOnly day)
    {
        var content = Root.RevisionOn(day)?.Content;
        var localKind = Chain.Select(i => i.LocalKind).FirstOrDefault(k => k is not null);
        return content is null || localKind is null ? content : content with { Kind = localKind.Value };
    }

    public ItemStatus StatusOn(DateOnly day) =>
        Chain.Select(i => i.StatusOn(day)).FirstOrDefault(s => s is ItemStatus.Withdrawn or ItemStatus.Retired, Root.StatusOn(day));

    public DateOnly? EffectiveOn(DateOnly day) => Root.RevisionOn(day)?.EffectiveOn;

    public DateOnly? RetiredOn => Chain.Select(i => i.RetiredOn).Where(d => d is not null).Min();

    public bool Closed() => Chain.Any(i => i.Closed());
}
