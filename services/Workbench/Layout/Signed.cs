using System.Security.Claims;
using Shuangsuiji.Kernel;
using Shuangsuiji.ServiceDefaults.Auth;

namespace Shuangsuiji.Workbench.Layout;

/// <summary>The signed-in person as the identity service named them: their account, department, the role they act in, their name.</summary>
public sealed record Signed(Caller Caller, string Name)
{
    public static Signed Of(ClaimsPrincipal user) =>
        new(ClaimNames.CallerOf(user) ?? throw new InvalidOperationException("the session has no department or role"),
            user.FindFirstValue("name") ?? user.FindFirstValue(ClaimNames.Subject) ?? "");
}
