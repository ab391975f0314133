using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Npgsql;
using Shuangsuiji.ServiceDefaults.Auth;
using Shuangsuiji.ServiceDefaults.EventStore;

namespace Shuangsuiji.Workbench.SignIn;

/// <summary>
/// People sign in at the identity service (authorization code flow with PKCE, as a confidential client); the session is a
/// secure, HttpOnly cookie holding only a key to the ticket kept in the workbench's own store, tokens included, which
/// the browser never sees. The access token is renewed with the refresh token before it runs out.
/// </summary>
public static class WorkbenchSignIn
{
    public const string CookieName = "ssyg.workbench";

    /// <summary>What the workbench asks of the identity service: a person's identity and a token for the platform's API.</summary>
    public static readonly string[] Scopes = ["openid", "profile", "offline_access", "shuangsuiji"];

    public static IHostApplicationBuilder AddWorkbenchSignIn(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkbenchOptions>().BindConfiguration(WorkbenchOptions.Section);
        builder.AddSessionStore();
        builder.Services.AddDataProtection().SetApplicationName("shuangsuiji-workbench");
        builder.Services.AddSingleton<SharedKeys>();
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => sp.GetRequiredService<SharedKeys>());
        builder.Services.AddSingleton<ITicketStore, SessionTicketStore>();
        builder.Services.AddSingleton<TokenRefresh>();

        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie()
            .AddOpenIdConnect();
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<ITicketStore, TokenRefresh>((o, tickets, refresh) =>
            {
                o.SessionStore = tickets;
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = SessionTicketStore.SessionLifetime;
                o.SlidingExpiration = false;
                o.AccessDeniedPath = "/denied";
                // Browsers keep cookies by their wall clock, whatever clock the platform's work runs on.
                o.TimeProvider = TimeProvider.System;
                o.Events.OnValidatePrincipal = refresh.RenewAsync;
            });
        builder.Services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, IOptions<WorkbenchOptions>>((o, auth, workbench) =>
            {
                o.Authority = auth.Value.Authority is { Length: > 0 } authority ? authority
                    : throw new InvalidOperationException("Auth:Authority (the identity service's address, where people sign in) is not configured");
                o.RequireHttpsMetadata = auth.Value.RequireHttpsMetadata;
                // The identity tokens are checked against the keys as every host reads them (AddPlatformAuthentication).
                o.AutomaticRefreshInterval = auth.Value.KeysRefresh;
                o.RefreshInterval = AuthOptions.UnknownKeyRefresh;
                o.ClientId = workbench.Value.ClientId;
                o.ClientSecret = workbench.Value.ClientSecret is { Length: > 0 } secret ? secret
                    : throw new InvalidOperationException("Workbench:ClientSecret (the workbench's secret at the identity service) is not configured");
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.UsePkce = true;
                // The code comes back on a top-level GET, so the correlation cookie can stay SameSite=Lax.
                o.ResponseMode = OpenIdConnectResponseMode.Query;
                o.Scope.Clear();
                foreach (var scope in Scopes) o.Scope.Add(scope);
                o.SaveTokens = true;
                o.GetClaimsFromUserInfoEndpoint = false;
                o.MapInboundClaims = false;
                o.TokenValidationParameters.NameClaimType = "name";
                o.TokenValidationParameters.RoleClaimType = ClaimNames.Role;
                o.CorrelationCookie.SameSite = o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = o.NonceCookie.SecurePolicy = CookieSecurePolicy.Always;
                o.TimeProvider = TimeProvider.System;
                o.AccessDeniedPath = "/denied";
            });
        builder.Services.AddAuthorization();
        // TLS ends at the ingress: the addresses given to the identity service (redirect, after sign-out) are its https ones.
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
        });
        return builder;
    }

    /// <summary>
    /// The workbench's own database (ConnectionStrings:Postgres, schema Marten:Schema, default workbench): sessions and the
    /// Data Protection keys, as documents. Read when the store is first built, so tests can override it.
    /// </summary>
    private static void AddSessionStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<IConfiguration>().GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not configured")));
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres", tags: ["ready"]);
        builder.Services.AddMarten(sp =>
        {
            var options = new StoreOptions();
            options.Connection(sp.GetRequiredService<NpgsqlDataSource>());
            options.DatabaseSchemaName = EventStoreExtensions.SchemaName(sp.GetRequiredService<IConfiguration>(), "workbench");
            options.Schema.For<WorkbenchSession>();
            options.Schema.For<DataProtectionKey>();
            return options;
        }).UseLightweightSessions().ApplyAllDatabaseChangesOnStartup();
    }

    /// <summary>Signs the person out here (the session and its tokens are deleted) and at the identity service.</summary>
    public static async Task SignOutAsync(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignOutAsync(OpenIdConnectDefaults.AuthenticationScheme, new AuthenticationProperties { RedirectUri = "/signed-out" });
    }
}
