using Microsoft.Extensions.Caching.Memory;
using Shuangsuiji.Api.Directories.V1;

namespace Shuangsuiji.Workbench.Platform;

/// <summary>The departments' names by code, read from the directories (through the gateway) and kept a few minutes.</summary>
public sealed class DepartmentNames(IServiceProvider services, IMemoryCache cache)
{
    public async Task<IReadOnlyDictionary<string, string>> AllAsync(CancellationToken ct) =>
        (await DepartmentsAsync(ct)).ToDictionary(d => d.DepartmentId, d => d.Name);

    /// <summary>The member departments that can take part in a task now: not an office, not retired or merged.</summary>
    public async Task<IReadOnlyDictionary<string, string>> PartnersAsync(CancellationToken ct) =>
        (await DepartmentsAsync(ct)).Where(d => d is { Retired: false } && d.Kind != DepartmentKind.Office).ToDictionary(d => d.DepartmentId, d => d.Name);

    private async Task<IReadOnlyList<Department>> DepartmentsAsync(CancellationToken ct) =>
        await cache.GetOrCreateAsync("departments", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
            var client = services.GetRequiredService<Departments.DepartmentsClient>();
            var answer = await client.ListDepartmentsAsync(new ListDepartmentsRequest { IncludeRetired = true }, cancellationToken: ct);
            return (IReadOnlyList<Department>)[.. answer.Departments];
        }) ?? [];

    /// <summary>The department's name, or its code when the directories do not know it.</summary>
    public async Task<string> NameAsync(string departmentId, CancellationToken ct)
    {
        try
        {
            return (await AllAsync(ct)).GetValueOrDefault(departmentId, departmentId);
        }
        catch (Grpc.Core.RpcException)
        {
            return departmentId; // the page still serves without the directories
        }
    }
}
