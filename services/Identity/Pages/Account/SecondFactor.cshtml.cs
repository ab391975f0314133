using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuangsuiji.Identity.Accounts;
using Shuangsuiji.Identity.SignIn;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Identity.Pages.Account;

/// <summary>
/// The second step: one of the person's security keys, by the browser's WebAuthn; or the six-digit code of their
/// authenticator app, or one of its recovery codes (a form that works without JavaScript).
/// </summary>
public sealed class SecondFactorModel(SignInFlow flow, SecurityKeyCeremonies ceremonies) : SignInPage(flow)
{
    [BindProperty]
    public string Code { get; set; } = "";

    /// <summary>The options of the key's assertion, protected and dated, carried by the form back to the check.</summary>
    [BindProperty]
    public string Ceremony { get; set; } = "";

    /// <summary>The authenticator's answer (JSON), set by the page's script.</summary>
    [BindProperty]
    public string Credential { get; set; } = "";

    /// <summary>The options for navigator.credentials.get, when the account has a key it may use.</summary>
    public string? KeyOptions { get; private set; }

    /// <summary>Whether the account has a TOTP key or recovery codes to enter.</summary>
    public bool TakesCodes { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await Flow.PartialAsync(HttpContext) is { Step: SignInNext.SecondFactor } partial ? Show(partial.Account) : ToLogin();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await Flow.PartialAsync(HttpContext) is not { Step: SignInNext.SecondFactor } partial) return ToLogin();
        return Shown(partial.Account, Next(await Flow.SecondFactorAsync(HttpContext, partial.Account, Code)));
    }

    public async Task<IActionResult> OnPostKeyAsync()
    {
        if (await Flow.PartialAsync(HttpContext) is not { Step: SignInNext.SecondFactor } partial) return ToLogin();
        var assertion = await ceremonies.VerifiedAsync(partial.Account, Ceremony, Credential, HttpContext.RequestAborted);
        var step = await Flow.SecurityKeyAsync(HttpContext, partial.Account, assertion);
        var result = Next(step);
        if (step.Failure == SignInFailure.WrongCode) Error = "安全密钥验证未通过，请重试或改用动态验证码";
        // A key found to be copied is not offered again.
        return Shown(Aggregate.Fold(partial.Account, step.Events)!, result);
    }

    private RedirectToPageResult ToLogin() => RedirectToPage("/Account/Login", new { ReturnUrl });

    /// <summary>A failed step shows the page again, with a fresh challenge for the key.</summary>
    private IActionResult Shown(Shuangsuiji.Identity.Accounts.Account account, IActionResult result) => result is PageResult ? Show(account) : result;

    private PageResult Show(Shuangsuiji.Identity.Accounts.Account account)
    {
        TakesCodes = account.ProtectedTotpKey is not null || account.RecoveryCodeHashes.Count > account.UsedRecoveryCodes.Count;
        KeyOptions = null;
        if (account.UsableKeys().Count > 0) (KeyOptions, Ceremony) = ceremonies.Request(account);
        Credential = "";
        return Page();
    }
}
