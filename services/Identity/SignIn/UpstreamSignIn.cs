using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Client;
using OpenIddict.Client.AspNetCore;
using Shuangsuiji.Identity.Accounts;
using Shuangsuiji.Kernel;
using Shuangsuiji.Identity.Keys;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Shuangsuiji.Identity.SignIn;

/// <summary>
/// The upstream OpenID Connect provider people may sign in with instead of a password (section Identity:Upstream), e.g.
/// a province's government login (河北政务服务网), and how its claims map to the platform's department and roles.
/// </summary>
public sealed class UpstreamOptions
{
    public const string Section = "Identity:Upstream";

    /// <summary>The provider's issuer (its discovery document is read from there); no upstream sign-in when empty.</summary>
    public string Authority { get; set; } = "";

    public string ClientId { get; set; } = "";

    public string? ClientSecret { get; set; }

    /// <summary>The provider's name on the sign-in page's button (使用{DisplayName}登录).</summary>
    public string DisplayName { get; set; } = "统一身份认证";

    /// <summary>Scopes asked for beside openid and profile, e.g. those under which the provider gives the department and roles.</summary>
    public List<string> Scopes { get; set; } = [];

    public string UsernameClaim { get; set; } = Claims.PreferredUsername;

    public string DisplayNameClaim { get; set; } = Claims.Name;

    /// <summary>The claim whose value is the platform's department id of the person.</summary>
    public string DepartmentClaim { get; set; } = "dept";

    /// <summary>The claim (one or several, or one of values separated by spaces or commas) of the person's roles.</summary>
    public string RolesClaim { get; set; } = Claims.Role;

    /// <summary>The provider's role values and the platform's roles (staff, reviewer, admin, supervisor) they stand for; a value not named is taken as it is.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = [];

    public bool Configured => Authority.Length > 0;
}

/// <summary>
/// Single sign-on through the upstream provider: OpenIddict's client sends the person there (code flow with PKCE) and
/// back to <see cref="CallbackPath"/>, whose claims then sign the person in to the account linked to its subject
/// (<see cref="AccountDecider.Upstream"/>). Like the server, the client keeps nothing itself: its state travels in a
/// token protected with the key ring's keys.
/// </summary>
public sealed class UpstreamSignIn(IOptions<UpstreamOptions> options, IDocumentStore store, SignInFlow flow)
{
    public const string CallbackPath = "account/upstream/callback";

    /// <summary>The provider's name on the sign-in page, or null when none is configured.</summary>
    public string? DisplayName => options.Value.Configured ? options.Value.DisplayName : null;

    public static IHostApplicationBuilder AddUpstreamSignIn(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<UpstreamOptions>().BindConfiguration(UpstreamOptions.Section);
        builder.Services.AddSingleton<UpstreamSignIn>();
        var upstream = builder.Configuration.GetSection(UpstreamOptions.Section).Get<UpstreamOptions>() ?? new UpstreamOptions();
        if (!upstream.Configured) return builder;
        builder.Services.AddSingleton<IConfigureOptions<OpenIddictClientOptions>>(sp => sp.GetRequiredService<KeyRing>());
        builder.Services.AddSingleton<IOptionsChangeTokenSource<OpenIddictClientOptions>>(sp => sp.GetRequiredService<KeyRing>());
        builder.Services.AddOpenIddict().AddClient(client =>
        {
            client.AllowAuthorizationCodeFlow();
            client.DisableTokenStorage();
            // The provider's tokens are checked against the wall clock, whatever clock the platform's work runs on.
            client.Configure(o => o.TimeProvider = TimeProvider.System);
            client.SetRedirectionEndpointUris(CallbackPath);
            client.UseAspNetCore().EnableRedirectionEndpointPassthrough()
                // TLS ends at the ingress in a cluster, and development runs on the loopback.
                .DisableTransportSecurityRequirement();
            client.UseSystemNetHttp();
            var registration = new OpenIddictClientRegistration
            {
                Issuer = new Uri(upstream.Authority, UriKind.Absolute),
                ClientId = upstream.ClientId,
                ClientSecret = upstream.ClientSecret,
                RedirectUri = new Uri(CallbackPath, UriKind.Relative),
                ProviderDisplayName = upstream.DisplayName,
            };
            foreach (var scope in new[] { Scopes.OpenId, Scopes.Profile }.Concat(upstream.Scopes)) registration.Scopes.Add(scope);
            client.AddRegistration(registration);
        });
        return builder;
    }

    /// <summary>The provider's answer at the callback: the person signed in to its account, or why not (the decider's refusal).</summary>
    public async Task<(SignInStep Step, string? ReturnUrl)> CallbackAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(OpenIddictClientAspNetCoreDefaults.AuthenticationScheme);
        if (!result.Succeeded || result.Principal is not { } principal)
            throw new Kernel.ForbiddenException($"the upstream provider's answer is not valid: {result.Failure?.Message}", "统一身份认证未通过，请重新登录");
        var person = Person(principal, options.Value);
        await using var query = store.QuerySession();
        var linked = await query.Query<Account>().FirstOrDefaultAsync(a => a.UpstreamSubject == person.Subject && a.UpstreamProvider == person.Provider,
            http.RequestAborted);
        var account = linked ?? await flow.AccountAsync(person.Username, http.RequestAborted);
        var department = await query.LoadAsync<KnownDepartment>(person.DepartmentId, http.RequestAborted);
        return (await flow.UpstreamAsync(http, account, department, person), result.Properties?.RedirectUri);
    }

    /// <summary>The person the claims describe, in the platform's terms.</summary>
    public static UpstreamPerson Person(ClaimsPrincipal principal, UpstreamOptions options)
    {
        var subject = principal.FindFirstValue(Claims.Subject) ?? principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var roles = principal.FindAll(options.RolesClaim)
            .SelectMany(c => c.Value.Split([' ', ',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(r => options.RoleMap.TryGetValue(r, out var mapped) ? mapped : r)
            .ToList();
        var username = principal.FindFirstValue(options.UsernameClaim) ?? "";
        return new UpstreamPerson(options.Authority, subject, username, principal.FindFirstValue(options.DisplayNameClaim) ?? username,
            principal.FindFirstValue(options.DepartmentClaim) ?? "", roles);
    }
}
