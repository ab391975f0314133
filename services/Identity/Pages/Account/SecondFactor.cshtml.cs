using Microsoft.AspNetCore.Mvc;
using Shuangsuiji.Identity.Accounts;
using Shuangsuiji.Identity.SignIn;

namespace Shuangsuiji.Identity.Pages.Account;

/// <summary>The six-digit code of the person's authenticator app, or one of its recovery codes.</summary>
public sealed class SecondFactorModel(SignInFlow flow) : SignInPage(flow)
{
    [BindProperty]
    public string Code { get; set; } = "";

    public async Task<IActionResult> OnGetAsync() =>
        await Flow.PartialAsync(HttpContext) is { Step: SignInNext.SecondFactor } ? Page() : RedirectToPage("/Account/Login", new { ReturnUrl });

    public async Task<IActionResult> OnPostAsync() =>
        await Flow.PartialAsync(HttpContext) is { Step: SignInNext.SecondFactor } partial
            ? Next(await Flow.SecondFactorAsync(HttpContext, partial.Account, Code))
            : RedirectToPage("/Account/Login", new { ReturnUrl });
}
