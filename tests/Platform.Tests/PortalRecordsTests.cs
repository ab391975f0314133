using System.Net;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shuangsuiji.Api.Directories.V1;
using PublicApi = Shuangsuiji.Api.Disclosure.V1;
using Shuangsuiji.Contracts.Draws;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Platform.Tests.Infrastructure;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// The portal's pages of plans, tasks, draws and results in a real browser, through a gateway on a real port. The
/// public facts are published on the bus as the tasks service would; each test waits until the public records API
/// shows them, then reads them off the pages as a visitor would.
/// </summary>
public sealed partial class PortalRecordsTests(PlatformFixture platform, PortalBrowser browser)
    : IClassFixture<PlatformFixture>, IClassFixture<PortalBrowser>, IAsyncLifetime
{
    private const string TaskName = "餐饮服务食品安全专项抽查";
    private const string AdjustmentReason = "上级部署专项整治";

    private static readonly DateOnly Today = ChinaDate.Of(PlatformFixture.Start);
    private static readonly PublicScope Haigang = new(["130302"], [], ["enterprise"], [], []);

    private readonly Scenario scenario = new(platform);
    private GatewayHost gateway = null!;

    private Uri Address => gateway.ClientOptions.BaseAddress;
    private IBus Bus => platform.Directories.Services.GetRequiredService<IBus>();

    public Task InitializeAsync()
    {
        gateway = platform.StartGateway(onLoopback: true);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    private sealed record Published(Department Department, string TaskId, string[] Usccs, string[] Names)
    {
        public string DrawId => $"draw-{TaskId}";
    }

    /// <summary>
    /// A county department with an item on its list and a plan adjusted once; its task drew three entities, of which
    /// one has no problem (published on time) and one a problem, published late, whose handling is closed.
    /// </summary>
    private async Task<Published> PublishedTask()
    {
        var county = await scenario.Department("130302-AMR", DepartmentLevel.County, "130302");
        var department = county.DepartmentId;
        await scenario.Item(department, "HBSC-004", Scenario.Content("餐饮服务食品安全检查"));
        var item = $"{department}:HBSC-004";
        var taskId = scenario.Id("ZX");
        var usccs = new[] { EntityFiles.NewCode(), EntityFiles.NewCode(), EntityFiles.NewCode() };
        var names = usccs.Select((_, i) => $"秦皇岛海港{scenario.Id("")}第{i + 1}餐饮有限公司").ToArray();
        await Bus.Publish(new TaskEntitiesDrawn($"draw-{taskId}", taskId, [department], usccs, null, platform.Clock.GetUtcNow(),
            Names: [.. usccs.Select((u, i) => new DrawnEntityName(u, names[i], 1))]));

        var planId = $"{department}:{Today.Year}";
        PublicPlannedTask planned = new(1, "第一批", "ZX-01", "餐饮服务食品安全抽查", [item], Haigang, [new PublicQuota("B", 5m, null)],
            Today.AddDays(-40), Today.AddDays(-2), false, department, []);
        await Bus.Publish(new PlanVersionPublished(planId, department, Today.Year, 1, [planned], null, platform.Clock.GetUtcNow()));
        await Bus.Publish(new PlanVersionPublished(planId, department, Today.Year, 2, [planned with { Name = TaskName }], AdjustmentReason,
            platform.Clock.GetUtcNow()));
        await Bus.Publish(new TaskAnnounced(taskId, TaskName, [new PublicTaskDepartment(department, [item])], Haigang, usccs.Length,
            Today.AddDays(-40), Today.AddDays(-30), Today.AddDays(-1), $"draw-{taskId}", planId, "ZX-01", platform.Clock.GetUtcNow()));
        ResultPublished Result(string uscc, string category, DateOnly publishedOn) =>
            new(taskId, department, uscc, [new PublicItemOutcome(item, true, category != "no_problem")], [category], [],
                Today.AddDays(-35), Today.AddDays(-34), publishedOn, Today.AddDays(-1), platform.Clock.GetUtcNow());
        await Bus.Publish(Result(usccs[0], "no_problem", Today.AddDays(-5)));
        await Bus.Publish(Result(usccs[1], "problem_pending", Today) with { PendingReasons = ["undisclosed_information"] });
        await Bus.Publish(new HandlingPublished(taskId, department, usccs[1],
            [new PublicHandlingStep("order_correction", Today.AddDays(-3), null), new PublicHandlingStep("corrected", Today, null)], Today, platform.Clock.GetUtcNow()));

        // The facts arrive over the bus, each on its own queue: wait until every page's source shows them.
        await Eventually.Get(() => platform.Public.SearchResultsAsync(new PublicApi.SearchPublicResultsRequest { DepartmentId = department }).ResponseAsync,
            r => r.Total == 2 && r.Results.All(x => x.EntityName != "" && x.TaskName != "") && r.Results.Any(x => x.HandlingClosedOn != ""),
            "the results with their names and the handling result");
        await Eventually.Get(() => platform.Public.ListPlansAsync(new PublicApi.ListPublicPlansRequest { DepartmentId = department }).ResponseAsync,
            p => p.Plans.Count == 1 && p.Plans[0].Versions.Count == 2, "both versions of the plan");
        await Eventually.Get(() => platform.Public.ListItemsAsync(new PublicApi.ListPublicItemsRequest { DepartmentId = department }).ResponseAsync,
            r => r.Total == 1, "the item on the public list");
        return new Published(county, taskId, usccs, names);
    }

    [Fact]
    public async Task A_visitor_finds_an_entity_by_its_uscc_from_the_home_page_and_reads_its_result_and_handling()
    {
        var published = await PublishedTask();
        var uscc = published.Usccs[1];
        await using var context = await browser.Context(Address);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/portal");
        await page.Locator("#home-results").FillAsync(uscc);
        await page.Locator("#home-results").PressAsync("Enter");
        await page.WaitForURLAsync("**/portal/results?q=*");
        Assert.Equal("1", await page.Locator("#total").InnerTextAsync());
        var row = page.Locator($"#results tbody tr[data-uscc='{uscc}']");
        Assert.Equal(published.Names[1], await row.Locator("[data-field=entity]").InnerTextAsync());
        Assert.Equal(published.Department.Name, await row.Locator("[data-field=department]").InnerTextAsync());
        Assert.Equal(TaskName, await row.Locator("[data-field=task]").InnerTextAsync());
        Assert.Equal("发现问题待后续处理（未按规定公示应当公示的信息）", await row.Locator("[data-field=categories]").InnerTextAsync());
        Assert.Equal($"责令改正 → 已改正（{Today:yyyy-MM-dd} 办结）", await row.Locator("[data-field=handling]").InnerTextAsync());

        await row.GetByRole(AriaRole.Link, new() { Name = published.Names[1] }).ClickAsync();
        Assert.Equal(published.Names[1], await page.Locator("h1").InnerTextAsync());
        Assert.Equal(uscc, await page.Locator("[data-field=uscc]").InnerTextAsync());
        Assert.Equal($"{Today.AddDays(-35):yyyy-MM-dd} 至 {Today.AddDays(-34):yyyy-MM-dd}", await page.Locator("[data-field=checked]").InnerTextAsync());
        Assert.Equal($"{Today:yyyy-MM-dd}", await page.Locator("[data-field=published-on]").InnerTextAsync());
        Assert.Equal(["HBSC-004 餐饮服务食品安全检查", "已检查", "发现问题"], await page.Locator("#items tbody tr td").AllInnerTextsAsync());
        var steps = page.Locator("#handling-steps tbody tr");
        Assert.Equal(["责令改正", $"{Today.AddDays(-3):yyyy-MM-dd}"], (await steps.Nth(0).Locator("td").AllInnerTextsAsync()).Take(2));
        Assert.Equal(["已改正", $"{Today:yyyy-MM-dd}"], (await steps.Nth(1).Locator("td").AllInnerTextsAsync()).Take(2));
        Assert.Equal($"{Today:yyyy-MM-dd}", await page.Locator("[data-field=handling-closed-on]").InnerTextAsync());
    }

    [Fact]
    public async Task The_result_search_from_the_home_page_by_a_fragment_of_the_name_then_department_and_date_works_without_javascript()
    {
        var published = await PublishedTask();
        await using var context = await browser.Context(Address, javaScript: false);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/portal");
        Assert.Equal(0, await page.Locator("script").CountAsync());
        await page.Locator("#home-results").FillAsync($"海港{scenario.Id("")}第1餐饮");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        Assert.Equal("1", await page.Locator("#total").InnerTextAsync());
        Assert.Equal($"海港{scenario.Id("")}第1餐饮", await page.Locator("#results-name").InputValueAsync());
        var row = page.Locator("#results tbody tr");
        Assert.Equal(published.Usccs[0], await row.Locator("[data-field=uscc]").InnerTextAsync());
        Assert.Equal("未发现问题", await row.Locator("[data-field=categories]").InnerTextAsync());

        // All of the entities of this test with a result, then only those of its department published today.
        await page.Locator("#results-name").FillAsync($"海港{scenario.Id("")}");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        Assert.Equal("2", await page.Locator("#total").InnerTextAsync());
        await page.Locator("#results-department").SelectOptionAsync(published.Department.DepartmentId);
        await page.Locator("#results-from").FillAsync($"{Today:yyyy-MM-dd}");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        Assert.Equal("1", await page.Locator("#total").InnerTextAsync());
        Assert.Equal(published.Usccs[1], await page.Locator("#results tbody tr [data-field=uscc]").InnerTextAsync());
        Assert.Equal($"{Today:yyyy-MM-dd}", await page.Locator("#results-from").InputValueAsync());
    }

    [Fact]
    public async Task A_visitor_opens_a_task_from_its_departments_page_and_finds_its_draw_record_and_results()
    {
        var published = await PublishedTask();
        var department = published.Department;
        await using var context = await browser.Context(Address);
        var page = await context.NewPageAsync();

        await page.GotoAsync($"/portal/departments/{department.DepartmentId}");
        Assert.Equal(("1", "1"), (await page.Locator("#on-time").InnerTextAsync(), await page.Locator("#late").InnerTextAsync()));
        Assert.Equal([TaskName, $"{Today.AddDays(-1):yyyy-MM-dd}", "2 / 3"], await page.Locator("#overdue tbody tr td").AllInnerTextsAsync());

        await page.GetByRole(AriaRole.Navigation, new() { Name = "部门公示栏目" }).GetByRole(AriaRole.Link, new() { Name = "抽查任务" }).ClickAsync();
        Assert.Equal($"{department.Name} 抽查任务", await page.Locator("h1").InnerTextAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = TaskName }).ClickAsync();
        Assert.Equal(TaskName, await page.Locator("h1").InnerTextAsync());
        Assert.Equal("3 户", await page.Locator("[data-field=entity-count]").InnerTextAsync());
        Assert.Equal("行政区划 130302；对象类型 企业", await page.Locator("[data-field=scope]").InnerTextAsync());
        Assert.Equal([department.Name, "HBSC-004 餐饮服务食品安全检查"], await page.Locator("#task-items tbody tr td").AllInnerTextsAsync());

        var record = page.Locator("#draw-record");
        Assert.Equal($"/v1/public/draws/{published.DrawId}/record", await record.GetAttributeAsync("href"));
        Assert.Contains(published.DrawId, await record.InnerTextAsync());
        Assert.Contains("dotnet run --project services/Draws -- verify record.json", await page.Locator("pre").InnerTextAsync());

        Assert.Equal("2", await page.Locator("#results-published").InnerTextAsync());
        Assert.Equal([published.Usccs[1], published.Usccs[0]], await page.Locator("#results tbody tr [data-field=uscc]").AllInnerTextsAsync());
        Assert.Equal("未发现问题", await page.Locator($"#results tr[data-uscc='{published.Usccs[0]}'] [data-field=categories]").InnerTextAsync());
    }

    [Fact]
    public async Task A_visitor_reads_every_version_of_a_departments_plan_with_its_adjustment_reason()
    {
        var published = await PublishedTask();
        await using var context = await browser.Context(Address);
        var page = await context.NewPageAsync();

        await page.GotoAsync($"/portal/departments/{published.Department.DepartmentId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "年度抽查计划" }).ClickAsync();
        var current = page.Locator($"#plan-{Today.Year}-v2");
        Assert.Equal("第 2 版（现行）", await current.Locator("h3").InnerTextAsync());
        Assert.Equal(AdjustmentReason, await current.Locator("[data-field=adjustment-reason]").InnerTextAsync());
        Assert.Equal(TaskName, await current.Locator("[data-field=task-name]").InnerTextAsync());

        var first = page.Locator($"#plan-{Today.Year}-v1");
        Assert.StartsWith("第 1 版", await first.Locator("summary").InnerTextAsync());
        await first.Locator("summary").ClickAsync();
        Assert.Equal("首次公布", await first.Locator("[data-field=adjustment-reason]").InnerTextAsync());
        Assert.Equal("餐饮服务食品安全抽查", await first.Locator("[data-field=task-name]").InnerTextAsync());
    }

    [Fact]
    public async Task An_unknown_task_or_result_is_a_page_saying_so_with_404()
    {
        using var http = gateway.CreateClient();
        foreach (var path in new[] { "/portal/tasks/NO-SUCH-TASK", "/portal/tasks/NO-SUCH-TASK/results/NO-DEPT/91130302MA0000000X" })
        {
            var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("没有找到所请求的部门、事项、任务或抽查结果", await response.Content.ReadAsStringAsync());
        }
    }
}
