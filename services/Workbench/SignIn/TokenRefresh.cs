using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace Shuangsuiji.Workbench.SignIn;

/// <summary>
/// Renews a session's access token (fifteen minutes) with its refresh token shortly before it runs out, on the server; the
/// renewed ticket goes back to the store. When the identity service refuses (the account changed, was disabled, or the
/// refresh token expired), the session ends and the person signs in again.
/// </summary>
public sealed class TokenRefresh(IOptionsMonitor<OpenIdConnectOptions> oidc, IConfiguration configuration, ILogger<TokenRefresh> log)
{
    /// <summary>How long before its expiry a token is renewed (Workbench:RefreshBefore), so no call goes out with a dying one.</summary>
    private TimeSpan Before => TimeSpan.TryParse(configuration["Workbench:RefreshBefore"], CultureInfo.InvariantCulture, out var t) ? t : TimeSpan.FromMinutes(2);

    public async Task RenewAsync(CookieValidatePrincipalContext context)
    {
        // Tokens are dated by the identity service's wall clock.
        var now = TimeProvider.System.GetUtcNow();
        if (context.Properties.GetTokenValue("expires_at") is not { } expiresAt
            || DateTimeOffset.Parse(expiresAt, CultureInfo.InvariantCulture) - now > Before)
            return;
        if (await RefreshAsync(context.Properties.GetTokenValue("refresh_token"), context.HttpContext.RequestAborted) is not { } answer)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        context.Properties.UpdateTokenValue("access_token", answer.GetProperty("access_token").GetString()!);
        if (answer.TryGetProperty("refresh_token", out var refresh)) context.Properties.UpdateTokenValue("refresh_token", refresh.GetString()!);
        if (answer.TryGetProperty("id_token", out var id)) context.Properties.UpdateTokenValue("id_token", id.GetString()!);
        context.Properties.UpdateTokenValue("expires_at",
            (now + TimeSpan.FromSeconds(answer.GetProperty("expires_in").GetInt32())).ToString("o", CultureInfo.InvariantCulture));
        context.ShouldRenew = true;
    }

    private async Task<JsonElement?> RefreshAsync(string? refreshToken, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(refreshToken)) return null;
        var options = oidc.Get(OpenIdConnectDefaults.AuthenticationScheme);
        var discovery = await options.ConfigurationManager!.GetConfigurationAsync(ct);
        using var response = await options.Backchannel.PostAsync(discovery.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = options.ClientId!, ["client_secret"] = options.ClientSecret!,
        }), ct);
        if (response.IsSuccessStatusCode) return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        log.LogInformation("The identity service refused to renew a session's token ({Status}): the session ends", (int)response.StatusCode);
        return null;
    }
}
