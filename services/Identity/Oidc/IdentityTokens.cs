using System.Security.Claims;
using OpenIddict.Abstractions;
using Shuangsuiji.Kernel;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Shuangsuiji.Identity.Oidc;

/// <summary>
/// The tokens the identity service issues: access tokens (JWT, ES256, fifteen minutes) for the platform's API, with the
/// caller's user (sub), department (dept), the one role it acts in (role) and name; identity tokens for the consoles; refresh
/// tokens (encrypted, for the consoles, twelve hours) that carry the account's stamp, so that a change of roles or a
/// disabling ends them.
/// </summary>
public static class IdentityTokens
{
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromHours(12);

    /// <summary>The audience of every access token: the platform's API (the gateway and every service check it).</summary>
    public const string Audience = "shuangsuiji";

    /// <summary>The scope a console asks for to call the API.</summary>
    public const string ApiScope = "shuangsuiji";

    public const string DepartmentClaim = "dept";
    public const string StampClaim = "stamp";
    /// <summary>The department's division code: the services scope an office's reads by it.</summary>
    public const string RegionClaim = "region";

    /// <summary>The authorization request parameter by which a console asks for the role its user acts in.</summary>
    public const string ActingRoleParameter = "acting_role";

    /// <summary>A principal for a person (an account acting in one of its roles) or a system (a client, role system).</summary>
    public static ClaimsPrincipal Principal(string subject, string name, string department, string role, string? region, int? stamp,
        IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity("shuangsuiji", Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject).SetClaim(Claims.Name, name).SetClaim(DepartmentClaim, department).SetClaim(Claims.Role, role);
        if (region is { Length: > 0 }) identity.SetClaim(RegionClaim, region);
        if (stamp is { } s) identity.SetClaim(StampClaim, s.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(scopes).SetAudiences(Audience);
        principal.SetDestinations(claim => claim.Type switch
        {
            StampClaim => [],
            Claims.Subject or Claims.Role or DepartmentClaim or RegionClaim or Claims.Name => [Destinations.AccessToken, Destinations.IdentityToken],
            _ => [Destinations.AccessToken],
        });
        return principal;
    }
}
