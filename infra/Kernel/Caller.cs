namespace Shuangsuiji.Kernel;

/// <summary>The authenticated person or system behind a command: every event records one.</summary>
public sealed record Caller(string UserId, string DepartmentId, string Role)
{
    public bool IsSupervisor() => Role == Roles.Supervisor;

    public bool ActsFor(string departmentId) => DepartmentId == departmentId;
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
