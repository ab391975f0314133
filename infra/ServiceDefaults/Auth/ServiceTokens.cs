using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Shuangsuiji.ServiceDefaults.Auth;

/// <summary>
/// A host's own token, for calls it makes on its own behalf rather than a person's (the checkpoints' notary reading the
/// services' chain rows): client credentials at the identity service's token endpoint, found in the same discovery
/// document the host checks tokens against, and kept until a minute before it expires. The client is one the identity
/// service is configured with (Identity:ServiceClients), its secret given to this host alone.
/// </summary>
public sealed class ServiceTokens(IOptionsMonitor<JwtBearerOptions> jwt)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private (string Token, DateTimeOffset Renew)? current;

    public async Task<string> GetAsync(string clientId, string clientSecret, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            // Tokens are checked against wall clocks, whatever clock the platform's work runs on.
            if (current is { } held && TimeProvider.System.GetUtcNow() < held.Renew) return held.Token;
            var options = jwt.Get(JwtBearerDefaults.AuthenticationScheme);
            var discovery = await options.ConfigurationManager!.GetConfigurationAsync(ct);
            using var response = await options.Backchannel.PostAsync(discovery.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = clientSecret, ["scope"] = "shuangsuiji",
            }), ct);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            if (!response.IsSuccessStatusCode || !answer.TryGetProperty("access_token", out var token))
                throw new InvalidOperationException($"the identity service refused a token to {clientId}: {answer}");
            var lifetime = TimeSpan.FromSeconds(answer.TryGetProperty("expires_in", out var e) ? e.GetInt32() : 300);
            current = (token.GetString()!, TimeProvider.System.GetUtcNow() + lifetime - TimeSpan.FromMinutes(1));
            return current.Value.Token;
        }
        finally
        {
            gate.Release();
        }
    }
}
