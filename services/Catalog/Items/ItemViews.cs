using Marten;

namespace Shuangsuiji.Catalog.Items;

/// <summary>An <see cref="ItemView"/> read from the store: the item and the items up its source chain.</summary>
public static class ItemViews
{
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
