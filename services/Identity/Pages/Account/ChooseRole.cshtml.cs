using Microsoft.AspNetCore.Mvc;
using Shuangsuiji.Identity.SignIn;

namespace Shuangsuiji.Identity.Pages.Account;

/// <summary>An account with several roles acts in one at a time: the console's sign-in asks which (切换身份 asks again).</summary>
public sealed class ChooseRoleModel(SignInFlow flow) : SignInPage(flow)
{
    public IReadOnlyList<(string Role, string Name, string Href)> Choices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Flow.SignedInAsync(HttpContext) is not { } account) return RedirectToPage("/Account/Login", new { ReturnUrl });
        if (ReturnUrl is not { Length: > 0 } url || !Url.IsLocalUrl(url)) return LocalRedirect("/account/signed-in");
        var separator = url.Contains('?') ? '&' : '?';
        Choices = [.. account.Roles.Select(r => (r, RoleNames.Of(r), $"{url}{separator}{Oidc.IdentityTokens.ActingRoleParameter}={Uri.EscapeDataString(r)}"))];
        return Page();
    }
}
