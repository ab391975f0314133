using Marten;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Tasks.Departments;

/// <summary>The <see cref="DepartmentTree"/> from the departments this service keeps (ServiceDefaults' DepartmentChangedConsumer).</summary>
public static class DepartmentTrees
{
    public static async Task<DepartmentTree> LoadAsync(IQuerySession query, CancellationToken ct) =>
        new(await query.Query<KnownDepartment>().ToListAsync(ct));
}
