using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using Microsoft.AspNetCore;
using Shuangsuiji.Identity.Keys;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Shuangsuiji.Identity.Oidc;

/// <summary>A console (a web application people sign in to): its client id, secret (it runs on a server), and where it may send people back.</summary>
public sealed class ConsoleApplication
{
    public string ClientId { get; set; } = "";
    public string? ClientSecret { get; set; }
    public string DisplayName { get; set; } = "";
    public List<string> RedirectUris { get; set; } = [];
    public List<string> PostLogoutRedirectUris { get; set; } = [];
}

/// <summary>
/// A host of the platform that calls on its own behalf (the checkpoints' notary): part of the deployment rather than of a
/// department's systems, so it is configured with it, and its secret is given to that host alone.
/// </summary>
public sealed class ServiceClient
{
    public string ClientId { get; set; } = "";
    public string Secret { get; set; } = "";
    public string DepartmentId { get; set; } = "";
    public string Role { get; set; } = "";
}

/// <summary>Settings of the identity service (section Identity).</summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    /// <summary>The issuer in every token (the service's public address), e.g. https://login.example.gov.cn/.</summary>
    public string Issuer { get; set; } = "";

    public List<ConsoleApplication> Applications { get; set; } = [];

    /// <summary>
    /// A development instance's client that may ask for a token for any department and role (infra/dev.sh token, the
    /// tests). It exists only where this secret is set and the host runs in Development or Testing.
    /// </summary>
    public string? DevelopmentTokensSecret { get; set; }

    public List<ServiceClient> ServiceClients { get; set; } = [];

    public ConsoleApplication? Application(string? clientId) => Applications.FirstOrDefault(a => a.ClientId == clientId);
}

public static class OidcServer
{
    public const string DevelopmentTokensClient = "dev-tokens";

    /// <summary>
    /// OpenIddict as the platform's OpenID Connect provider. Degraded mode: OpenIddict keeps nothing itself (no second ORM
    /// beside Marten); the few checks its stores would make — a console's client id and redirect addresses, a confidential
    /// console's secret, a system client's credentials — are made here and in the token endpoint. Codes and refresh
    /// tokens are self-contained, encrypted with the key ring's keys; a refresh is checked against the account's stamp.
    /// </summary>
    public static IHostApplicationBuilder AddOidcServer(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.Section);
        builder.Services.AddSingleton<KeyRing>();
        builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(sp => sp.GetRequiredService<KeyRing>());
        builder.Services.AddSingleton<IOptionsChangeTokenSource<OpenIddictServerOptions>>(sp => sp.GetRequiredService<KeyRing>());
        builder.Services.AddHostedService<KeyRotation>();
        // Every host checks the issuer of a token against the discovery document, so it is one fixed address.
        var issuer = builder.Configuration["Identity:Issuer"] is { Length: > 0 } configured ? configured
            : throw new InvalidOperationException("Identity:Issuer (the identity service's public address, the issuer of every token) is not configured");
        builder.Services.AddOpenIddict().AddServer(server =>
        {
            server.SetIssuer(new Uri(issuer));
            // Tokens are checked against the wall clocks of the hosts that receive them, whatever clock the platform's work
            // runs on (a test platform's is fixed).
            server.Configure(o => o.TimeProvider = TimeProvider.System);
            server.SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token")
                .SetEndSessionEndpointUris("connect/endsession")
                .SetConfigurationEndpointUris(".well-known/openid-configuration")
                .SetJsonWebKeySetEndpointUris(".well-known/jwks");
            server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
            server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.OfflineAccess, IdentityTokens.ApiScope);
            server.SetAccessTokenLifetime(IdentityTokens.AccessTokenLifetime).SetRefreshTokenLifetime(IdentityTokens.RefreshTokenLifetime)
                .SetIdentityTokenLifetime(IdentityTokens.AccessTokenLifetime).SetAuthorizationCodeLifetime(TimeSpan.FromMinutes(5));
            // Services read the access tokens themselves (JWT signed with the published keys).
            server.DisableAccessTokenEncryption();
            server.EnableDegradedMode();
            server.UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough().EnableTokenEndpointPassthrough().EnableEndSessionEndpointPassthrough()
                // TLS ends at the ingress in a cluster, and development runs on the loopback.
                .DisableTransportSecurityRequirement();
            server.AddEventHandler<ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(ValidateAuthorization));
            server.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseInlineHandler(ValidateToken));
            server.AddEventHandler<ValidateEndSessionRequestContext>(handler => handler.UseInlineHandler(ValidateEndSession));
        });
        return builder;
    }

    private static IdentityOptions Options(BaseContext context) =>
        context.Transaction.GetHttpRequest()!.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<IdentityOptions>>().CurrentValue;

    /// <summary>Only a registered console, sending people back to one of its own addresses.</summary>
    private static ValueTask ValidateAuthorization(ValidateAuthorizationRequestContext context)
    {
        var application = Options(context).Application(context.ClientId);
        if (application is null) context.Reject(Errors.InvalidClient, $"{context.ClientId} is no console of the platform");
        else if (!application.RedirectUris.Contains(context.RedirectUri ?? "", StringComparer.Ordinal))
            context.Reject(Errors.InvalidRequest, $"{context.RedirectUri} is not an address of {application.ClientId}");
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// A console redeeming a code or a refresh token authenticates with its secret (when it has one); a system's client
    /// credentials are checked in the token endpoint, against its record.
    /// </summary>
    private static ValueTask ValidateToken(ValidateTokenRequestContext context)
    {
        if (context.Request.IsClientCredentialsGrantType())
        {
            if (string.IsNullOrEmpty(context.ClientId) || string.IsNullOrEmpty(context.ClientSecret))
                context.Reject(Errors.InvalidClient, "a system authenticates with its client_id and client_secret");
            return ValueTask.CompletedTask;
        }
        var application = Options(context).Application(context.ClientId);
        if (application is null) context.Reject(Errors.InvalidClient, $"{context.ClientId} is no console of the platform");
        else if (application.ClientSecret is { Length: > 0 } secret && !SecretMatches(secret, context.ClientSecret))
            context.Reject(Errors.InvalidClient, $"the secret of {application.ClientId} is wrong");
        return ValueTask.CompletedTask;
    }

    /// <summary>A configured secret compared in constant time.</summary>
    public static bool SecretMatches(string expected, string? presented) => expected.Length > 0
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(presented ?? ""));

    private static ValueTask ValidateEndSession(ValidateEndSessionRequestContext context)
    {
        if (context.PostLogoutRedirectUri is { } uri && !Options(context).Applications.Any(a => a.PostLogoutRedirectUris.Contains(uri, StringComparer.Ordinal)))
            context.Reject(Errors.InvalidRequest, $"{uri} is not an address a console registered for after signing out");
        return ValueTask.CompletedTask;
    }
}
