using Marten;
using Shuangsuiji.Contracts.Catalog;

namespace Shuangsuiji.Disclosure.ItemLists;

/// <summary>
/// A public list entry with its source chain resolved: a claim shows its source's content and lives and dies
/// with it (county ← city ← province), with a local "key" mark on top.
/// </summary>
public sealed record ListedItem(PublicListItem Entry, IReadOnlyList<PublicListItem> Sources)
{
    // Province, city, county: at most two claims deep; the bound guards against a corrupt cycle.
    private const int MaxDepth = 4;

    private IEnumerable<PublicListItem> Chain => Sources.Prepend(Entry);

    public PublicListItem Root => Sources.Count == 0 ? Entry : Sources[^1];

    public PublicRevision? RevisionOn(DateOnly day) => Root.RevisionOn(day);

    public ItemContentInfo? ContentOn(DateOnly day) => RevisionOn(day)?.Content;

    public string? Kind(DateOnly day) => Chain.Select(i => i.LocalKind).FirstOrDefault(k => k is not null) ?? ContentOn(day)?.Kind;

    public string StatusOn(DateOnly day) =>
        Chain.Select(i => i.StatusOn(day)).FirstOrDefault(s => s is "withdrawn" or "retired", Root.StatusOn(day));

    public bool ListedOn(DateOnly day) => StatusOn(day) is "in-force" or "pending";

    public DateOnly? RetiredOn() => Chain.Select(i => i.RetiredOn()).Where(d => d is not null).Min();

    public static async Task<ListedItem> ResolveAsync(IQuerySession query, PublicListItem entry, CancellationToken ct)
    {
        var sources = new List<PublicListItem>();
        for (var next = entry.SourceItemId; next is not null && sources.Count < MaxDepth;)
        {
            if (await query.LoadAsync<PublicListItem>(next, ct) is not { } source) break; // its message has not arrived yet
            sources.Add(source);
            next = source.SourceItemId;
        }
        return new ListedItem(entry, sources);
    }

    public static ListedItem Resolve(PublicListItem entry, IReadOnlyDictionary<string, PublicListItem> all)
    {
        var sources = new List<PublicListItem>();
        for (var next = entry.SourceItemId; next is not null && sources.Count < MaxDepth && all.TryGetValue(next, out var source);)
        {
            sources.Add(source);
            next = source.SourceItemId;
        }
        return new ListedItem(entry, sources);
    }
}
