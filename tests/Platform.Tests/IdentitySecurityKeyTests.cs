using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using Shuangsuiji.Identity.Accounts;
using Shuangsuiji.Kernel;
using Shuangsuiji.Platform.Tests.Infrastructure;
using Account = Shuangsuiji.Identity.Accounts.Account;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// Security keys (WebAuthn) in a real browser: headless Chromium with a virtual authenticator (Chrome DevTools Protocol) at
/// an identity service listening on the loopback. WebAuthn needs a secure origin and a domain for the relying party: the
/// browser goes to http://localhost:PORT (a secure context, though plain HTTP), not to an IP address.
/// </summary>
public sealed partial class IdentityTests
{
    private const string ReviewerPassword = "Reviewer#Key2026";

    [Fact]
    public async Task A_reviewer_registers_a_security_key_signs_in_with_it_instead_of_a_code_and_a_copy_of_the_key_is_refused()
    {
        var amr = await Department();
        var (username, oneTime) = await NewAccount(amr, Roles.Reviewer);
        var port = TestEnvironment.FreePort();
        var origin = new Uri($"http://localhost:{port}/");
        await using var identity = platform.StartService<AccountsApi>("identity", new Dictionary<string, string?>
        {
            ["Identity:WebAuthn:ServerDomain"] = "localhost", ["Identity:WebAuthn:Origins:0"] = origin.GetLeftPart(UriPartial.Authority),
        }, loopbackPort: port);
        var browser = new PortalBrowser();
        await browser.InitializeAsync();
        try
        {
            await using var context = await browser.Context(origin);
            var page = await context.NewPageAsync();
            var (cdp, authenticator) = await VirtualAuthenticator(context, page);

            // The first sign-in: a new password and, the reviewer's rule, an authenticator app; then the account page.
            await SignInWithPassword(page, username, oneTime);
            await page.FillAsync("#NewPassword", ReviewerPassword);
            await page.FillAsync("#Confirm", ReviewerPassword);
            await page.ClickAsync("button[type=submit]");
            var secret = (await page.Locator(".secret").InnerTextAsync()).Replace(" ", "");
            await page.FillAsync("#Code", new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(platform.Clock.GetUtcNow().UtcDateTime));
            await page.ClickAsync("button[type=submit]");
            await page.GetByRole(AriaRole.Link, new() { Name = "我已保存，继续" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "管理安全密钥" }).ClickAsync();
            Assert.Equal("尚未注册安全密钥。", await page.Locator("#no-keys").InnerTextAsync());

            await page.FillAsync("#Name", "办公室 U 盾");
            await page.GetByRole(AriaRole.Button, new() { Name = "注册安全密钥" }).ClickAsync();
            await page.Locator("#keys li").WaitForAsync();
            Assert.Equal("已注册安全密钥“办公室 U 盾”", await page.Locator(".notice").InnerTextAsync());
            Assert.Equal("办公室 U 盾", await page.Locator("#keys li b").InnerTextAsync());

            // Signed out and in again: after the password, the key instead of a code.
            await page.GotoAsync("/account/signed-in");
            await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
            await SignInWithPassword(page, username, ReviewerPassword);
            Assert.Equal("第二步验证", await page.Locator("h1").InnerTextAsync());
            await page.GetByRole(AriaRole.Button, new() { Name = "使用安全密钥" }).ClickAsync();
            await page.WaitForURLAsync("**/account/signed-in");
            Assert.Equal("张明，您已登录", await page.Locator("h1").InnerTextAsync());

            var used = await Events(username);
            var registered = (SecurityKeyRegistered)used.Single(e => e is SecurityKeyRegistered);
            var signedIn = (SecurityKeyUsed)used.Single(e => e is SecurityKeyUsed);
            Assert.Equal(("办公室 U 盾", registered.CredentialId), (registered.Name, signedIn.CredentialId));
            Assert.True(signedIn.SignCount > registered.SignCount);
            Assert.Equal("password+security_key", ((SignedIn)used.Last()).Method);

            // A copy of the key in another authenticator, whose count is behind the key's: refused, recorded, and the key
            // is not accepted again.
            var credential = (await cdp.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = authenticator }))!.Value
                .GetProperty("credentials")[0];
            await using var elsewhere = await browser.Context(origin);
            var other = await elsewhere.NewPageAsync();
            var (otherCdp, copy) = await VirtualAuthenticator(elsewhere, other);
            await otherCdp.SendAsync("WebAuthn.addCredential", new Dictionary<string, object>
            {
                ["authenticatorId"] = copy,
                ["credential"] = new Dictionary<string, object>
                {
                    ["credentialId"] = credential.GetProperty("credentialId").GetString()!, ["isResidentCredential"] = false, ["rpId"] = "localhost",
                    ["privateKey"] = credential.GetProperty("privateKey").GetString()!, ["signCount"] = 0,
                },
            });
            await SignInWithPassword(other, username, ReviewerPassword);
            await other.GetByRole(AriaRole.Button, new() { Name = "使用安全密钥" }).ClickAsync();
            await other.Locator(".error").WaitForAsync();
            Assert.Contains("签名计数异常", await other.Locator(".error").InnerTextAsync());
            var detected = (SecurityKeyCloneDetected)(await Events(username)).Single(e => e is SecurityKeyCloneDetected);
            Assert.Equal((registered.CredentialId, signedIn.SignCount), (detected.CredentialId, detected.StoredSignCount));
            await using var query = identity.Services.GetRequiredService<IDocumentStore>().QuerySession();
            Assert.True(Assert.Single((await query.LoadAsync<Account>(Account.StreamId(username)))!.SecurityKeys).CloneDetected);
        }
        finally
        {
            await browser.DisposeAsync();
        }
    }


    private static async Task SignInWithPassword(IPage page, string username, string password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#Username", username);
        await page.FillAsync("#Password", password);
        await page.ClickAsync("button[type=submit]");
    }

    /// <summary>A CTAP2 security key on USB in the page's browser, with user verification, that answers at once.</summary>
    private static async Task<(ICDPSession Cdp, string AuthenticatorId)> VirtualAuthenticator(IBrowserContext context, IPage page)
    {
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        var added = await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2", ["transport"] = "usb", ["hasResidentKey"] = false, ["hasUserVerification"] = true, ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
        return (cdp, added!.Value.GetProperty("authenticatorId").GetString()!);
    }

    private async Task<IReadOnlyList<object>> Events(string username)
    {
        await using var query = platform.Identity.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return [.. (await query.Events.FetchStreamAsync(Account.StreamId(username))).Select(e => e.Data)];
    }
}
