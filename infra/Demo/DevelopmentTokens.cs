using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;

namespace Shuangsuiji.Demo;

/// <summary>
/// Tokens for the demo and the benchmarks, which hold no key: the identity service issues them to its development client
/// (dev-tokens), which exists only in a development instance (SSYG_IDENTITY, the service's address, and
/// SSYG_DEV_TOKENS_SECRET, both set by infra/dev.sh). A token is kept until a minute before it expires.
/// </summary>
public static class DevelopmentTokens
{
    private static readonly HttpClient Http = new();
    private static readonly ConcurrentDictionary<(string User, string Department, string Role), (string Token, DateTimeOffset Renew)> Held = new();

    public static Metadata As(string user, string department, string role) => new() { { "authorization", "Bearer " + For(user, department, role) } };

    public static string For(string user, string department, string role)
    {
        var key = (user, department, role);
        if (Held.TryGetValue(key, out var held) && DateTimeOffset.UtcNow < held.Renew) return held.Token;
        var identity = Environment.GetEnvironmentVariable("SSYG_IDENTITY") ?? throw new InvalidOperationException("SSYG_IDENTITY (the identity service's address) is not set");
        var secret = Environment.GetEnvironmentVariable("SSYG_DEV_TOKENS_SECRET") ?? throw new InvalidOperationException("SSYG_DEV_TOKENS_SECRET is not set");
        // Synchronous: the tools build call options inline, and a token is asked for once per caller and quarter hour.
        using var response = Http.Send(new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(identity), "connect/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = "dev-tokens", ["client_secret"] = secret,
                ["dept"] = department, ["role"] = role, ["sub"] = user, ["region"] = RegionOf(department),
            }),
        });
        var answer = response.Content.ReadFromJsonAsync<JsonElement>().GetAwaiter().GetResult();
        if (!answer.TryGetProperty("access_token", out var token))
            throw new InvalidOperationException($"the identity service at {identity} refused a development token: {answer}");
        var renew = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(answer.GetProperty("expires_in").GetInt32()) - TimeSpan.FromMinutes(1);
        Held[key] = (token.GetString()!, renew);
        return token.GetString()!;
    }

    /// <summary>
    /// The region the demo's department ids begin with (130302-AMR), for a department the identity service has not heard of
    /// yet: the office that creates the first departments.
    /// </summary>
    private static string RegionOf(string department) =>
        department.Length > 7 && department[6] == '-' && department[..6].All(char.IsAsciiDigit) ? department[..6] : "";
}
