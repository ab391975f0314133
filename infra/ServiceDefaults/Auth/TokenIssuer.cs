using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.ServiceDefaults.Auth;

/// <summary>
/// Mints bearer tokens with the platform's claims. Used by the demo and the tests; in production tokens
/// come from the identity provider that holds the same key (or, later, an asymmetric one).
/// </summary>
public static class TokenIssuer
{
    public static string Mint(AuthOptions options, Caller caller, TimeSpan lifetime, DateTimeOffset now) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(ClaimNames.Subject, caller.UserId),
                new Claim(ClaimNames.Department, caller.DepartmentId),
                new Claim(ClaimNames.Role, caller.Role),
            ]),
            SigningCredentials = new SigningCredentials(options.Key(), SecurityAlgorithms.HmacSha256),
        });
}
