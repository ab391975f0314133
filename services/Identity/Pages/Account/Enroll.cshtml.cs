using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Shuangsuiji.Identity.Accounts;
using Shuangsuiji.Identity.SignIn;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Identity.Pages.Account;

/// <summary>
/// TOTP enrollment for an account whose role requires it: a new key for the person's authenticator app (as text and as an
/// otpauth address), confirmed by a code it shows; then the ten recovery codes, shown this once.
/// </summary>
public sealed class EnrollModel(SignInFlow flow, AccountSecrets secrets, IDataProtectionProvider protection) : SignInPage(flow)
{
    private readonly IDataProtector pending = protection.CreateProtector("shuangsuiji.identity.enrollment.v1");

    /// <summary>The key and codes offered, protected, carried by the form from the offer to the confirmation.</summary>
    [BindProperty]
    public string Offer { get; set; } = "";

    [BindProperty]
    public string Code { get; set; } = "";

    public string Secret { get; private set; } = "";

    public string Uri { get; private set; } = "";

    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public string Username { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Flow.PartialAsync(HttpContext) is not { Step: SignInNext.EnrollSecondFactor } partial) return RedirectToPage("/Account/Login", new { ReturnUrl });
        var (base32, protectedKey) = secrets.NewTotpKey();
        var (codes, _) = AccountSecrets.NewRecoveryCodes(partial.Account.Username);
        Offer = pending.Protect(JsonSerializer.Serialize(new Pending(partial.Account.Username, base32, protectedKey, codes)));
        Show(partial.Account.Username, base32);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await Flow.PartialAsync(HttpContext) is not { Step: SignInNext.EnrollSecondFactor } partial) return RedirectToPage("/Account/Login", new { ReturnUrl });
        var offer = JsonSerializer.Deserialize<Pending>(pending.Unprotect(Offer))!;
        if (offer.Username != partial.Account.Username) return RedirectToPage("/Account/Login", new { ReturnUrl });
        Show(offer.Username, offer.Base32);
        try
        {
            var step = await Flow.EnrollAsync(HttpContext, partial.Account, offer.ProtectedKey,
                [.. offer.Codes.Select(c => AccountSecrets.RecoveryHash(offer.Username, c))], Code);
            if (step.Next != SignInNext.SignedIn) return Next(step);
            RecoveryCodes = offer.Codes;
            return Page();
        }
        catch (InvalidFieldException)
        {
            Error = "验证码不正确：请输入身份验证器应用当前显示的 6 位数字";
            return Page();
        }
    }

    public string Continue => Back;

    private void Show(string username, string base32)
    {
        Username = username;
        Secret = string.Join(' ', base32.Chunk(4).Select(c => new string(c)));
        Uri = AccountSecrets.OtpAuthUri(base32, username);
    }

    private sealed record Pending(string Username, string Base32, string ProtectedKey, IReadOnlyList<string> Codes);
}
