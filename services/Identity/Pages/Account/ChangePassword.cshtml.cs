using Microsoft.AspNetCore.Mvc;
using Shuangsuiji.Identity.Accounts;
using Shuangsuiji.Identity.SignIn;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Identity.Pages.Account;

/// <summary>The new password a person sets at the first sign-in (after the one-time password) or after a reset.</summary>
public sealed class ChangePasswordModel(SignInFlow flow) : SignInPage(flow)
{
    [BindProperty]
    public string NewPassword { get; set; } = "";

    [BindProperty]
    public string Confirm { get; set; } = "";

    public async Task<IActionResult> OnGetAsync() =>
        await Flow.PartialAsync(HttpContext) is { Step: SignInNext.ChangePassword } ? Page() : RedirectToPage("/Account/Login", new { ReturnUrl });

    public async Task<IActionResult> OnPostAsync()
    {
        if (await Flow.PartialAsync(HttpContext) is not { Step: SignInNext.ChangePassword } partial) return RedirectToPage("/Account/Login", new { ReturnUrl });
        if (NewPassword != Confirm)
        {
            Error = "两次输入的新密码不一致";
            return Page();
        }
        if (PasswordPolicy.ProblemZh(NewPassword, partial.Account.Username) is { } problem)
        {
            Error = problem;
            return Page();
        }
        try
        {
            return Next(await Flow.ChangePasswordAsync(HttpContext, partial.Account, NewPassword));
        }
        catch (InvalidFieldException)
        {
            Error = "新密码不能与当前密码相同";
            return Page();
        }
    }
}
