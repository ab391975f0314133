using System.Security.Claims;

namespace Shuangsuiji.ServiceDefaults.Auth;

/// <summary>The authenticated person or system behind a command: every event records one.</summary>
public sealed record Caller(string UserId, string DepartmentId, string Role)
{
    public bool IsSupervisor() => Role == Roles.Supervisor;

    public bool ActsFor(string departmentId) => DepartmentId == departmentId;

    /// <summary>Null when the principal lacks any of the three claims the platform's tokens carry.</summary>
    public static Caller? From(ClaimsPrincipal principal)
    {
        var user = principal.FindFirstValue(ClaimNames.Subject);
        var department = principal.FindFirstValue(ClaimNames.Department);
        var role = principal.FindFirstValue(ClaimNames.Role);
        return string.IsNullOrEmpty(user) || string.IsNullOrEmpty(department) || string.IsNullOrEmpty(role)
            ? null
            : new Caller(user, department, role);
    }
}

public static class ClaimNames
{
    public const string Subject = "sub";
    public const string Department = "dept";
    public const string Role = "role";
}

public static class Roles
{
    /// <summary>Department staff: keep their own department's lists and records.</summary>
    public const string Staff = "staff";
    /// <summary>Approves their own department's results.</summary>
    public const string Reviewer = "reviewer";
    /// <summary>The city office (市双随机办): reads everything, maintains the member departments.</summary>
    public const string Supervisor = "supervisor";
    /// <summary>Another government system integrating through the gateway on behalf of a department.</summary>
    public const string System = "system";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Staff, Reviewer, Supervisor, System };
}
