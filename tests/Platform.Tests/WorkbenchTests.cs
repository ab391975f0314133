using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Google.Rpc;
using Grpc.Core;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Identity.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Identity.Departments;
using Shuangsuiji.Kernel;
using Shuangsuiji.Platform.Tests.Infrastructure;
using Shuangsuiji.Workbench.SignIn;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// The staff console (工作台): people sign in through the identity service and work in pages rendered on the server, which
/// call the platform through the gateway with tokens the browser never sees.
/// </summary>
public sealed partial class WorkbenchTests(PlatformFixture platform) : IClassFixture<PlatformFixture>, IAsyncLifetime
{
    private readonly Scenario scenario = new(platform);
    private readonly string schema = $"workbench_{Guid.NewGuid():N}"[..24];
    private readonly List<WorkbenchHost> hosts = [];

    private Api.Tasks.V1.Tasks.TasksClient Tasks => new(platform.GatewayChannel);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in hosts) await host.DisposeAsync();
    }

    private WorkbenchHost Workbench(IReadOnlyDictionary<string, string?>? settings = null, string? store = null)
    {
        var host = new WorkbenchHost(platform, store ?? schema, settings);
        hosts.Add(host);
        return host;
    }

    /// <summary>A department known to the identity service (it hears of departments over the bus), under a name people read.</summary>
    private async Task<string> Department(string code, string name)
    {
        var id = scenario.Id(code);
        await platform.Departments.CreateDepartmentAsync(new CreateDepartmentRequest
        {
            DepartmentId = id, Name = name, Level = DepartmentLevel.County, RegionCode = code[..6],
        }, As(Scenario.Office));
        var store = platform.Identity.Services.GetRequiredService<IDocumentStore>();
        await Eventually.Get(async () =>
        {
            await using var query = store.QuerySession();
            return await query.LoadAsync<KnownDepartment>(id);
        }, known => known is not null, $"{id} at the identity service");
        return id;
    }

    private async Task<(string Username, string Password)> Account(string department, string name, string role)
    {
        var username = $"u{Guid.NewGuid():N}"[..12];
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(platform.Identity.Server.BaseAddress,
            new Grpc.Net.Client.GrpcChannelOptions { HttpHandler = platform.Identity.Server.CreateHandler() });
        var created = await new Accounts.AccountsClient(channel).CreateAccountAsync(new CreateAccountRequest
        {
            Username = username, DisplayName = name, DepartmentId = department, Roles = { role },
        }, As(new Caller("admin-li", department, "admin")));
        return (username, created.OneTimePassword);
    }

    /// <summary>A department's own task, still a draft, with the departments it invited.</summary>
    private async Task<string> DraftTask(string lead, string name, params string[] invited)
    {
        var today = platform.Today;
        var id = (await Tasks.CreateTaskAsync(new CreateTaskRequest
        {
            TaskId = scenario.Id($"WB{Guid.NewGuid():N}"[..8]), DepartmentId = lead, Name = name, Items = { $"{lead}:HBSC-001" },
            Scope = new PlanScope { Divisions = { "130302" }, EntityTypes = { "enterprise" } },
            Quotas = { new RiskQuota { RiskClass = "D", Count = 2 } }, CheckFrom = $"{today:yyyy-MM-dd}", CheckTo = $"{today.AddDays(20):yyyy-MM-dd}",
            Reason = "投诉举报集中的专项核查",
        }, As(Scenario.StaffOf(lead)))).TaskId;
        foreach (var partner in invited)
            await Tasks.InviteDepartmentAsync(new InviteDepartmentRequest { TaskId = id, DepartmentId = partner, Items = { $"{partner}:HBSC-001" } },
                As(Scenario.StaffOf(lead)));
        return id;
    }

    [Fact]
    public async Task An_anonymous_visit_signs_in_at_identity_lands_on_the_to_do_list_and_the_browser_holds_no_token_only_a_session_replicas_share()
    {
        var amr = await Department("130302-AMR", "海港区市场监督管理局");
        var (username, password) = await Account(amr, "陈静", Roles.Staff);
        var workbench = Workbench();
        using var browser = new ConsoleBrowser(platform);

        var anonymous = await browser.Get(workbench, "/tasks");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith($"{TestTokens.Issuer}connect/authorize?", anonymous.Headers.Location!.ToString());
        Assert.Contains("code_challenge_method=S256", anonymous.Headers.Location!.Query);

        var landing = await browser.SignIn(workbench, username, password);
        Assert.Equal("待办", landing.QuerySelector("main h1")!.TextContent.Trim());
        Assert.Equal("陈静", landing.QuerySelector("header .person")!.TextContent.Trim());
        Assert.Equal("海港区市场监督管理局 · 科员", landing.QuerySelector("header .dept")!.TextContent.Trim());

        // The session cookie: secure, HttpOnly, and no token in it or in any cookie the workbench set.
        var session = Assert.Single(browser.SetCookies, c => c.StartsWith($"{WorkbenchSignIn.CookieName}=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(browser.SetCookies, c => Jwt().IsMatch(c));
        // The tokens are in the workbench's store, encrypted.
        var stored = await Sessions(workbench);
        var ticket = await workbench.Services.GetRequiredService<ITicketStore>().RetrieveAsync(Assert.Single(stored).Id);
        Assert.Matches(Jwt(), ticket!.Properties.GetTokenValue("access_token")!);
        Assert.DoesNotContain("eyJ", Encoding.Latin1.GetString(stored[0].Ticket));

        // Another replica on the same database knows the session.
        var replica = Workbench();
        var tasks = await browser.Page(replica, "/tasks");
        Assert.Equal("抽查任务", tasks.QuerySelector("main h1")!.TextContent.Trim());
        Assert.Equal("陈静", tasks.QuerySelector("header .person")!.TextContent.Trim());

        // Signing out ends the session here and at the identity service.
        var signedOut = await browser.SignOut(replica, tasks);
        Assert.Equal("您已退出登录", signedOut.QuerySelector("main h1")!.TextContent.Trim());
        Assert.Empty(await Sessions(workbench));
        var again = await browser.Get(workbench, "/");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        await browser.Identity.Get(again.Headers.Location!.PathAndQuery);
        Assert.Contains("/account/login", browser.Identity.LastLocation!.ToString());
    }

    private static async Task<List<WorkbenchSession>> Sessions(WorkbenchHost workbench)
    {
        await using var query = workbench.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return [.. await query.Query<WorkbenchSession>().ToListAsync()];
    }

    [GeneratedRegex(@"eyJ[\w-]+\.eyJ[\w-]+\.")]
    private static partial Regex Jwt();
}
