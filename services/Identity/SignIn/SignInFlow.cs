using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Shuangsuiji.Identity.Accounts;
using Shuangsuiji.ServiceDefaults.Departments;
using Shuangsuiji.Kernel;
using Shuangsuiji.ServiceDefaults.EventStore;

namespace Shuangsuiji.Identity.SignIn;

/// <summary>
/// The steps of a person's sign-in at the identity service, each decided by <see cref="AccountDecider"/> and recorded on the
/// account: the password; then, as the account needs, a new password, TOTP enrollment, a code or a security key. Between steps the person
/// holds a short-lived partial session (the username and the step, nothing else); once signed in, the session cookie of
/// the identity service (the username and the account's stamp), which the consoles' sign-ins rely on.
/// </summary>
public sealed class SignInFlow(IDocumentStore store, AccountSecrets secrets, TimeProvider clock)
{
    public const string Session = "identity";
    public const string Partial = "identity.partial";
    private const string StepClaim = "step";

    public static void AddCookies(IServiceCollection services) =>
        services.AddAuthentication()
            .AddCookie(Session, o =>
            {
                o.Cookie.Name = "ssyg.identity";
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/signed-out";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            })
            .AddCookie(Partial, o =>
            {
                o.Cookie.Name = "ssyg.identity.partial";
                o.LoginPath = "/account/login";
                o.ExpireTimeSpan = TimeSpan.FromMinutes(10);
                o.SlidingExpiration = false;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            });

    public Task<Account?> AccountAsync(string username, CancellationToken ct) => LoadAsync(username, ct);

    /// <summary>The account behind the identity session, if the session still holds (the account active, its stamp unchanged).</summary>
    public async Task<Account?> SignedInAsync(HttpContext http)
    {
        var session = await http.AuthenticateAsync(Session);
        if (!session.Succeeded || session.Principal.FindFirstValue(ClaimTypes.Name) is not { } username) return null;
        var account = await LoadAsync(username, http.RequestAborted);
        return int.TryParse(session.Principal.FindFirstValue(Oidc.IdentityTokens.StampClaim), out var stamp) && AccountDecider.StillHolds(account, stamp)
            ? account : null;
    }

    /// <summary>The account and step of a partial sign-in, if there is one.</summary>
    public async Task<(Account Account, SignInNext Step)?> PartialAsync(HttpContext http)
    {
        var partial = await http.AuthenticateAsync(Partial);
        if (!partial.Succeeded || partial.Principal.FindFirstValue(ClaimTypes.Name) is not { } username
            || !Enum.TryParse<SignInNext>(partial.Principal.FindFirstValue(StepClaim), out var step)) return null;
        return await LoadAsync(username, http.RequestAborted) is { } account ? (account, step) : null;
    }

    public async Task<SignInStep> PasswordAsync(HttpContext http, string username, string? password)
    {
        if (await LoadAsync(username.Trim(), http.RequestAborted) is not { } account)
        {
            // Hash anyway, so that an unknown username takes as long as a wrong password.
            secrets.Matches(secrets.Hash("x"), password ?? "");
            return new SignInStep([], SignInNext.Failed, SignInFailure.WrongPassword);
        }
        return await ApplyAsync(http, account, ctx => AccountDecider.Password(account, password, secrets.Matches, ctx));
    }

    public Task<SignInStep> SecondFactorAsync(HttpContext http, Account account, string? code) =>
        ApplyAsync(http, account, ctx => AccountDecider.SecondFactor(account, code, (text, at) => secrets.TotpStep(account.ProtectedTotpKey!, text, at),
            text => AccountSecrets.RecoveryHash(account.Username, text), ctx));

    public Task<SignInStep> ChangePasswordAsync(HttpContext http, Account account, string? newPassword) =>
        ApplyAsync(http, account, ctx => AccountDecider.ChangePassword(account, newPassword, secrets.Matches, secrets.Hash(newPassword ?? ""), ctx));

    public Task<SignInStep> EnrollAsync(HttpContext http, Account account, string protectedKey, IReadOnlyList<string> recoveryHashes, string? code) =>
        ApplyAsync(http, account, ctx => AccountDecider.EnrollSecondFactor(account, protectedKey, recoveryHashes,
            (code ?? "").Trim() is { Length: 6 } six ? secrets.TotpStep(protectedKey, six, ctx.Now) : null, ctx));

    /// <summary>The second step with a security key: the assertion Fido2 verified against one of the account's keys, or null.</summary>
    public Task<SignInStep> SecurityKeyAsync(HttpContext http, Account account, VerifiedAssertion? assertion) =>
        ApplyAsync(http, account, ctx => AccountDecider.SecurityKey(account, assertion, ctx));

    /// <summary>A key the signed-in person registers on the account page.</summary>
    public async Task RegisterSecurityKeyAsync(HttpContext http, Account account, NewSecurityKey key, string? name)
    {
        var ctx = await ContextAsync(http, account.Username, account.DepartmentId);
        await RecordAsync(http, account, AccountDecider.RegisterSecurityKey(account, key, name, ctx), ctx);
    }

    /// <summary>The removal of a key, confirmed by the password or a TOTP code; a wrong one counts towards the lockout.</summary>
    public async Task<SignInStep> RemoveSecurityKeyAsync(HttpContext http, Account account, string credentialId, string? confirmation)
    {
        var ctx = await ContextAsync(http, account.Username, account.DepartmentId);
        var step = AccountDecider.RemoveSecurityKey(account, credentialId,
            new Confirmation(confirmation, secrets.Matches, (text, at) => secrets.TotpStep(account.ProtectedTotpKey!, text, at)), ctx);
        await RecordAsync(http, account, step.Events, ctx);
        return step;
    }

    /// <summary>A sign-in at the upstream provider: to <paramref name="account"/> (linked to the person, or of its username), or to a new one.</summary>
    public Task<SignInStep> UpstreamAsync(HttpContext http, Account? account, KnownDepartment? department, UpstreamPerson person) =>
        ApplyAsync(http, account, account?.Username ?? person.Username, account?.DepartmentId ?? person.DepartmentId,
            ctx => AccountDecider.Upstream(account, department, person, ctx));

    public async Task SignOutAsync(HttpContext http)
    {
        if (await SignedInAsync(http) is { } account)
            await ApplyAsync(http, account, ctx => new SignInStep(AccountDecider.SignOut(account, ctx), SignInNext.SignedIn));
        await http.SignOutAsync(Session);
        await http.SignOutAsync(Partial);
    }

    /// <summary>Records a step's events, then gives the person the session the step leads to: the full one, a partial one, or none.</summary>
    private Task<SignInStep> ApplyAsync(HttpContext http, Account account, Func<CommandContext, SignInStep> decide) =>
        ApplyAsync(http, account, account.Username, account.DepartmentId, decide);

    private async Task<SignInStep> ApplyAsync(HttpContext http, Account? account, string username, string departmentId, Func<CommandContext, SignInStep> decide)
    {
        var ctx = await ContextAsync(http, username, departmentId);
        var step = decide(ctx);
        await RecordAsync(http, account, step.Events, ctx);
        var after = Aggregate.Fold(account, step.Events)!;
        await http.SignOutAsync(Partial);
        if (step.Next == SignInNext.SignedIn)
            await http.SignInAsync(Session, new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, after.Username), new Claim(Oidc.IdentityTokens.StampClaim, after.Stamp.ToString(System.Globalization.CultureInfo.InvariantCulture))],
                Session)));
        else if (step.Next != SignInNext.Failed)
            await http.SignInAsync(Partial, new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, after.Username), new Claim(StepClaim, step.Next.ToString())], Partial)));
        return step;
    }

    /// <summary>
    /// The events of a sign-in, and of the person's own changes to the account, are the account's: attributed to it, in its
    /// department and region (so its county's office reads them in the audit trail).
    /// </summary>
    private async Task<CommandContext> ContextAsync(HttpContext http, string username, string departmentId)
    {
        var region = await store.RegionOfAsync(departmentId, http.RequestAborted) ?? "";
        return new CommandContext(new Caller(username, departmentId, "sign-in") { Region = region }, http.TraceIdentifier,
            $"sign-in:{http.TraceIdentifier}", clock.GetUtcNow());
    }

    private async Task RecordAsync(HttpContext http, Account? account, IReadOnlyList<object> events, CommandContext ctx)
    {
        if (events.Count == 0) return;
        await using var session = store.OpenSession(ctx);
        if (account is null) session.Events.StartStream<Account>(Account.StreamId(((UpstreamAccountCreated)events[0]).Username), [.. events]);
        else session.Events.Append(Account.StreamId(account.Username), account.Version + events.Count, [.. events]);
        await session.SaveChangesAsync(http.RequestAborted);
    }

    private async Task<Account?> LoadAsync(string username, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.LoadAsync<Account>(Account.StreamId(username), ct);
    }
}
