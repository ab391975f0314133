using Grpc.Core;
using Shuangsuiji.Api.Identity.V1;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Demo;

/// <summary>
/// The demo's people: accounts at the identity service for a city department, a district bureau and the office, made by
/// the office as their administrators would, each with a one-time password changed at the first sign-in. Run again, it
/// gives each account a new one-time password (its authenticator, once enrolled, is kept).
/// </summary>
public static class AccountsDemo
{
    public static readonly (string Username, string Name, string Department, string Role)[] People =
    [
        ("amr-wang", "王敏（市市场监管局科员）", "130300-AMR", Roles.Staff),
        ("amr-liu", "刘洋（市市场监管局审核人）", "130300-AMR", Roles.Reviewer),
        ("amr-admin", "赵磊（市市场监管局管理员）", "130300-AMR", "admin"),
        ("haigang-chen", "陈静（海港区市场监管局科员）", "130302-AMR", Roles.Staff),
        ("office-zhang", "张华（市双随机办）", DemoData.Office, Roles.Supervisor),
    ];

    public static async Task<List<(string Username, string Name, string Role, string Password)>> RunAsync(CallInvoker channel, Func<string, string, Metadata> As)
    {
        var accounts = new Accounts.AccountsClient(channel);
        var office = As(DemoData.Office, Roles.Supervisor);
        var made = new List<(string, string, string, string)>();
        foreach (var (username, name, department, role) in People)
        {
            var request = new CreateAccountRequest { Username = username, DisplayName = name, DepartmentId = department, Roles = { role } };
            // The identity service learns of the departments over the bus.
            var answer = await Patience.Retry(() => Create(accounts, request, office), "DEPARTMENT_NOT_KNOWN");
            made.Add((username, name, role, answer.OneTimePassword));
        }
        return made;
    }

    /// <summary>A new account, or a new one-time password for one made by an earlier run.</summary>
    public static async Task<AccountCreated> Create(Accounts.AccountsClient accounts, CreateAccountRequest request, Metadata office)
    {
        try
        {
            return await accounts.CreateAccountAsync(request, office);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            return await accounts.ResetPasswordAsync(new ResetPasswordRequest { Username = request.Username, Reason = "演示环境重新加载" }, office);
        }
    }
}
