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
using Shuangsuiji.ServiceDefaults.Departments;
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
    private async Task<string> Department(string code, string name, string? parent = null)
    {
        var id = scenario.Id(code);
        await platform.Departments.CreateDepartmentAsync(new CreateDepartmentRequest
        {
            DepartmentId = id, Name = name, Level = code[4..6] == "00" ? DepartmentLevel.City : DepartmentLevel.County, RegionCode = code[..6],
            ParentId = parent ?? "",
        }, As(Scenario.Office));
        await KnownAtIdentity(id);
        return id;
    }

    /// <summary>Waits until the identity service has heard of the department (over the bus), so it can hold accounts.</summary>
    private async Task KnownAtIdentity(string id)
    {
        var store = platform.Identity.Services.GetRequiredService<IDocumentStore>();
        await Eventually.Get(async () =>
        {
            await using var query = store.QuerySession();
            return await query.LoadAsync<KnownDepartment>(id);
        }, known => known is not null, $"{id} at the identity service");
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

    [Fact]
    public async Task The_access_token_is_renewed_on_the_server_before_it_runs_out()
    {
        var amr = await Department("130303-AMR", "山海关区市场监督管理局");
        var (username, password) = await Account(amr, "李强", Roles.Staff);
        // Renewed whenever less than 20 minutes are left: every request of a token of 15.
        var workbench = Workbench(new Dictionary<string, string?> { ["Workbench:RefreshBefore"] = "00:20:00" });
        using var browser = new ConsoleBrowser(platform);
        await browser.SignIn(workbench, username, password);
        var first = await AccessToken(workbench);

        var page = await browser.Page(workbench, "/tasks");
        Assert.Equal("李强", page.QuerySelector("header .person")!.TextContent.Trim());
        var renewed = await AccessToken(workbench);
        Assert.NotEqual(first, renewed);
        Assert.DoesNotContain(browser.SetCookies, c => Jwt().IsMatch(c));
        // The renewed token is the one the gateway accepts for this person.
        var caller = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(renewed);
        Assert.Equal((username, amr, Roles.Staff), (caller.Subject, caller.GetClaim("dept").Value, caller.GetClaim("role").Value));
    }

    [Fact]
    public async Task Pages_show_the_departments_tasks_and_to_do_and_a_services_refusal_in_chinese_beside_its_field()
    {
        await scenario.CityOffice();
        var lead = await Department("130304-AMR", "北戴河区市场监督管理局");
        var partner = await Department("130304-HC", "北戴河区卫生健康局");
        var other = await Department("130306-AMR", "抚宁区市场监督管理局");
        var joint = await DraftTask(lead, "餐饮单位食品安全联合抽查", partner);
        var elsewhere = await DraftTask(other, "抚宁区特种设备专项抽查");

        // The lead's reviewer (an authenticator enrolled at the first sign-in) has the draft to approve.
        var (reviewer, reviewerPassword) = await Account(lead, "周审核", Roles.Reviewer);
        using (var browser = new ConsoleBrowser(platform))
        {
            var todo = await browser.SignIn(Workbench(), reviewer, reviewerPassword);
            var approvals = todo.QuerySelector($"section[data-kind={nameof(Shuangsuiji.Workbench.Todo.TodoKind.TaskApproval)}]")!;
            Assert.Equal($"/tasks/{joint}", Assert.Single(approvals.QuerySelectorAll("li a")).GetAttribute("href"));
            Assert.Equal("北戴河区市场监督管理局 · 审核人", todo.QuerySelector("header .dept")!.TextContent.Trim());
        }

        var (staff, staffPassword) = await Account(partner, "吴医生", Roles.Staff);
        using var partnerBrowser = new ConsoleBrowser(platform);
        var workbench = Workbench();
        var partnerTodo = await partnerBrowser.SignIn(workbench, staff, staffPassword);
        var invitation = partnerTodo.QuerySelector($"section[data-kind={nameof(Shuangsuiji.Workbench.Todo.TodoKind.Invitation)}] li a")!;
        Assert.Equal(("餐饮单位食品安全联合抽查", $"/tasks/{joint}"), (invitation.TextContent, invitation.GetAttribute("href")));

        // The task list holds the department's tasks, not another department's, and another department's task is refused.
        var list = await partnerBrowser.Page(workbench, "/tasks");
        Assert.Equal(joint, Assert.Single(list.QuerySelectorAll("table.tasks tbody tr")).GetAttribute("data-task"));
        Assert.Equal("北戴河区市场监督管理局", list.QuerySelector("table.tasks tbody td[data-label=牵头部门]")!.TextContent);
        var refused = await partnerBrowser.Page(workbench, $"/tasks/{elsewhere}");
        Assert.Null(refused.QuerySelector("section.card"));
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", refused.QuerySelector("main .alert")!.TextContent);

        // Declining without a reason: the tasks service's refusal of the field, in Chinese, beside it.
        var expected = await Assert.ThrowsAsync<RpcException>(() => Tasks.DeclineInvitationAsync(
            new DeclineInvitationRequest { TaskId = joint, DepartmentId = partner }, As(Scenario.StaffOf(partner))).ResponseAsync);
        var chinese = Assert.Single(expected.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations, v => v.Field == "reason").LocalizedMessage.Message;
        var page = await partnerBrowser.Page(workbench, $"/tasks/{joint}");
        var answered = await partnerBrowser.Submit(workbench, page, "decline", new Dictionary<string, string> { ["Decline.Reason"] = "" });
        var problem = answered.QuerySelector("#decline-reason-error")!;
        Assert.Equal((chinese, "reason"), (problem.TextContent, problem.GetAttribute("data-field")));
        Assert.Equal("decline-reason", problem.PreviousElementSibling?.Id);

        // With a reason the answer is recorded, once, and the page shows it.
        var declined = await partnerBrowser.Submit(workbench, answered, "decline", new Dictionary<string, string> { ["Decline.Reason"] = "本周卫生监督员另有督查任务" });
        Assert.Null(declined.QuerySelector("section.invitation"));
        var row = declined.QuerySelectorAll("table.departments tbody tr").Single(r => r.QuerySelector("td")!.TextContent == "北戴河区卫生健康局");
        Assert.Equal("已谢绝", row.QuerySelector("td[data-label=进度]")!.TextContent);
    }

    private async Task<string> AccessToken(WorkbenchHost workbench)
    {
        var ticket = await workbench.Services.GetRequiredService<ITicketStore>().RetrieveAsync(Assert.Single(await Sessions(workbench)).Id);
        return ticket!.Properties.GetTokenValue("access_token")!;
    }

    private static async Task<List<WorkbenchSession>> Sessions(WorkbenchHost workbench)
    {
        await using var query = workbench.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return [.. await query.Query<WorkbenchSession>().ToListAsync()];
    }

    [GeneratedRegex(@"eyJ[\w-]+\.eyJ[\w-]+\.")]
    private static partial Regex Jwt();
}
