using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OtpNet;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Identity.V1;
using Shuangsuiji.ServiceDefaults.Departments;
using Shuangsuiji.Identity.Keys;
using Shuangsuiji.Kernel;
using Shuangsuiji.Platform.Tests.Infrastructure;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;
using Account = Shuangsuiji.Identity.Accounts.Account;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// The identity service: accounts kept by administrators, a person's sign-in (one-time password, new password, TOTP,
/// lockout) leading a console to its tokens by code flow with PKCE, systems' client credentials, refresh tokens that end
/// when an account changes, and signing keys that rotate and are published as JWKS.
/// </summary>
public sealed partial class IdentityTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);
    private const string Office = "130300-OFFICE";

    private GrpcChannel Channel => GrpcChannel.ForAddress(platform.Identity.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = platform.Identity.Server.CreateHandler() });
    private Accounts.AccountsClient AccountsApi => new(Channel);
    private Clients.ClientsClient ClientsApi => new(Channel);

    /// <summary>A county market bureau, and the city office, both known to the identity service.</summary>
    private async Task<string> Department()
    {
        try
        {
            await platform.Departments.CreateDepartmentAsync(new CreateDepartmentRequest
            {
                DepartmentId = Office, Name = "秦皇岛市双随机办", Level = DepartmentLevel.City, RegionCode = "130300", Kind = DepartmentKind.Office,
            }, As(Scenario.Office));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
        }
        var amr = (await scenario.Department("130302-AMR", DepartmentLevel.County, "130302")).DepartmentId;
        var store = platform.Identity.Services.GetRequiredService<IDocumentStore>();
        await Eventually.Get(async () =>
        {
            await using var query = store.QuerySession();
            return (await query.LoadManyAsync<KnownDepartment>(Office, amr)).Count;
        }, n => n == 2, "the departments at the identity service");
        return amr;
    }

    private async Task<(string Username, string Password)> NewAccount(string department, params string[] roles)
    {
        var username = $"u{Guid.NewGuid():N}"[..12];
        var created = await AccountsApi.CreateAccountAsync(new CreateAccountRequest
        {
            Username = username, DisplayName = "张明", DepartmentId = department, Roles = { roles },
        }, As(new Caller("admin-li", department, "admin")));
        return (username, created.OneTimePassword);
    }

    private static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    private static string AuthorizeUrl(string challenge, string? role = null) =>
        $"/connect/authorize?client_id={ConsoleClient.ClientId}&redirect_uri={Uri.EscapeDataString(ConsoleClient.RedirectUri)}&response_type=code"
        + $"&scope={Uri.EscapeDataString("openid profile offline_access shuangsuiji")}&state=s1&code_challenge={challenge}&code_challenge_method=S256"
        + (role is null ? "" : $"&acting_role={role}");

    private async Task<JsonElement> Redeem(string code, string verifier)
    {
        using var http = platform.Identity.CreateClient();
        var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = ConsoleClient.RedirectUri, ["code_verifier"] = verifier,
            ["client_id"] = ConsoleClient.ClientId, ["client_secret"] = ConsoleClient.Secret,
        }));
        return await Answer(response);
    }

    private async Task<JsonElement> TokenRequest(Dictionary<string, string> form)
    {
        using var http = platform.Identity.CreateClient();
        return await Answer(await http.PostAsync("/connect/token", new FormUrlEncodedContent(form)));
    }

    private static async Task<JsonElement> Answer(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>The access token's claims, after checking its signature against the keys the identity service publishes.</summary>
    private async Task<JsonWebToken> Verified(string accessToken)
    {
        using var http = platform.Identity.CreateClient();
        var jwks = new JsonWebKeySet(await http.GetStringAsync("/.well-known/jwks"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(accessToken, new TokenValidationParameters
        {
            ValidIssuer = "http://identity.test/", ValidAudience = "shuangsuiji", IssuerSigningKeys = jwks.GetSigningKeys(),
            // The platform's clock is not the wall clock: the signature and the claims are what is checked here.
            ValidateLifetime = false,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }

    /// <summary>Every event the identity service has stored (any account's, any client's), its data as JSON.</summary>
    private async Task<string> StoredEvents()
    {
        await using var query = platform.Identity.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return string.Join('\n', (await query.Events.QueryAllRawEvents().ToListAsync()).Select(e => JsonSerializer.Serialize(e.Data)));
    }

    private static string CodeOf(Uri redirect) => CodePattern().Match(redirect.Query).Groups[1].Value;

    [Fact]
    public async Task A_person_signs_in_with_a_one_time_password_sets_a_new_one_and_the_console_gets_tokens_by_code_flow_with_pkce()
    {
        var amr = await Department();
        var (username, oneTime) = await NewAccount(amr, Roles.Staff);
        using var browser = new FormBrowser<Shuangsuiji.Identity.Accounts.AccountsApi>(platform.Identity);
        var (verifier, challenge) = Pkce();

        await browser.Get(AuthorizeUrl(challenge));
        Assert.Contains("/account/login", browser.LastLocation!.ToString());
        Assert.Contains("登录", browser.LastPage);
        await browser.Submit(browser.LastLocation!.ToString(), new Dictionary<string, string> { ["Username"] = username, ["Password"] = oneTime });
        Assert.Contains("设置新密码", browser.LastPage);
        await browser.Submit(browser.LastLocation!.ToString(), new Dictionary<string, string> { ["NewPassword"] = "short", ["Confirm"] = "short" });
        Assert.Contains("至少需要 10 个字符", browser.LastPage);
        var response = await browser.Submit(browser.LastLocation!.ToString(),
            new Dictionary<string, string> { ["NewPassword"] = "Haigang-2026-ok", ["Confirm"] = "Haigang-2026-ok" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(ConsoleClient.RedirectUri, response.Headers.Location!.ToString());

        var tokens = await Redeem(CodeOf(response.Headers.Location!), verifier);
        var access = await Verified(tokens.GetProperty("access_token").GetString()!);
        Assert.Equal((username, amr, Roles.Staff), (access.Subject, access.GetClaim("dept").Value, access.GetClaim("role").Value));
        Assert.Equal("ES256", access.Alg);
        Assert.InRange(access.ValidTo - access.IssuedAt, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.True(tokens.TryGetProperty("refresh_token", out _));
        // Without the verifier the code is no good (PKCE), and it is good once.
        Assert.Equal("invalid_grant", (await Redeem(CodeOf(response.Headers.Location!), verifier)).GetProperty("error").GetString());
        // The account's history holds the sign-in, and no password in clear.
        await using var query = platform.Identity.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await query.Events.FetchStreamAsync(Account.StreamId(username));
        Assert.Contains(events, e => e.EventTypeName == "account_signed_in");
        Assert.DoesNotContain(events, e => JsonSerializer.Serialize(e.Data).Contains("Haigang-2026-ok") || JsonSerializer.Serialize(e.Data).Contains(oneTime));
    }

    [Fact]
    public async Task A_reviewer_enrolls_an_authenticator_at_the_first_sign_in_and_then_signs_in_with_its_code_or_a_recovery_code_once()
    {
        var amr = await Department();
        var (username, oneTime) = await NewAccount(amr, Roles.Reviewer, Roles.Staff);
        using var browser = new FormBrowser<Shuangsuiji.Identity.Accounts.AccountsApi>(platform.Identity);
        var (_, challenge) = Pkce();
        await browser.Get(AuthorizeUrl(challenge, Roles.Reviewer));
        await browser.Submit(browser.LastLocation!.ToString(), new Dictionary<string, string> { ["Username"] = username, ["Password"] = oneTime });
        await browser.Submit(browser.LastLocation!.ToString(), new Dictionary<string, string> { ["NewPassword"] = "Reviewer#2026a", ["Confirm"] = "Reviewer#2026a" });
        Assert.Contains("绑定身份验证器", browser.LastPage);
        var secret = SecretPattern().Match(browser.LastPage).Groups[1].Value.Replace(" ", "");
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        // A code of ten minutes from now is not today's.
        await browser.Submit(browser.LastLocation!.ToString(), new Dictionary<string, string> { ["Code"] = totp.ComputeTotp(platform.Clock.GetUtcNow().UtcDateTime.AddMinutes(10)) });
        Assert.Contains("验证码不正确", browser.LastPage);
        await browser.Submit(browser.LastLocation!.ToString(), new Dictionary<string, string> { ["Code"] = totp.ComputeTotp(platform.Clock.GetUtcNow().UtcDateTime) });
        Assert.Contains("请保存恢复码", browser.LastPage);
        var recovery = RecoveryPattern().Matches(browser.LastPage).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, recovery.Count);

        // A later sign-in asks for a code: a fresh one works, the same one again does not, a recovery code works once.
        async Task<string> SignIn(string code)
        {
            using var again = new FormBrowser<Shuangsuiji.Identity.Accounts.AccountsApi>(platform.Identity);
            await again.Get(AuthorizeUrl(challenge, Roles.Reviewer));
            await again.Submit(again.LastLocation!.ToString(), new Dictionary<string, string> { ["Username"] = username, ["Password"] = "Reviewer#2026a" });
            Assert.Contains("动态验证码", again.LastPage);
            var response = await again.Submit(again.LastLocation!.ToString(), new Dictionary<string, string> { ["Code"] = code });
            return response.Headers.Location?.ToString() ?? again.LastPage;
        }
        platform.Clock.Advance(TimeSpan.FromSeconds(60));
        var now = totp.ComputeTotp(platform.Clock.GetUtcNow().UtcDateTime);
        Assert.StartsWith(ConsoleClient.RedirectUri, await SignIn(now));
        Assert.Contains("验证码不正确", await SignIn(now));
        Assert.StartsWith(ConsoleClient.RedirectUri, await SignIn(recovery[3]));
        Assert.Contains("验证码不正确", await SignIn(recovery[3]));
    }

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Supervisor)]
    public async Task An_administrator_and_a_supervisor_enroll_an_authenticator_before_the_console_gets_tokens(string role)
    {
        var amr = await Department();
        // A supervisor belongs to an office; its administrator keeps its accounts as a department's does.
        var department = role == Roles.Supervisor ? Office : amr;
        var (username, oneTime) = await NewAccount(department, role);
        using var browser = new FormBrowser<Shuangsuiji.Identity.Accounts.AccountsApi>(platform.Identity);
        var (verifier, challenge) = Pkce();
        await browser.Get(AuthorizeUrl(challenge));
        await browser.Submit(browser.LastLocation!.ToString(), new Dictionary<string, string> { ["Username"] = username, ["Password"] = oneTime });
        var changed = await browser.Submit(browser.LastLocation!.ToString(), new Dictionary<string, string> { ["NewPassword"] = "Second-2026-ok", ["Confirm"] = "Second-2026-ok" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("绑定身份验证器", browser.LastPage);
        // Asking the console's way again gives no code: the person signs in again, and is brought back to the enrollment.
        var again = await browser.Get(AuthorizeUrl(challenge));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("/account/login", browser.LastLocation!.ToString());
        await browser.Submit(browser.LastLocation!.ToString(), new Dictionary<string, string> { ["Username"] = username, ["Password"] = "Second-2026-ok" });
        Assert.Contains("绑定身份验证器", browser.LastPage);
        var enroll = browser.LastLocation!.ToString();
        var secret = SecretPattern().Match(browser.LastPage).Groups[1].Value.Replace(" ", "");

        await browser.Submit(enroll, new Dictionary<string, string> { ["Code"] = new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(platform.Clock.GetUtcNow().UtcDateTime) });
        Assert.Contains("请保存恢复码", browser.LastPage);
        var back = await browser.Get(WebUtility.HtmlDecode(ContinuePattern().Match(browser.LastPage).Groups[1].Value));
        Assert.StartsWith(ConsoleClient.RedirectUri, back.Headers.Location!.ToString());
        var access = await Verified((await Redeem(CodeOf(back.Headers.Location!), verifier)).GetProperty("access_token").GetString()!);
        Assert.Equal((username, department, role), (access.Subject, access.GetClaim("dept").Value, access.GetClaim("role").Value));
        await using var query = platform.Identity.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Contains(await query.Events.FetchStreamAsync(Account.StreamId(username)), e => e.EventTypeName == "account_totp_enrolled");
        // The key is kept protected: neither it nor its bytes appear in any event.
        var stored = await StoredEvents();
        Assert.DoesNotContain(secret, stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(Base32Encoding.ToBytes(secret)), stored);
    }

    [Fact]
    public async Task Five_failed_sign_ins_lock_an_account_for_fifteen_minutes_a_disabled_account_cannot_sign_in_and_the_countys_office_reads_it_all()
    {
        var amr = await Department();
        var (username, oneTime) = await NewAccount(amr, Roles.Staff);
        async Task<string> Try(string password)
        {
            using var browser = new FormBrowser<Shuangsuiji.Identity.Accounts.AccountsApi>(platform.Identity);
            await browser.Get("/account/login");
            await browser.Submit("/account/login", new Dictionary<string, string> { ["Username"] = username, ["Password"] = password });
            return browser.LastPage;
        }
        for (var i = 0; i < 4; i++) Assert.Contains("用户名或密码不正确", await Try("wrong-password"));
        Assert.Contains("账户已锁定", await Try("wrong-password"));
        Assert.Contains("账户已锁定", await Try(oneTime));
        platform.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Contains("设置新密码", await Try(oneTime));

        await AccountsApi.DisableAccountAsync(new AccountCommandRequest { Username = username, Reason = "调离" }, As(new Caller("admin-li", amr, "admin")));
        Assert.Contains("账户已停用", await Try(oneTime));

        // The county's office reads its county's sign-ins, failures and lockouts in the audit trail; another county's does not.
        var audit = new Api.Audit.V1.AuditTrail.AuditTrailClient(platform.GatewayChannel);
        var history = new Api.Audit.V1.GetHistoryRequest { Service = "identity", StreamId = Shuangsuiji.Identity.Accounts.Account.StreamId(username) };
        var seen = await audit.GetHistoryAsync(history, As(Scenario.CountyOffice("130302")));
        Assert.Contains(seen.Events, e => e.Role == "sign-in" && e.Actor == username && e.Data.Length > 0);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            audit.GetHistoryAsync(history, As(Scenario.CountyOffice("130303"))).ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task The_refusals_of_accounts_and_clients_carry_their_reason_and_a_chinese_message()
    {
        var amr = await Department();
        var admin = As(new Caller("admin-li", amr, "admin"));
        var other = await Assert.ThrowsAsync<RpcException>(() => AccountsApi.CreateAccountAsync(new CreateAccountRequest
        {
            Username = "someone-else", DisplayName = "李华", DepartmentId = amr, Roles = { Roles.Staff },
        }, As(new Caller("admin-x", "130399-OTHER", "admin"))).ResponseAsync);
        var (_, info, chinese) = ErrorDetailsTests.Details(other, StatusCode.PermissionDenied, "identity");
        Assert.Equal(("ADMINISTRATOR_ONLY", amr), (info.Reason, info.Metadata["department_id"]));
        Assert.Equal($"{amr} 的账户由本部门管理员和所在地区的领导小组办公室管理；130399-OTHER（admin）无权操作", chinese);

        var supervisor = await Assert.ThrowsAsync<RpcException>(() => AccountsApi.CreateAccountAsync(new CreateAccountRequest
        {
            Username = "not-an-office", DisplayName = "王强", DepartmentId = amr, Roles = { Roles.Supervisor },
        }, admin).ResponseAsync);
        (var status, info, chinese) = ErrorDetailsTests.Details(supervisor, StatusCode.InvalidArgument, "identity");
        Assert.Equal(("SUPERVISOR_OF_OFFICE_ONLY", amr, "roles"), (info.Reason, info.Metadata["department_id"], info.Metadata["field"]));
        Assert.Equal("roles", Assert.Single(status.GetDetail<BadRequest>().FieldViolations).Field);
        Assert.Equal($"roles：supervisor 角色只属于领导小组办公室；{amr} 是成员单位", chinese);

        var unknown = await Assert.ThrowsAsync<RpcException>(() => AccountsApi.CreateAccountAsync(new CreateAccountRequest
        {
            Username = "nowhere", DisplayName = "赵六", DepartmentId = "130399-NONE", Roles = { Roles.Staff },
        }, As(new Caller("admin-n", "130399-NONE", "admin"))).ResponseAsync);
        (status, info, _) = ErrorDetailsTests.Details(unknown, StatusCode.InvalidArgument, "identity");
        Assert.Equal(("DEPARTMENT_NOT_KNOWN", "130399-NONE"), (info.Reason, info.Metadata["department_id"]));
        Assert.NotNull(status.GetDetail<RetryInfo>());

        var (username, _) = await NewAccount(amr, Roles.Staff);
        await AccountsApi.DisableAccountAsync(new AccountCommandRequest { Username = username, Reason = "调离" }, admin);
        var again = await Assert.ThrowsAsync<RpcException>(() => AccountsApi.DisableAccountAsync(new AccountCommandRequest { Username = username, Reason = "调离" },
            admin).ResponseAsync);
        (status, info, chinese) = ErrorDetailsTests.Details(again, StatusCode.FailedPrecondition, "identity");
        Assert.Equal(("ACCOUNT_STATUS_UNCHANGED", username, "disabled"), (info.Reason, info.Metadata["username"], info.Metadata["status"]));
        Assert.Equal(username, Assert.Single(status.GetDetail<PreconditionFailure>().Violations).Subject);
        Assert.Equal($"账户 {username} 已停用", chinese);
        var missing = await Assert.ThrowsAsync<RpcException>(() => AccountsApi.GetAccountAsync(new GetAccountRequest { Username = "no-such-person" }, admin).ResponseAsync);
        Assert.Equal("ACCOUNT_NOT_FOUND", ErrorDetailsTests.Details(missing, StatusCode.NotFound, "identity").Info.Reason);

        var client = (await ClientsApi.RegisterClientAsync(new RegisterClientRequest { ClientId = $"sys-{Guid.NewGuid():N}"[..16], DisplayName = "业务系统", DepartmentId = amr },
            admin)).Client.ClientId;
        await ClientsApi.RevokeClientAsync(new ClientCommandRequest { ClientId = client, Reason = "系统下线" }, admin);
        var revoked = await Assert.ThrowsAsync<RpcException>(() => ClientsApi.RotateClientSecretAsync(new ClientCommandRequest { ClientId = client }, admin).ResponseAsync);
        (_, info, chinese) = ErrorDetailsTests.Details(revoked, StatusCode.FailedPrecondition, "identity");
        Assert.Equal(("CLIENT_REVOKED", client), (info.Reason, info.Metadata["client_id"]));
        Assert.Equal($"系统客户端 {client} 已吊销", chinese);
    }

    [Fact]
    public async Task A_system_gets_a_token_by_client_credentials_until_its_secret_is_rotated_or_it_is_revoked()
    {
        var amr = await Department();
        var admin = As(new Caller("admin-li", amr, "admin"));
        var registered = await ClientsApi.RegisterClientAsync(new RegisterClientRequest { ClientId = $"sys-{Guid.NewGuid():N}"[..16], DisplayName = "市场监管业务系统", DepartmentId = amr }, admin);
        Dictionary<string, string> Credentials(string secret) => new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = registered.Client.ClientId, ["client_secret"] = secret, ["scope"] = "shuangsuiji",
        };
        var token = await Verified((await TokenRequest(Credentials(registered.ClientSecret_))).GetProperty("access_token").GetString()!);
        Assert.Equal((registered.Client.ClientId, amr, Roles.System), (token.Subject, token.GetClaim("dept").Value, token.GetClaim("role").Value));

        var rotated = await ClientsApi.RotateClientSecretAsync(new ClientCommandRequest { ClientId = registered.Client.ClientId }, admin);
        Assert.Equal("invalid_client", (await TokenRequest(Credentials(registered.ClientSecret_))).GetProperty("error").GetString());
        Assert.True((await TokenRequest(Credentials(rotated.ClientSecret_))).TryGetProperty("access_token", out _));
        await ClientsApi.RevokeClientAsync(new ClientCommandRequest { ClientId = registered.Client.ClientId, Reason = "系统下线" }, admin);
        Assert.Equal("invalid_client", (await TokenRequest(Credentials(rotated.ClientSecret_))).GetProperty("error").GetString());
        // No password grant: people sign in at the identity service's pages only.
        Assert.Equal("unsupported_grant_type", (await TokenRequest(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = "x", ["password"] = "y", ["client_id"] = ConsoleClient.ClientId, ["client_secret"] = ConsoleClient.Secret,
        })).GetProperty("error").GetString());

        await using var query = platform.Identity.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var kinds = (await query.Events.FetchStreamAsync($"client:{registered.Client.ClientId}")).Select(e => e.EventTypeName).ToList();
        Assert.Equal(["client_registered", "client_token_issued", "client_secret_rotated", "client_token_refused", "client_token_issued", "client_revoked",
            "client_token_refused"], kinds);
        var stored = await StoredEvents();
        Assert.DoesNotContain(registered.ClientSecret_, stored);
        Assert.DoesNotContain(rotated.ClientSecret_, stored);
    }

    [Theory]
    [InlineData("roles changed")]
    [InlineData("disabled")]
    [InlineData("password reset")]
    public async Task A_refresh_token_ends_when_the_accounts_roles_change_it_is_disabled_or_its_password_is_reset(string change)
    {
        var amr = await Department();
        var (username, oneTime) = await NewAccount(amr, Roles.Staff);
        using var browser = new FormBrowser<Shuangsuiji.Identity.Accounts.AccountsApi>(platform.Identity);
        var (verifier, challenge) = Pkce();
        await browser.Get(AuthorizeUrl(challenge));
        await browser.Submit(browser.LastLocation!.ToString(), new Dictionary<string, string> { ["Username"] = username, ["Password"] = oneTime });
        var back = await browser.Submit(browser.LastLocation!.ToString(), new Dictionary<string, string> { ["NewPassword"] = "Refresh-2026-ok", ["Confirm"] = "Refresh-2026-ok" });
        var tokens = await Redeem(CodeOf(back.Headers.Location!), verifier);
        Dictionary<string, string> Refresh(JsonElement t) => new()
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = t.GetProperty("refresh_token").GetString()!, ["client_id"] = ConsoleClient.ClientId,
            ["client_secret"] = ConsoleClient.Secret,
        };
        var renewed = await TokenRequest(Refresh(tokens));
        Assert.True(renewed.TryGetProperty("access_token", out _), renewed.ToString());

        var admin = As(new Caller("admin-li", amr, "admin"));
        _ = change switch
        {
            "roles changed" => await AccountsApi.ChangeRolesAsync(new ChangeRolesRequest { Username = username, Roles = { Roles.Reviewer }, Reason = "调整分工" }, admin),
            "disabled" => await AccountsApi.DisableAccountAsync(new AccountCommandRequest { Username = username, Reason = "调离" }, admin),
            _ => (object)await AccountsApi.ResetPasswordAsync(new ResetPasswordRequest { Username = username, Reason = "忘记密码" }, admin),
        };
        Assert.Equal("invalid_grant", (await TokenRequest(Refresh(renewed))).GetProperty("error").GetString());
        Assert.Equal("invalid_grant", (await TokenRequest(Refresh(tokens))).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_new_signing_key_is_published_before_it_signs_so_a_service_takes_its_tokens_and_the_replaced_keys_until_they_expire()
    {
        // An identity host with a key folder of its own and a 30-day rotation (the platform's own never rotates, so that the
        // tests' tokens stay good whatever a test does with the clock), and a directories host that reads its keys.
        var keys = Path.Combine(Path.GetTempPath(), $"ssyg-identity-rotation-{Guid.NewGuid():N}");
        await using var identity = platform.StartService<Shuangsuiji.Identity.Accounts.AccountsApi>("identity",
            new Dictionary<string, string?> { ["Identity:KeysPath"] = keys, ["Identity:KeyRotationDays"] = "30" });
        await using var directories = platform.StartService<Shuangsuiji.Directories.Departments.DepartmentsApi>("directories", replica: "keys", identity: identity);
        var ring = identity.Services.GetRequiredService<KeyRing>();
        using var http = identity.CreateClient();
        async Task<List<string>> Jwks() => [.. new JsonWebKeySet(await http.GetStringAsync("/.well-known/jwks")).Keys.Select(k => k.Kid)];
        var discovery = await http.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");
        Assert.EndsWith("/.well-known/jwks", discovery.GetProperty("jwks_uri").GetString());
        async Task<string> Issued()
        {
            using var tokens = new HttpClient(identity.Server.CreateHandler()) { BaseAddress = identity.Server.BaseAddress };
            return (await Answer(await tokens.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = "dev-tokens", ["client_secret"] = DevelopmentTokensSecret,
                ["dept"] = Scenario.Office.DepartmentId, ["role"] = Roles.Supervisor,
            })))).GetProperty("access_token").GetString()!;
        }
        var service = new Departments.DepartmentsClient(GrpcChannel.ForAddress(directories.Server.BaseAddress,
            new GrpcChannelOptions { HttpHandler = directories.Server.CreateHandler() }));
        async Task<StatusCode> Call(string token)
        {
            try
            {
                await service.ListDepartmentsAsync(new ListDepartmentsRequest(), new Metadata { { "authorization", $"Bearer {token}" } });
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        }
        var replaced = ring.Current.KeyId;
        var old = await Issued();
        Assert.Equal(StatusCode.OK, await Call(old)); // the directories host reads the keys: the current one only

        // The hourly check, once the next key is due (two key refreshes of the hosts before the current key is 30 days old):
        // the next key is published, and the current one still signs — a token issued now is one the host knows the key of.
        var publishedBeforeUse = 2 * TimeSpan.FromMinutes(Shuangsuiji.ServiceDefaults.Auth.AuthOptions.DefaultKeysRefreshMinutes);
        platform.Clock.Advance(TimeSpan.FromDays(30) - publishedBeforeUse + TimeSpan.FromMinutes(1));
        Assert.True(ring.Rotate());
        var next = Assert.Single(ring.Published, k => k.KeyId != replaced).KeyId;
        Assert.Equal(new[] { replaced, next }.Order(), (await Jwks()).Order());
        var meanwhile = await Issued();
        Assert.Equal(replaced, new JsonWebToken(meanwhile).Kid);
        Assert.Equal(StatusCode.OK, await Call(meanwhile));

        // The host reads the keys again, as it does every Auth:KeysRefreshMinutes (here at once: its refresh runs on the wall
        // clock, the ring on the platform's); then the next key signs, and the host takes its tokens and the replaced key's.
        var jwt = directories.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions>>()
            .Get(Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerDefaults.AuthenticationScheme).ConfigurationManager!;
        jwt.RequestRefresh();
        await Eventually.Get(() => jwt.GetConfigurationAsync(CancellationToken.None), c => c.SigningKeys.Any(k => k.KeyId == next), "the next key read by the host");
        platform.Clock.Advance(publishedBeforeUse);
        Assert.True(ring.Rotate());
        Assert.Equal(next, ring.Current.KeyId);
        var fresh = await Issued();
        Assert.Equal(next, new JsonWebToken(fresh).Kid);
        Assert.Equal(StatusCode.OK, await Call(fresh));
        Assert.Equal(StatusCode.OK, await Call(old));
        // A key the identity service never published is refused, whatever id it gives itself.
        var stranger = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "never-published" };
        Assert.Equal(StatusCode.Unauthenticated, await Call(TestTokens.Mint(Scenario.Office, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow,
            new SigningCredentials(stranger, SecurityAlgorithms.EcdsaSha256))));

        // Once the replaced key's last token has expired, it is no longer published.
        platform.Clock.Advance(TimeSpan.FromMinutes(30));
        ring.Rotate();
        Assert.Equal([next], await Jwks());
        Directory.Delete(keys, recursive: true);
    }

    [Fact]
    public void No_key_is_on_disk_in_clear_and_a_copy_of_the_key_folder_without_the_certificate_opens_nothing()
    {
        var ring = platform.Identity.Services.GetRequiredService<KeyRing>();
        var files = Directory.GetFiles(TestTokens.KeysPath, "*", SearchOption.AllDirectories);
        var protection = files.Where(f => f.EndsWith(".xml", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(protection);
        // A Data Protection key in clear is a <masterKey> element; encrypted, it is the certificate's EncryptedData.
        Assert.All(protection, f => Assert.Contains("EncryptedXmlDecryptor", File.ReadAllText(f)));
        Assert.All(protection, f => Assert.DoesNotContain("masterKey", File.ReadAllText(f)));
        var signing = Convert.ToBase64String(ring.Current.Key.ECDsa.ExportPkcs8PrivateKey());
        Assert.All(files, f => Assert.DoesNotContain(signing, File.ReadAllText(f)));

        // A copy of the folder: its Data Protection keys cannot be read without the certificate, so neither can the ring's.
        var copy = Directory.CreateTempSubdirectory("ssyg-identity-keys-copy-");
        foreach (var file in protection) File.Copy(file, Path.Combine(copy.FullName, Path.GetFileName(file)));
        var stolen = DataProtectionProvider.Create(copy, b => b.SetApplicationName(KeyRing.ApplicationName))
            .CreateProtector(KeyRing.Purpose);
        var signingFile = files.First(f => Path.GetFileName(f).StartsWith("signing-", StringComparison.Ordinal));
        Assert.ThrowsAny<CryptographicException>(() => stolen.Unprotect(File.ReadAllText(signingFile)));
        copy.Delete(recursive: true);
    }

    [Fact]
    public async Task The_gateway_and_services_take_the_identity_services_tokens_and_refuse_a_key_it_does_not_publish()
    {
        // A token the identity service issues is taken by the gateway and the services behind it.
        var issued = (await TokenRequest(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "dev-tokens", ["client_secret"] = DevelopmentTokensSecret,
            ["dept"] = Scenario.Office.DepartmentId, ["role"] = Roles.Supervisor,
        })).GetProperty("access_token").GetString()!;
        var listed = await platform.Departments.ListDepartmentsAsync(new ListDepartmentsRequest(), new Metadata { { "authorization", $"Bearer {issued}" } });
        Assert.NotNull(listed);

        // A key of the right kind that the identity service does not publish: the hosts look again (it could be a new key)
        // and still refuse it.
        var ring = platform.Identity.Services.GetRequiredService<KeyRing>();
        var fresh = new ECDsaSecurityKey(System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256)) { KeyId = "not-yet-published" };
        var early = TestTokens.Mint(Scenario.Office, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow, new SigningCredentials(fresh, SecurityAlgorithms.EcdsaSha256));
        var refused = await Assert.ThrowsAsync<RpcException>(() => platform.Departments.ListDepartmentsAsync(new ListDepartmentsRequest(),
            new Metadata { { "authorization", $"Bearer {early}" } }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.DoesNotContain(ring.Published, k => k.KeyId == "not-yet-published");
    }

    [Fact]
    public async Task The_office_reads_an_accounts_password_change_sign_out_change_of_roles_and_lockout_in_the_audit_trail()
    {
        var amr = await Department();
        var (username, oneTime) = await NewAccount(amr, Roles.Staff);
        using (var browser = new FormBrowser<Shuangsuiji.Identity.Accounts.AccountsApi>(platform.Identity))
        {
            await browser.Get(AuthorizeUrl(Pkce().Challenge));
            await browser.Submit(browser.LastLocation!.ToString(), new Dictionary<string, string> { ["Username"] = username, ["Password"] = oneTime });
            await browser.Submit(browser.LastLocation!.ToString(), new Dictionary<string, string> { ["NewPassword"] = "Audited-2026-ok", ["Confirm"] = "Audited-2026-ok" });
            await browser.Get("/connect/endsession");
        }
        await AccountsApi.ChangeRolesAsync(new ChangeRolesRequest { Username = username, Roles = { Roles.Staff, Roles.Reviewer }, Reason = "兼任审核" },
            As(new Caller("admin-li", amr, "admin")));
        for (var i = 0; i < 5; i++)
        {
            using var browser = new FormBrowser<Shuangsuiji.Identity.Accounts.AccountsApi>(platform.Identity);
            await browser.Get("/account/login");
            await browser.Submit("/account/login", new Dictionary<string, string> { ["Username"] = username, ["Password"] = "wrong-password" });
        }

        var audit = new Api.Audit.V1.AuditTrail.AuditTrailClient(platform.GatewayChannel);
        var seen = await audit.GetHistoryAsync(new Api.Audit.V1.GetHistoryRequest { Service = "identity", StreamId = Account.StreamId(username) }, As(Scenario.Office));
        foreach (var kind in new[] { "account_password_changed", "account_signed_out", "account_roles_changed", "account_locked_out" })
            Assert.True(seen.Events.Any(e => e.Kind == kind && e.Data.Length > 0), $"the office does not read {kind}: {string.Join(", ", seen.Events.Select(e => e.Kind))}");
        Assert.Contains(seen.Events, e => e.Kind == "account_roles_changed" && e.Reason == "兼任审核");
        Assert.DoesNotContain("Audited-2026-ok", await StoredEvents());
    }

    [Fact]
    public async Task The_development_token_client_does_not_exist_in_production()
    {
        // The platform's identity settings, its development client's secret among them, in a host of the Production environment.
        await using var identity = platform.StartService<Shuangsuiji.Identity.Accounts.AccountsApi>("identity",
            new Dictionary<string, string?> { ["environment"] = "Production" });
        Assert.True(identity.Services.GetRequiredService<IHostEnvironment>().IsProduction());
        using var http = identity.CreateClient();
        var answer = await Answer(await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "dev-tokens", ["client_secret"] = DevelopmentTokensSecret,
            ["dept"] = Scenario.Office.DepartmentId, ["role"] = Roles.Supervisor,
        })));
        Assert.Equal("invalid_client", answer.GetProperty("error").GetString());
        Assert.False(answer.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task A_person_signs_in_through_the_upstream_provider_to_an_account_linked_to_it_whose_roles_follow_the_providers()
    {
        var amr = await Department();
        await using var upstream = await UpstreamProvider.StartAsync();
        await using var identity = platform.StartService<Shuangsuiji.Identity.Accounts.AccountsApi>("identity", UpstreamProvider.Settings, upstream.Backchannel);
        var username = $"zw{Guid.NewGuid():N}"[..12];
        var subject = $"hb-{Guid.NewGuid():N}";
        upstream.Person = (subject, username, "王芳", amr, ["inspector"]);

        // First sign-in: the account is made, linked to the person's subject at the provider, with the mapped role.
        var (verifier, challenge) = Pkce();
        var (back, _) = await ThroughUpstream(identity, upstream, AuthorizeUrl(challenge));
        Assert.StartsWith(ConsoleClient.RedirectUri, back.Headers.Location!.ToString());
        var access = await Verified((await Redeem(CodeOf(back.Headers.Location!), verifier)).GetProperty("access_token").GetString()!);
        Assert.Equal((username, amr, Roles.Staff), (access.Subject, access.GetClaim("dept").Value, access.GetClaim("role").Value));
        Assert.NotEqual("", Assert.Single(upstream.CodeChallenges)); // the identity service asked with PKCE

        // Second sign-in: the provider now gives the person the approver role as well, so the account is a reviewer too —
        // without an authenticator: the provider is trusted for the second factor.
        upstream.Person = (subject, username, "王芳", amr, ["inspector", "approver"]);
        (verifier, challenge) = Pkce();
        (back, _) = await ThroughUpstream(identity, upstream, AuthorizeUrl(challenge, Roles.Reviewer));
        access = await Verified((await Redeem(CodeOf(back.Headers.Location!), verifier)).GetProperty("access_token").GetString()!);
        Assert.Equal((username, Roles.Reviewer), (access.Subject, access.GetClaim("role").Value));

        await using (var query = identity.Services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            var account = await query.LoadAsync<Account>(Account.StreamId(username));
            Assert.Equal([Roles.Reviewer, Roles.Staff], account!.Roles.Order());
            Assert.Equal((UpstreamProvider.Issuer, subject), (account.UpstreamProvider, account.UpstreamSubject));
            var events = (await query.Events.FetchStreamAsync(Account.StreamId(username))).Select(e => e.EventTypeName).ToList();
            Assert.Equal(["account_upstream_created", "account_upstream_signed_in", "account_roles_changed", "account_upstream_signed_in"], events);
        }
        // The account has no password to sign in with.
        using (var browser = new FormBrowser<Shuangsuiji.Identity.Accounts.AccountsApi>(identity))
        {
            await browser.Get("/account/login");
            await browser.Post("/account/login", new Dictionary<string, string> { ["Username"] = username, ["Password"] = "Anything-2026" });
            Assert.Contains("用户名或密码不正确", browser.LastPage);
        }

        // A department the platform does not know, or the supervisor role in a member department: refused, and no account made.
        var stranger = $"zw{Guid.NewGuid():N}"[..12];
        upstream.Person = ($"hb-{Guid.NewGuid():N}", stranger, "李四", "139999-NOWHERE", ["inspector"]);
        var (_, refusal) = await ThroughUpstream(identity, upstream, AuthorizeUrl(Pkce().Challenge));
        Assert.Contains("身份认证服务尚未获知部门 139999-NOWHERE", refusal);
        upstream.Person = ($"hb-{Guid.NewGuid():N}", stranger, "李四", amr, ["supervisor"]);
        (_, refusal) = await ThroughUpstream(identity, upstream, AuthorizeUrl(Pkce().Challenge));
        Assert.Contains("supervisor 角色只属于领导小组办公室", refusal);
        await using (var query = identity.Services.GetRequiredService<IDocumentStore>().QuerySession())
            Assert.Null(await query.LoadAsync<Account>(Account.StreamId(stranger)));
    }

    /// <summary>
    /// A console's authorization request, the sign-in page's button of the upstream provider, the provider (signing its
    /// person in at once) and back to the identity service: its last answer (a redirect to the console) and page (a refusal).
    /// </summary>
    private static async Task<(HttpResponseMessage Back, string Page)> ThroughUpstream(ServiceHost<Shuangsuiji.Identity.Accounts.AccountsApi> identity, UpstreamProvider upstream,
        string authorizeUrl)
    {
        using var browser = new FormBrowser<Shuangsuiji.Identity.Accounts.AccountsApi>(identity);
        await browser.Get(authorizeUrl);
        Assert.Contains("使用河北政务服务网登录", browser.LastPage);
        var returnUrl = Uri.UnescapeDataString(ReturnUrlPattern().Match(browser.LastLocation!.ToString()).Groups[1].Value);
        var toProvider = await browser.Post("/account/upstream", new Dictionary<string, string> { ["ReturnUrl"] = returnUrl });
        Assert.StartsWith($"{UpstreamProvider.Issuer}connect/authorize", toProvider.Headers.Location!.ToString());
        using var provider = upstream.Server.CreateClient();
        var answer = await provider.GetAsync(toProvider.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var back = await browser.Get(answer.Headers.Location!.ToString());
        return (back, WebUtility.HtmlDecode(browser.LastPage));
    }

    [GeneratedRegex("[?&]code=([^&]+)")]
    private static partial Regex CodePattern();

    [GeneratedRegex("[?&]ReturnUrl=([^&]+)")]
    private static partial Regex ReturnUrlPattern();

    [GeneratedRegex("<div class=\"secret\">([^<]+)</div>")]
    private static partial Regex SecretPattern();

    [GeneratedRegex("class=\"button continue\" href=\"([^\"]+)\"")]
    private static partial Regex ContinuePattern();

    [GeneratedRegex("<div>([a-z2-7]{4}-[a-z2-7]{4})</div>")]
    private static partial Regex RecoveryPattern();
}
