using Marten;
using Shuangsuiji.Directories.Departments;
using Shuangsuiji.ServiceDefaults.EventStore;

namespace Shuangsuiji.Directories;

public static class DirectoriesStore
{
    public static void Configure(StoreOptions options) =>
        options.AddAggregate<Department>(
            (typeof(DepartmentCreated), "department_created"),
            (typeof(DepartmentRenamed), "department_renamed"),
            (typeof(InternalUnitAdded), "internal_unit_added"),
            (typeof(InternalUnitRemoved), "internal_unit_removed"),
            (typeof(DepartmentRetired), "department_retired"));
}
