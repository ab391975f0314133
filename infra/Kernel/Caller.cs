namespace Shuangsuiji.Kernel;

/// <summary>The authenticated person or system behind a command: every event records one.</summary>
public sealed record Caller(string UserId, string DepartmentId, string Role)
{
    /// <summary>
    /// The division code of the caller's department (130302 for a county's), as its token says; empty when the token says
    /// none. An office's supervisor oversees the departments within it.
    /// </summary>
    public string Region { get; init; } = "";

    public bool IsSupervisor() => Role == Roles.Supervisor;

    public bool ActsFor(string departmentId) => DepartmentId == departmentId;
}

public static class Roles
{
    /// <summary>Department staff: keep their own department's lists and records.</summary>
    public const string Staff = "staff";
    /// <summary>Approves their own department's results.</summary>
    public const string Reviewer = "reviewer";
    /// <summary>An office (市双随机办, 县区双随机办): reads its region, maintains the member departments.</summary>
    public const string Supervisor = "supervisor";
    /// <summary>Another government system integrating through the gateway on behalf of a department.</summary>
    public const string System = "system";
    /// <summary>A department's administrator (管理员): keeps its accounts and system clients, does none of its work.</summary>
    public const string Admin = "admin";
}
