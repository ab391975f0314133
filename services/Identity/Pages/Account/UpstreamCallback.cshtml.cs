using Microsoft.AspNetCore.Mvc;
using Shuangsuiji.Identity.SignIn;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Identity.Pages.Account;

/// <summary>
/// Where the upstream provider sends the person back (OpenIddict's client has checked its answer): signed in to the
/// linked account and on to where the sign-in began, or told in Chinese why not.
/// </summary>
// The provider may answer by a form post from its own site, which carries no anti-forgery token of ours; OpenIddict's
// state token and its cookie bind the answer to the request this service made.
[IgnoreAntiforgeryToken]
public sealed class UpstreamCallbackModel(SignInFlow flow, UpstreamSignIn upstream) : SignInPage(flow)
{
    public string? UpstreamName => upstream.DisplayName;

    public Task<IActionResult> OnGetAsync() => SignInAsync();

    public Task<IActionResult> OnPostAsync() => SignInAsync();

    private async Task<IActionResult> SignInAsync()
    {
        if (upstream.DisplayName is null) return RedirectToPage("/Account/Login");
        try
        {
            var (step, returnUrl) = await upstream.CallbackAsync(HttpContext);
            ReturnUrl = returnUrl;
            return Next(step);
        }
        catch (DomainException e)
        {
            Error = e is InvalidFieldException field ? $"统一身份认证提供的信息无法用于登录：{field.ChineseProblem}，请联系本单位管理员" : e.Chinese;
            return Page();
        }
    }
}
