using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Shuangsuiji.ServiceDefaults.Auth;

public static class AuthenticationExtensions
{
    /// <summary>
    /// Bearer tokens issued by the identity service, carrying user (sub), department (dept) and role. Every host checks
    /// them, the internal services too: the gateway forwards the caller's token rather than being trusted blindly. The
    /// keys come from the identity service's discovery document (JWKS), read again every Auth:KeysRefreshMinutes — a new
    /// key is published that long before it signs (KeyRing) — and, at most once a minute, when a token names a key id not
    /// seen (a forged one, or a host whose last reading failed).
    /// </summary>
    public static IHostApplicationBuilder AddPlatformAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) =>
            {
                var a = auth.Value;
                jwt.Authority = a.Authority is { Length: > 0 } authority ? authority
                    : throw new InvalidOperationException("Auth:Authority (the identity service's address, whose keys sign every token) is not configured");
                jwt.RequireHttpsMetadata = a.RequireHttpsMetadata;
                jwt.MapInboundClaims = false;
                jwt.RefreshOnIssuerKeyNotFound = true;
                jwt.AutomaticRefreshInterval = a.KeysRefresh;
                jwt.RefreshInterval = AuthOptions.UnknownKeyRefresh;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidAudience = a.Audience,
                    NameClaimType = ClaimNames.Subject,
                    RoleClaimType = ClaimNames.Role,
                    ClockSkew = TimeSpan.FromMinutes(1),
                };
            });
        builder.Services.AddSingleton<ServiceTokens>();
        builder.Services.AddAuthorization();
        return builder;
    }
}
