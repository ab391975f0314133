using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuangsuiji.Identity.Accounts;
using Shuangsuiji.Identity.SignIn;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Identity.Pages.Account;

/// <summary>
/// The signed-in person's security keys (安全密钥): registered with a name by the browser's WebAuthn, listed, and removed
/// with the password or a TOTP code.
/// </summary>
public sealed class SecurityKeysModel(SignInFlow flow, SecurityKeyCeremonies ceremonies) : SignInPage(flow)
{
    [BindProperty]
    public string Name { get; set; } = "";

    /// <summary>The options of the registration, protected and dated, carried by the form back to the check.</summary>
    [BindProperty]
    public string Ceremony { get; set; } = "";

    /// <summary>The authenticator's answer (JSON), set by the page's script.</summary>
    [BindProperty]
    public string Credential { get; set; } = "";

    [BindProperty]
    public string CredentialId { get; set; } = "";

    [BindProperty]
    public string Confirmation { get; set; } = "";

    public string Options { get; private set; } = "";

    public IReadOnlyList<SecurityKey> Keys { get; private set; } = [];

    public string? Notice { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Flow.SignedInAsync(HttpContext) is not { } account) return ToLogin();
        Notice = Done;
        return Show(account);
    }

    public async Task<IActionResult> OnPostRegisterAsync()
    {
        if (await Flow.SignedInAsync(HttpContext) is not { } account) return ToLogin();
        if (await ceremonies.RegisteredAsync(account, Ceremony, Credential, HttpContext.RequestAborted) is not { } key)
            return Show(account, "安全密钥注册未完成，请重试：页面打开 5 分钟内，按提示触摸或插入安全密钥");
        try
        {
            await Flow.RegisterSecurityKeyAsync(HttpContext, account, key, Name);
        }
        catch (InvalidFieldException)
        {
            return Show(account, "请为安全密钥填写名称（不超过 50 个字）");
        }
        catch (DomainException e)
        {
            return Show(account, e.Chinese);
        }
        Done = $"已注册安全密钥“{Name.Trim()}”";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync()
    {
        if (await Flow.SignedInAsync(HttpContext) is not { } account) return ToLogin();
        try
        {
            var step = await Flow.RemoveSecurityKeyAsync(HttpContext, account, CredentialId, Confirmation);
            if (step.Next == SignInNext.Failed)
                return Show(account, step.Failure == SignInFailure.WrongPassword ? "密码或动态验证码不正确，未移除" : "账户已锁定或停用，未移除");
        }
        catch (NotFoundException e)
        {
            return Show(account, e.Chinese);
        }
        Done = "已移除安全密钥";
        return RedirectToPage();
    }

    public static string Shown(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm");

    private RedirectToPageResult ToLogin() => RedirectToPage("/Account/Login", new { ReturnUrl = "/account/security-keys" });

    private PageResult Show(Shuangsuiji.Identity.Accounts.Account account, string? error = null)
    {
        Error = error;
        Keys = account.SecurityKeys;
        (Options, Ceremony) = ceremonies.Creation(account);
        Credential = "";
        return Page();
    }
}
