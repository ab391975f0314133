using Microsoft.AspNetCore.Mvc;
using Shuangsuiji.Identity.SignIn;

namespace Shuangsuiji.Identity.Pages.Account;

/// <summary>Where a person lands who signed in at the identity service itself rather than through a console.</summary>
public sealed class SignedInModel(SignInFlow flow) : SignInPage(flow)
{
    public string DisplayName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Flow.SignedInAsync(HttpContext) is not { } account) return RedirectToPage("/Account/Login");
        DisplayName = account.DisplayName;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await Flow.SignOutAsync(HttpContext);
        return RedirectToPage("/Account/SignedOut");
    }
}
