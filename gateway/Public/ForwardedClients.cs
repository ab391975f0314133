using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.HttpOverrides;

namespace Shuangsuiji.Gateway.Public;

/// <summary>
/// Behind an Ingress every call comes from the proxy's address, so every anonymous caller would share one rate-limit
/// bucket. The client's own address is taken from X-Forwarded-For (and the scheme from X-Forwarded-Proto) only when the
/// call comes from a network in Gateway:TrustedProxies (CIDR, e.g. "10.0.0.0/8"); with none listed no proxy is trusted,
/// not even the loopback, so a client cannot choose its own bucket by sending the header itself. Only the last address
/// (the one the trusted proxy added) is taken: whatever the client wrote before it is its own claim.
/// </summary>
public static class ForwardedClients
{
    public const string Setting = "Gateway:TrustedProxies";

    public static IServiceCollection AddForwardedClients(this IServiceCollection services)
    {
        // Read when first used, so a host's settings (and a test's) apply.
        services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((options, config) =>
        {
            options.ForwardLimit = 1;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var network in config.GetSection(Setting).Get<string[]>() ?? [])
            {
                options.KnownIPNetworks.Add(IPNetwork.TryParse(network, out var parsed) ? parsed
                    : throw new InvalidOperationException($"{Setting}: '{network}' is not a network in CIDR notation (e.g. 10.0.0.0/8)"));
            }
            // With no known proxy or network the middleware would trust every caller: then it reads no header at all.
            options.ForwardedHeaders = options.KnownIPNetworks.Count == 0 ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        });
        return services;
    }
}
