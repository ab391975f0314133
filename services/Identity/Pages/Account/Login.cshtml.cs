using Microsoft.AspNetCore.Mvc;
using Shuangsuiji.Identity.SignIn;

namespace Shuangsuiji.Identity.Pages.Account;

public sealed class LoginModel(SignInFlow flow, UpstreamSignIn upstream) : SignInPage(flow)
{
    [BindProperty]
    public string Username { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    /// <summary>The upstream provider people may sign in with instead (单点登录), when one is configured.</summary>
    public string? UpstreamName => upstream.DisplayName;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Username) || string.IsNullOrEmpty(Password))
        {
            Error = "请输入用户名和密码";
            return Page();
        }
        return Next(await Flow.PasswordAsync(HttpContext, Username, Password));
    }
}
