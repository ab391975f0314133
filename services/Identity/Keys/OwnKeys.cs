using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Shuangsuiji.Identity.Keys;

/// <summary>
/// The identity service checks the tokens presented to its own API (accounts, clients) against its key ring directly,
/// rather than reading its own discovery document over HTTP.
/// </summary>
public sealed class OwnKeys(KeyRing ring, IOptions<Oidc.IdentityOptions> options) : IConfigurationManager<OpenIdConnectConfiguration>, IPostConfigureOptions<JwtBearerOptions>
{
    public Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = options.Value.Issuer };
        foreach (var (_, key) in ring.Published) configuration.SigningKeys.Add(key);
        return Task.FromResult(configuration);
    }

    public void RequestRefresh() { }

    public void PostConfigure(string? name, JwtBearerOptions jwt) => jwt.ConfigurationManager = this;
}
