using Grpc.Core;
using Microsoft.Extensions.Caching.Memory;
using Shuangsuiji.Api.Directories.V1;

namespace Shuangsuiji.Workbench.Results;

/// <summary>Inspectors' names by id from the inspector directory, kept a few minutes; the id alone when it does not answer.</summary>
public sealed class InspectorNames(IServiceProvider services, IMemoryCache cache)
{
    public async Task<string> LabelAsync(string departmentId, string inspectorId, CancellationToken ct)
    {
        var name = await cache.GetOrCreateAsync($"inspector:{departmentId}:{inspectorId}", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10);
            try
            {
                return (await services.GetRequiredService<Inspectors.InspectorsClient>()
                    .GetInspectorAsync(new GetInspectorRequest { DepartmentId = departmentId, InspectorId = inspectorId }, cancellationToken: ct)).Name;
            }
            catch (RpcException)
            {
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30);
                return null;
            }
        });
        return name is { Length: > 0 } ? $"{name}（{inspectorId}）" : inspectorId;
    }
}
