using System.Security.Claims;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.ServiceDefaults.Auth;

/// <summary>The claims the platform's tokens carry: user (sub), department (dept), role, and the department's region.</summary>
public static class ClaimNames
{
    public const string Subject = "sub";
    public const string Department = "dept";
    public const string Role = "role";
    /// <summary>The division code of the department (130302); absent when the identity service does not know the department.</summary>
    public const string Region = "region";

    /// <summary>The caller a principal stands for; null when it lacks any of the three claims.</summary>
    public static Caller? CallerOf(ClaimsPrincipal principal)
    {
        var user = principal.FindFirstValue(Subject);
        var department = principal.FindFirstValue(Department);
        var role = principal.FindFirstValue(Role);
        return string.IsNullOrEmpty(user) || string.IsNullOrEmpty(department) || string.IsNullOrEmpty(role)
            ? null
            : new Caller(user, department, role) { Region = principal.FindFirstValue(Region) ?? "" };
    }
}
