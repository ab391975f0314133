using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Http;
using Shuangsuiji.Api.Disclosure.V1;
using Shuangsuiji.Gateway.Public;
using Shuangsuiji.Platform.Tests.Infrastructure;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// Anonymous calls at the gateway are limited per client address. Each test starts a gateway of its own with a low
/// limit, so the class's other gateway (and other tests) keep the default.
/// </summary>
public sealed class PublicRateLimitTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private const int Limit = 3;
    private const int Burst = 20;

    [Fact]
    public async Task A_burst_from_one_address_is_limited_while_other_addresses_and_callers_with_a_token_are_served()
    {
        await using var gateway = LimitedGateway();
        var burst = await Task.WhenAll(Enumerable.Range(0, Burst).Select(_ => Get(gateway, "203.0.113.7")));
        Assert.Contains(burst, r => r.Status == HttpStatusCode.OK);
        var limited = burst.First(r => r.Status == HttpStatusCode.TooManyRequests);
        Assert.Contains($"{Limit} a second", limited.Body);

        Assert.Equal(HttpStatusCode.OK, (await Get(gateway, "198.51.100.9")).Status);
        var withToken = await Task.WhenAll(Enumerable.Range(0, Burst).Select(_ => Get(gateway, "203.0.113.7", Scenario.Office)));
        Assert.All(withToken, r => Assert.Equal(HttpStatusCode.OK, r.Status));
    }

    [Fact]
    public async Task A_limited_grpc_caller_gets_resource_exhausted_with_the_limit_in_the_message()
    {
        await using var gateway = LimitedGateway();
        using var channel = GrpcChannel.ForAddress(gateway.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = gateway.Server.CreateHandler() });
        var client = new PublicRecords.PublicRecordsClient(channel);
        var calls = await Task.WhenAll(Enumerable.Range(0, Burst).Select(async _ =>
        {
            try
            {
                await client.ListDepartmentsAsync(new ListPublicDepartmentsRequest());
                return null;
            }
            catch (RpcException e)
            {
                return e;
            }
        }));
        Assert.Contains(null, calls);
        var limited = calls.First(e => e is not null)!;
        Assert.Equal(StatusCode.ResourceExhausted, limited.StatusCode);
        Assert.Contains($"{Limit} a second", limited.Status.Detail);
    }

    [Fact]
    public async Task The_portal_says_in_chinese_that_a_visitor_is_too_fast()
    {
        await using var gateway = LimitedGateway();
        var burst = await Task.WhenAll(Enumerable.Range(0, Burst).Select(_ => Get(gateway, "203.0.113.8", path: "/portal")));
        var limited = burst.First(r => r.Status == HttpStatusCode.TooManyRequests);
        Assert.StartsWith("访问过于频繁", limited.Body);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_has_its_own_bucket()
    {
        await using var gateway = LimitedGateway(trustedProxies: "10.0.0.0/8");
        // Only the address the proxy added (the last) counts: what each call's client wrote before it opens no bucket.
        var burst = await Task.WhenAll(Enumerable.Range(0, Burst).Select(i => Get(gateway, Ingress, forwardedFor: $"198.51.100.{i + 1}, 203.0.113.20")));
        Assert.Contains(burst, r => r.Status == HttpStatusCode.OK);
        Assert.Contains(burst, r => r.Status == HttpStatusCode.TooManyRequests);

        // Another visitor through the same Ingress is served: the bucket is the client's, not the proxy's.
        Assert.Equal(HttpStatusCode.OK, (await Get(gateway, Ingress, forwardedFor: "203.0.113.21")).Status);
    }

    [Fact]
    public async Task A_forwarded_address_from_a_caller_that_is_no_trusted_proxy_is_ignored()
    {
        // The default trusts no proxy; this gateway trusts another network than the caller's.
        foreach (var trusted in new string?[] { null, "10.0.0.0/8" })
        {
            await using var gateway = LimitedGateway(trusted);
            var burst = await Task.WhenAll(Enumerable.Range(0, Burst).Select(i => Get(gateway, "192.0.2.50", forwardedFor: $"203.0.113.{i + 1}")));
            Assert.Contains(burst, r => r.Status == HttpStatusCode.TooManyRequests);
        }
    }

    /// <summary>An Ingress controller's pod address, inside the trusted network.</summary>
    private const string Ingress = "10.42.0.17";

    private GatewayHost LimitedGateway(string? trustedProxies = null) =>
        platform.StartGateway(new Dictionary<string, string?>
        {
            [PublicRateLimiting.Setting] = Limit.ToString(),
            [$"{ForwardedClients.Setting}:0"] = trustedProxies,
        }.Where(s => s.Value is not null).ToDictionary());

    /// <summary>
    /// A GET from the given address (the in-process server lets a test say where a call comes from), with the
    /// X-Forwarded-For header a proxy (or a client) sends.
    /// </summary>
    private static async Task<(HttpStatusCode Status, string Body)> Get(
        GatewayHost gateway, string address, Caller? caller = null, string path = "/v1/public/departments", string? forwardedFor = null)
    {
        var context = await gateway.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = path;
            c.Connection.RemoteIpAddress = IPAddress.Parse(address);
            if (forwardedFor is not null) c.Request.Headers["X-Forwarded-For"] = forwardedFor;
            if (caller is not null) c.Request.Headers.Authorization = $"Bearer {TestEnvironment.Token(caller)}";
        });
        using var reader = new StreamReader(context.Response.Body);
        return ((HttpStatusCode)context.Response.StatusCode, await reader.ReadToEndAsync());
    }
}
