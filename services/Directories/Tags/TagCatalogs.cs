using Marten;

namespace Shuangsuiji.Directories.Tags;

/// <summary>The <see cref="TagCatalog"/> from the tag categories' snapshots in the store.</summary>
public static class TagCatalogs
{
    public static async Task<TagCatalog> LoadAsync(IQuerySession session, CancellationToken ct) =>
        new(await session.Query<TagCategory>().ToListAsync(ct));
}
