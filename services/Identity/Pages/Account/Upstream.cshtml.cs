using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using OpenIddict.Client.AspNetCore;
using Shuangsuiji.Identity.SignIn;

namespace Shuangsuiji.Identity.Pages.Account;

/// <summary>The button of the sign-in page: off to the upstream provider, to come back to where the sign-in began.</summary>
public sealed class UpstreamModel(SignInFlow flow, UpstreamSignIn upstream) : SignInPage(flow)
{
    public string? UpstreamName => upstream.DisplayName;

    public IActionResult OnGet() => RedirectToPage("/Account/Login", new { ReturnUrl });

    public IActionResult OnPost() => upstream.DisplayName is null
        ? RedirectToPage("/Account/Login", new { ReturnUrl })
        : Challenge(new AuthenticationProperties { RedirectUri = Back }, OpenIddictClientAspNetCoreDefaults.AuthenticationScheme);
}
