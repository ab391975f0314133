using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuangsuiji.Identity.Accounts;
using Shuangsuiji.Identity.SignIn;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Identity.Pages.Account;

/// <summary>What the sign-in pages share: the address to go back to (only this service's own), and where a step leads.</summary>
public abstract class SignInPage(SignInFlow flow) : PageModel
{
    protected SignInFlow Flow { get; } = flow;

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; protected set; }

    /// <summary>Back to where the sign-in began (a console's authorization request), never to another site.</summary>
    protected string Back => ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) ? url : "/account/signed-in";

    protected IActionResult Next(SignInStep step) => step.Next switch
    {
        SignInNext.SignedIn => LocalRedirect(Back),
        SignInNext.ChangePassword => RedirectToPage("/Account/ChangePassword", new { ReturnUrl }),
        SignInNext.SecondFactor => RedirectToPage("/Account/SecondFactor", new { ReturnUrl }),
        SignInNext.EnrollSecondFactor => RedirectToPage("/Account/Enroll", new { ReturnUrl }),
        _ => Failed(step),
    };

    private PageResult Failed(SignInStep step)
    {
        Error = step.Failure switch
        {
            SignInFailure.Locked => $"连续登录失败次数过多，账户已锁定，请于 {ChinaDate.Of(step.LockedUntil!.Value).ToString("yyyy-MM-dd")} {step.LockedUntil!.Value.ToOffset(TimeSpan.FromHours(8)):HH:mm} 后再试",
            SignInFailure.Disabled => "账户已停用，请联系本单位管理员",
            SignInFailure.WrongCode => "验证码不正确或已使用，请重新输入",
            SignInFailure.ClonedKey => "该安全密钥的签名计数异常（可能已被复制），已拒绝登录并停用该密钥，请改用动态验证码或联系本单位管理员",
            _ => "用户名或密码不正确",
        };
        return Page();
    }
}
