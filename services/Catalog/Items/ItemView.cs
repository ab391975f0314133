using Marten;

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

    public static async Task<ItemView?> LoadAsync(IQuerySession session, string itemId, CancellationToken ct)
    {
        var item = await session.LoadAsync<InspectionItem>(itemId, ct);
        return item is null ? null : await ResolveAsync(session, item, ct);
    }

    public static async Task<ItemView> ResolveAsync(IQuerySession session, InspectionItem item, CancellationToken ct)
    {
        var sources = new List<InspectionItem>();
        // Province, city, county: a chain is at most two claims long; the bound guards against a corrupt cycle.
        for (var next = item.SourceItemId; next is not null && sources.Count < 4;)
        {
            var source = await session.LoadAsync<InspectionItem>(next, ct)
                ?? throw new InvalidOperationException($"item {item.Id} claims {next}, which does not exist");
            sources.Add(source);
            next = source.SourceItemId;
        }
        return new ItemView(item, sources);
    }
}
