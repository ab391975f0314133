using Marten;

namespace Shuangsuiji.Directories.Departments;

/// <summary>The <see cref="DepartmentTree"/> from the departments' snapshots in the store.</summary>
public static class DepartmentTrees
{
    public static async Task<DepartmentTree> LoadAsync(IQuerySession session, CancellationToken ct) =>
        new((await session.Query<Department>().ToListAsync(ct)).ToDictionary(d => d.Id));
}
