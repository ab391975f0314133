using Grpc.Core;
using Microsoft.Extensions.Caching.Memory;
using Shuangsuiji.Api.Catalog.V1;

namespace Shuangsuiji.Workbench.Platform;

/// <summary>Inspection items' names by their id ("department:code"), read from the catalog and kept a few minutes.</summary>
public sealed class ItemNames(IServiceProvider services, IMemoryCache cache)
{
    /// <summary>The item's name with its code, or the code alone when the catalog does not answer for it.</summary>
    public async Task<string> LabelAsync(string itemId, CancellationToken ct)
    {
        var (department, code) = itemId.IndexOf(':') is var at and > 0 ? (itemId[..at], itemId[(at + 1)..]) : ("", itemId);
        var name = await cache.GetOrCreateAsync($"item:{itemId}", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10);
            try
            {
                var item = await services.GetRequiredService<Catalog.CatalogClient>()
                    .GetItemAsync(new GetItemRequest { DepartmentId = department, Code = code }, cancellationToken: ct);
                return item.Content?.Name;
            }
            catch (RpcException)
            {
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30);
                return null;
            }
        });
        return name is { Length: > 0 } ? $"{name}（{code}）" : code;
    }

    public async Task<IReadOnlyDictionary<string, string>> LabelsAsync(IEnumerable<string> itemIds, CancellationToken ct)
    {
        var labels = new Dictionary<string, string>();
        foreach (var id in itemIds.Distinct()) labels[id] = await LabelAsync(id, ct);
        return labels;
    }
}
