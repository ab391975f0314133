using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using Shuangsuiji.Api.Catalog.V1;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Disclosure.V1;
using Shuangsuiji.Gateway.Routing;
using Shuangsuiji.Platform.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>The gateway and every service authenticate every command; departments act only within their own remit; public reads are open.</summary>
public sealed class AuthorizationTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);

    [Fact]
    public async Task A_command_without_a_token_is_unauthenticated_over_grpc_and_json()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => platform.Departments.CreateDepartmentAsync(new CreateDepartmentRequest
        {
            DepartmentId = "130300-X", Name = "x", Level = DepartmentLevel.City, RegionCode = "130300",
        }).ResponseAsync);
        var (_, info, chinese) = ErrorDetailsTests.Details(error, StatusCode.Unauthenticated, "gateway");
        Assert.Equal(("TOKEN_MISSING", "需要持有者令牌（authorization: Bearer …），请先登录"), (info.Reason, chinese));

        using var http = platform.Http();
        var response = await http.PostAsJsonAsync("/v1/departments", new { departmentId = "130300-X", name = "x", level = "DEPARTMENT_LEVEL_CITY", regionCode = "130300" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(16, body.RootElement.GetProperty("code").GetInt32());
        var details = body.RootElement.GetProperty("details").EnumerateArray().ToDictionary(d => d.GetProperty("@type").GetString()!);
        var errorInfo = details["type.googleapis.com/google.rpc.ErrorInfo"];
        Assert.Equal(("TOKEN_MISSING", "gateway.shuangsuiji"), (errorInfo.GetProperty("reason").GetString(), errorInfo.GetProperty("domain").GetString()));
        Assert.Equal("需要持有者令牌（authorization: Bearer …），请先登录", details["type.googleapis.com/google.rpc.LocalizedMessage"].GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_token_that_is_not_one_is_refused_as_invalid_over_grpc_and_json()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => platform.Departments.ListDepartmentsAsync(new ListDepartmentsRequest(),
            new Metadata { { "authorization", "Bearer not-a-token" } }).ResponseAsync);
        var (_, info, chinese) = ErrorDetailsTests.Details(error, StatusCode.Unauthenticated, "gateway");
        Assert.Equal(("TOKEN_INVALID", "令牌无效（签名、签发方、受众或格式不符）"), (info.Reason, chinese));

        using var http = platform.Http();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");
        var response = await http.GetAsync("/v1/departments");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains("\"TOKEN_INVALID\"", await response.Content.ReadAsStringAsync());
    }

    /// <summary>The tokens no host takes: each signed by a key the identity service does not hold.</summary>
    public static TheoryData<string, string> ForgedTokensAtEveryHost()
    {
        var data = new TheoryData<string, string>();
        foreach (var host in ApiContracts.Platform.ServiceNames.Prepend("gateway"))
            foreach (var forgery in new[] { "an unknown key id", "the published key id over another key", "a shared secret (HS256)" })
                data.Add(host, forgery);
        return data;
    }

    // Tokens are dated by the wall clock, as every host checks them (see TestTokens): relative to now, whatever the day.
    [Theory]
    [MemberData(nameof(ForgedTokensAtEveryHost))]
    public async Task A_token_signed_by_any_other_key_is_refused_by_every_host_called_directly(string host, string forgery)
    {
        SigningCredentials signing = forgery switch
        {
            "an unknown key id" => new(Impostor("a-key-never-published"), SecurityAlgorithms.EcdsaSha256),
            "the published key id over another key" => new(Impostor(TestTokens.Signing.Key.KeyId), SecurityAlgorithms.EcdsaSha256),
            // The kind of token every host could once make with the platform's shared HS256 key: no host holds such a key now.
            _ => new(new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes("devOnlySigningKeyForShuangsuijiNotASecretUseARealKeyInProduction")),
                SecurityAlgorithms.HmacSha256),
        };
        // Every host, the identity service too, maps the audit trail, which only a signed-in caller reads.
        var channel = host == "gateway" ? platform.GatewayChannel
            : Grpc.Net.Client.GrpcChannel.ForAddress(platform.ServerOf(host).BaseAddress, new() { HttpHandler = platform.ServerOf(host).CreateHandler() });
        var audit = new Api.Audit.V1.AuditTrail.AuditTrailClient(channel);
        var search = new Api.Audit.V1.SearchEventsRequest { Service = host == "gateway" ? "directories" : host, PageSize = 1 };
        Assert.NotNull(await audit.SearchEventsAsync(search, As(Scenario.Office)));
        var forged = TestTokens.Mint(Scenario.Office, TimeSpan.FromHours(1), DateTimeOffset.UtcNow, signing);
        var error = await Assert.ThrowsAsync<RpcException>(() => audit.SearchEventsAsync(search,
            new Metadata { { "authorization", $"Bearer {forged}" } }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        // The gateway, the one door for external systems, says why in details a program reads; a service behind it refuses
        // with the bare status.
        if (host == "gateway") Assert.Equal("TOKEN_INVALID", ErrorDetailsTests.Details(error, StatusCode.Unauthenticated, "gateway").Info.Reason);
    }

    private static ECDsaSecurityKey Impostor(string keyId) =>
        new(System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256)) { KeyId = keyId };

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var expired = TestTokens.Mint(Scenario.Office, TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow.AddHours(-1), TestTokens.Signing);
        var error = await Assert.ThrowsAsync<RpcException>(() => platform.Departments.ListDepartmentsAsync(new ListDepartmentsRequest(),
            new Metadata { { "authorization", $"Bearer {expired}" } }).ResponseAsync);
        var (_, info, chinese) = ErrorDetailsTests.Details(error, StatusCode.Unauthenticated, "gateway");
        Assert.Equal(("TOKEN_EXPIRED", "令牌已过期，请重新获取"), (info.Reason, chinese));
    }

    [Fact]
    public async Task Staff_of_another_department_may_not_change_a_list()
    {
        var (province, city, _) = await scenario.Hierarchy();
        await scenario.Item(province.DepartmentId, "HB-010");
        var error = await Assert.ThrowsAsync<RpcException>(() => platform.CatalogClient.RetireItemAsync(new RetireItemRequest
        {
            DepartmentId = province.DepartmentId, Code = "HB-010", Reason = "x", EffectiveOn = "2022-05-01",
        }, As(Scenario.StaffOf(city.DepartmentId))).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains(province.DepartmentId, error.Status.Detail);
    }

    [Fact]
    public async Task Only_the_supervising_office_creates_departments()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => platform.Departments.CreateDepartmentAsync(new CreateDepartmentRequest
        {
            DepartmentId = scenario.Id("130300-HB"), Name = "x", Level = DepartmentLevel.City, RegionCode = "130300",
        }, As(Scenario.StaffOf("130300-AMR"))).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task Public_records_are_read_without_a_token()
    {
        var (province, _, _) = await scenario.Hierarchy();
        await Eventually.Get(() => platform.Public.ListDepartmentsAsync(new ListPublicDepartmentsRequest()).ResponseAsync,
            r => r.Departments.Any(d => d.DepartmentId == province.DepartmentId), "the department on the public list");
    }
}
