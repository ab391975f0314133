using Grpc.Core;
using Microsoft.Extensions.Caching.Memory;
using Shuangsuiji.Api.Directories.V1;

namespace Shuangsuiji.Workbench.Platform;

/// <summary>
/// Market entities' names by USCC, read from the directories and kept a few minutes. A page asks for all its codes at
/// once: those not kept yet come in one call, however many entities a task has.
/// </summary>
public sealed class EntityNames(IServiceProvider services, IMemoryCache cache)
{
    /// <summary>The names known for these codes; a code the directories do not know (or cannot tell now) is left out.</summary>
    public async Task<IReadOnlyDictionary<string, string>> OfAsync(IEnumerable<string> usccs, CancellationToken ct)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var uscc in usccs.Distinct(StringComparer.Ordinal))
            if (cache.TryGetValue(Key(uscc), out string? name)) names[uscc] = name!;
            else missing.Add(uscc);
        if (missing.Count == 0) return names;
        try
        {
            var answer = await services.GetRequiredService<MarketEntities.MarketEntitiesClient>()
                .GetEntityNamesAsync(new GetEntityNamesRequest { Usccs = { missing } }, cancellationToken: ct);
            foreach (var (uscc, name) in answer.Names)
                names[uscc] = cache.Set(Key(uscc), name, TimeSpan.FromMinutes(10));
        }
        catch (RpcException)
        {
            // the page still serves its codes without the directories
        }
        return names;
    }

    public async Task<string?> OfAsync(string uscc, CancellationToken ct) => (await OfAsync([uscc], ct)).GetValueOrDefault(uscc);

    private static string Key(string uscc) => $"entity-name:{uscc}";
}
