using Shuangsuiji.Kernel;

namespace Shuangsuiji.Workbench.Admin;

/// <summary>
/// Whose accounts and clients a person keeps, as the identity service allows: a department's administrator its own
/// department's; an office's supervisor or administrator those of its region's departments (chosen on the page).
/// </summary>
public static class AdminScope
{
    public static bool Keeps(Caller caller) => caller.Role is Roles.Admin or Roles.Supervisor;

    /// <summary>The department the page shows: the one asked for (the identity service refuses one the person does not keep), else their own.</summary>
    public static string Department(Caller caller, string? asked) => asked is { Length: > 0 } ? asked : caller.DepartmentId;

    public static string Query(string departmentId) => $"?department={Uri.EscapeDataString(departmentId)}";

    /// <summary>The roles an account may be given: supervisor only in an office (the identity service checks it again).</summary>
    public static readonly (string Role, string Label)[] AssignableRoles =
    [
        (Roles.Staff, "科员"), (Roles.Reviewer, "审核人"), (Roles.Admin, "管理员"), (Roles.Supervisor, "双随机办"),
    ];
}
