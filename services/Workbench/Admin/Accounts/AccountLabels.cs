using Shuangsuiji.Api.Identity.V1;

namespace Shuangsuiji.Workbench.Admin.Accounts;

public static class AccountLabels
{
    public static string Page(string username) => $"/admin/accounts/{Uri.EscapeDataString(username)}";

    public static string Status(Account a) => a.Status == AccountStatus.Disabled ? "已停用" : a.PasswordChangeRequired ? "待首次登录" : "正常";

    /// <summary>The roles a posted form checked (checkboxes named "roles"); none on a page merely shown.</summary>
    public static IReadOnlySet<string> PostedRoles(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType ? http.Request.Form["roles"].OfType<string>().ToHashSet() : new HashSet<string>();
}
