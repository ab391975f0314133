using Marten;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Shuangsuiji.Identity.Accounts;
using Shuangsuiji.Identity.Clients;
using Shuangsuiji.ServiceDefaults.Departments;
using Shuangsuiji.Identity.SignIn;
using Shuangsuiji.Kernel;
using Shuangsuiji.ServiceDefaults.EventStore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Shuangsuiji.Identity.Oidc;

/// <summary>
/// The OpenID Connect endpoints OpenIddict passes through: the authorization endpoint turns a signed-in person (its identity
/// session) into the claims of its tokens; the token endpoint issues tokens to systems by client credentials and renews a
/// console's only while the account still holds them; the end-session endpoint signs the person out.
/// </summary>
public static class OidcEndpoints
{
    private static readonly string[] ConsoleScopes = [Scopes.OpenId, Scopes.Profile, Scopes.OfflineAccess, IdentityTokens.ApiScope];

    public static WebApplication MapOidcEndpoints(this WebApplication app)
    {
        app.MapMethods("connect/authorize", ["GET", "POST"], Authorize).AllowAnonymous();
        app.MapPost("connect/token", Token).AllowAnonymous().DisableAntiforgery();
        app.MapMethods("connect/endsession", ["GET", "POST"], EndSession).AllowAnonymous().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> Authorize(HttpContext http, SignInFlow flow, IDocumentStore store)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenID Connect request");
        var account = await flow.SignedInAsync(http);
        if (account is null)
        {
            if (request.HasPromptValue(PromptValues.None)) return Forbid(Errors.LoginRequired, "the person is not signed in");
            return Results.Challenge(new AuthenticationProperties { RedirectUri = CurrentUrl(http) }, [SignInFlow.Session]);
        }
        var role = (string?)request[IdentityTokens.ActingRoleParameter] ?? (account.Roles.Count == 1 ? account.Roles[0] : null);
        if (role is null) return Results.LocalRedirect($"/account/choose-role?ReturnUrl={Uri.EscapeDataString(CurrentUrl(http))}");
        if (!account.Roles.Contains(role)) return Forbid(Errors.AccessDenied, $"account {account.Username} does not hold the role {role}");
        var principal = IdentityTokens.Principal(account.Username, account.DisplayName, account.DepartmentId, role,
            await store.RegionOfAsync(account.DepartmentId, http.RequestAborted), account.Stamp,
            request.GetScopes().Intersect(ConsoleScopes));
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> Token(HttpContext http, IDocumentStore store, IOptionsMonitor<IdentityOptions> options, IHostEnvironment environment,
        TimeProvider clock)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenID Connect request");
        if (request.IsClientCredentialsGrantType())
        {
            if (request.ClientId == OidcServer.DevelopmentTokensClient)
                return await DevelopmentToken(http, request, store, options.CurrentValue, environment);
            if (options.CurrentValue.ServiceClients.FirstOrDefault(c => c.ClientId == request.ClientId) is { } service)
                return OidcServer.SecretMatches(service.Secret, request.ClientSecret)
                    ? Results.SignIn(IdentityTokens.Principal(service.ClientId, service.ClientId, service.DepartmentId, service.Role,
                            await store.RegionOfAsync(service.DepartmentId, http.RequestAborted), null, [IdentityTokens.ApiScope]),
                        authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)
                    : Forbid(Errors.InvalidClient, "the client secret is wrong");
            return await SystemToken(http, request, store, clock);
        }
        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var presented = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal
                ?? throw new InvalidOperationException("OpenIddict validated the code or refresh token but gave no principal");
            if (request.IsAuthorizationCodeGrantType() && !await RedeemedCode.FirstTimeAsync(store, request.Code!, clock.GetUtcNow(), http.RequestAborted))
                return Forbid(Errors.InvalidGrant, "the authorization code has been redeemed already");
            await using var query = store.QuerySession();
            var account = await query.LoadAsync<Account>(Account.StreamId(presented.GetClaim(Claims.Subject) ?? ""), http.RequestAborted);
            // Roles changed, password reset or account disabled since: the tokens it was given end here.
            return int.TryParse(presented.GetClaim(IdentityTokens.StampClaim), out var stamp) && AccountDecider.StillHolds(account, stamp)
                ? Results.SignIn(presented, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)
                : Forbid(Errors.InvalidGrant, "the account changed (roles, password, or disabled): sign in again");
        }
        return Forbid(Errors.UnsupportedGrantType, $"{request.GrantType} is not a grant of the platform");
    }

    /// <summary>A system's token: its client active and its secret the current one; the issue and any refusal are on its record.</summary>
    private static async Task<IResult> SystemToken(HttpContext http, OpenIddictRequest request, IDocumentStore store, TimeProvider clock)
    {
        await using var query = store.QuerySession();
        if (await query.LoadAsync<SystemClient>(SystemClient.StreamId(request.ClientId ?? ""), http.RequestAborted) is not { } client)
            return Forbid(Errors.InvalidClient, "unknown client");
        var region = await store.RegionOfAsync(client.DepartmentId, http.RequestAborted);
        var ctx = new CommandContext(new Caller(client.ClientId, client.DepartmentId, Roles.System) { Region = region ?? "" }, http.TraceIdentifier,
            $"token:{http.TraceIdentifier}", clock.GetUtcNow());
        var (events, issued) = ClientDecider.Token(client, request.ClientSecret, ctx);
        await using (var session = store.OpenSession(ctx))
        {
            session.Events.Append(client.Id, [.. events]);
            await session.SaveChangesAsync(http.RequestAborted);
        }
        return issued
            ? Results.SignIn(IdentityTokens.Principal(client.ClientId, client.DisplayName, client.DepartmentId, Roles.System, region, null,
                    [IdentityTokens.ApiScope]),
                authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)
            : Forbid(Errors.InvalidClient, client.Revoked ? "the client is revoked" : "the client secret is wrong");
    }

    /// <summary>
    /// infra/dev.sh token and the tests: a token for any department and role (dept, role, sub and region parameters), from a client
    /// that exists only in a development or test instance.
    /// </summary>
    private static async Task<IResult> DevelopmentToken(HttpContext http, OpenIddictRequest request, IDocumentStore store, IdentityOptions options,
        IHostEnvironment environment)
    {
        if (!(environment.IsDevelopment() || environment.IsEnvironment("Testing")) || options.DevelopmentTokensSecret is not { Length: > 0 } secret
            || !OidcServer.SecretMatches(secret, request.ClientSecret))
            return Forbid(Errors.InvalidClient, "unknown client");
        var (department, role) = ((string?)request["dept"], (string?)request["role"]);
        if (string.IsNullOrWhiteSpace(department) || string.IsNullOrWhiteSpace(role))
            return Forbid(Errors.InvalidRequest, "a development token names its dept and role");
        var subject = (string?)request["sub"] is { Length: > 0 } sub ? sub : $"dev-{role}-{department}";
        // The department's region as the directories said, else the one asked for: the demo's first office makes the
        // departments before this service has heard of any.
        var region = await store.RegionOfAsync(department, http.RequestAborted) ?? (string?)request["region"];
        return Results.SignIn(IdentityTokens.Principal(subject, subject, department, role, region, null, [IdentityTokens.ApiScope]),
            authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> EndSession(HttpContext http, SignInFlow flow)
    {
        var request = http.GetOpenIddictServerRequest();
        await flow.SignOutAsync(http);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = request?.PostLogoutRedirectUri ?? "/account/signed-out" },
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static IResult Forbid(string error, string description) => Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
    {
        [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
    }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    /// <summary>The authorization request as it came, to return to once the person has signed in (or chosen a role).</summary>
    private static string CurrentUrl(HttpContext http) => http.Request.PathBase + http.Request.Path + http.Request.QueryString;
}
