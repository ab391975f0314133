using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>
/// A province's government login as the identity service's upstream provider: a second OpenIddict server in process
/// (degraded mode, ephemeral keys) whose authorization endpoint signs in <see cref="Person"/> at once, with a department
/// and roles among the claims of its identity token. It asks for PKCE, and remembers the challenges it was sent.
/// </summary>
public sealed class UpstreamProvider : IAsyncDisposable
{
    public const string Issuer = "http://upstream.test/";
    public const string ClientId = "shuangsuiji";
    public const string ClientSecret = "upstream-secret-0123456789";

    private readonly WebApplication app;

    private UpstreamProvider(WebApplication app) => this.app = app;

    /// <summary>Who the provider signs in next: its subject, username, name, department and roles (the provider's values).</summary>
    public (string Subject, string Username, string Name, string Department, string[] Roles) Person { get; set; }

    public List<string> CodeChallenges { get; } = [];

    public TestServer Server => app.GetTestServer();

    /// <summary>The identity service's settings for this provider: its claims dept and roles, two of its role values mapped.</summary>
    public static Dictionary<string, string?> Settings => new()
    {
        ["Identity:Upstream:Authority"] = Issuer,
        ["Identity:Upstream:ClientId"] = ClientId,
        ["Identity:Upstream:ClientSecret"] = ClientSecret,
        ["Identity:Upstream:DisplayName"] = "河北政务服务网",
        ["Identity:Upstream:DepartmentClaim"] = "dept",
        ["Identity:Upstream:RolesClaim"] = "roles",
        ["Identity:Upstream:RoleMap:inspector"] = "staff",
        ["Identity:Upstream:RoleMap:approver"] = "reviewer",
    };

    /// <summary>
    /// The identity host's calls to the provider (discovery, keys, the token request) go to its in-process server: OpenIddict's
    /// HTTP clients keep their own HttpClientHandler, so a handler in front of it takes the provider's requests.
    /// </summary>
    public void Backchannel(IServiceCollection services)
    {
        services.PostConfigureAll<HttpClientFactoryOptions>(o => o.HttpMessageHandlerBuilderActions.Add(b => b.AdditionalHandlers.Add(new ToProvider(Server))));
        // The state cookie is sent back over the tests' plain HTTP (in production the ingress speaks HTTPS).
        services.PostConfigure<OpenIddict.Client.AspNetCore.OpenIddictClientAspNetCoreOptions>(o =>
            o.CookieBuilder.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest);
    }

    public static async Task<UpstreamProvider> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Services.AddOpenIddict().AddServer(server =>
        {
            server.SetIssuer(new Uri(Issuer));
            server.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
            server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            server.RegisterScopes(Scopes.OpenId, Scopes.Profile);
            server.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            server.EnableDegradedMode();
            server.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableTokenEndpointPassthrough().DisableTransportSecurityRequirement();
            server.AddEventHandler<ValidateAuthorizationRequestContext>(h => h.UseInlineHandler(c =>
            {
                if (c.ClientId != ClientId) c.Reject(Errors.InvalidClient);
                return default;
            }));
            server.AddEventHandler<ValidateTokenRequestContext>(h => h.UseInlineHandler(c =>
            {
                if (c.ClientId != ClientId || c.ClientSecret != ClientSecret) c.Reject(Errors.InvalidClient);
                return default;
            }));
        });
        var app = builder.Build();
        var provider = new UpstreamProvider(app);
        app.MapGet("connect/authorize", provider.Authorize);
        app.MapPost("connect/token", async (HttpContext http) =>
        {
            var code = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            return Results.SignIn(code.Principal!, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        await app.StartAsync();
        return provider;
    }

    private IResult Authorize(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest()!;
        CodeChallenges.Add(request.CodeChallenge ?? "");
        var identity = new ClaimsIdentity("upstream", Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, Person.Subject).SetClaim(Claims.PreferredUsername, Person.Username).SetClaim(Claims.Name, Person.Name)
            .SetClaim("dept", Person.Department).SetClaims("roles", [.. Person.Roles]);
        identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(request.GetScopes());
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private sealed class ToProvider(TestServer server) : DelegatingHandler
    {
        private readonly HttpMessageInvoker provider = new(server.CreateHandler());

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.RequestUri?.Host == new Uri(Issuer).Host ? provider.SendAsync(request, cancellationToken) : base.SendAsync(request, cancellationToken);
    }
}
