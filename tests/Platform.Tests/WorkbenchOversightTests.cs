using System.Net;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using Marten;
using Microsoft.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.Api.Supervision.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Kernel;
using Shuangsuiji.Platform.Tests.Infrastructure;
using Shuangsuiji.Supervision.Activity;
using Shuangsuiji.Supervision.Coverage;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// The offices' oversight in the console: special inspections (专项督查) with their circulars (通报) on the public portal,
/// coverage (全覆盖) of each department's item list by the year's published plans, and key supervision (重点监管).
/// </summary>
public sealed partial class WorkbenchTests
{
    [Fact]
    public async Task The_office_opens_a_special_inspection_records_findings_and_publishes_a_circular_the_portal_shows_and_nobody_can_edit()
    {
        await scenario.CityOffice();
        var office = await Known(Scenario.Office.DepartmentId);
        var amr = await Department("130303-AMR", "山海关区市场监督管理局");
        var health = await Department("130303-HC", "山海关区卫生健康局");
        await KnownToSupervision(amr, health);
        var workbench = Workbench();
        using var supervisor = await SignedIn(workbench, office, "张主任", Roles.Supervisor);
        var today = platform.Today;

        // Without a subject: the service's problem beside the field, and nothing opened.
        var form = await supervisor.Page(workbench, "/oversight/inspections/new");
        Assert.NotNull(form.QuerySelector($"input[name='Open.Departments'][value='{amr}']"));
        List<KeyValuePair<string, string>> Opening(string subject) =>
        [
            new("Open.Subject", subject), new("Open.From", $"{today.Year}-01-01"), new("Open.To", $"{today:yyyy-MM-dd}"),
            new("Open.Departments", amr), new("Open.Departments", health),
        ];
        var refused = await supervisor.SubmitAll(workbench, form, "open", Opening(""));
        var problem = refused.QuerySelector("p.field-error[data-field=subject]")!;
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem.TextContent);
        Assert.Equal("true", refused.QuerySelector("#subject")!.GetAttribute("aria-invalid"));
        Assert.DoesNotContain((await Supervision.ListSpecialInspectionsAsync(new(), As(Scenario.Office))).Inspections, i => i.DepartmentIds.Contains(amr));

        // Opened over the two departments; a finding for the market bureau; closed.
        var opened = await supervisor.SubmitAll(workbench, refused, "open", Opening("抽查计划执行情况专项督查"));
        Assert.Contains("抽查计划执行情况专项督查", opened.QuerySelector("h1")!.TextContent);
        Assert.Equal("督查中", opened.QuerySelector("h1 .badge")!.TextContent);
        var inspectionId = opened.QuerySelector("h1[data-inspection]")!.GetAttribute("data-inspection")!;
        var found = await supervisor.Submit(workbench, opened, "finding", new Dictionary<string, string>
        {
            ["Finding.DepartmentId"] = amr, ["Finding.Found"] = "第二批次抽查结果未在 20 个工作日内公示", ["Finding.Rectification"] = "补充公示并说明原因",
            ["Finding.RectifyBy"] = $"{today.AddDays(30):yyyy-MM-dd}",
        });
        var finding = found.QuerySelector("table.findings tr[data-finding=F1]")!;
        Assert.Equal("山海关区市场监督管理局", finding.QuerySelector("td[data-label=被督查部门]")!.TextContent);
        Assert.Null(found.QuerySelector("form input[name=_handler][value=circular]"));
        var closed = await supervisor.Submit(workbench, found, "close", new Dictionary<string, string>());
        Assert.Equal("已结束", closed.QuerySelector("h1 .badge")!.TextContent);
        Assert.Null(closed.QuerySelector("form input[name=_handler][value=finding]"));

        // The circular, published from the page: public, on the portal as a page and as JSON.
        var published = await supervisor.SubmitAll(workbench, closed, "circular",
        [
            new("Circular.Title", "关于山海关区双随机抽查专项督查情况的通报"), new("Circular.Text", "按照年度工作方案，市双随机办开展了专项督查。\n现将督查情况通报如下。"),
            new("Circular.Findings", "F1"),
        ]);
        var article = published.QuerySelector("article.circular")!;
        Assert.Equal("已发布", article.QuerySelector(".badge")!.TextContent);
        var circularId = article.GetAttribute("data-circular")!;
        var inspection = await Supervision.GetSpecialInspectionAsync(new() { InspectionId = inspectionId }, As(Scenario.Office));
        Assert.Equal(("closed", "published", "F1"), (inspection.Status, inspection.Circulars.Single().Status, string.Join(",", inspection.Circulars.Single().FindingIds)));

        using var http = platform.Http();
        var json = await Eventually.Get(async () =>
        {
            var response = await http.GetAsync($"/v1/public/circulars/{circularId}");
            return response.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement : default;
        }, j => j.ValueKind == JsonValueKind.Object, "the circular at the disclosure service");
        Assert.Equal("关于山海关区双随机抽查专项督查情况的通报", json.GetProperty("title").GetString());
        var publicFinding = json.GetProperty("findings").EnumerateArray().Single();
        Assert.Equal(("山海关区市场监督管理局", "补充公示并说明原因"), (publicFinding.GetProperty("departmentName").GetString(), publicFinding.GetProperty("rectification").GetString()));
        var list = await http.GetStringAsync("/portal/circulars");
        Assert.Contains($"href=\"/portal/circulars/{circularId}\"", list);
        var page = await http.GetAsync($"/portal/circulars/{circularId}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h1>关于山海关区双随机抽查专项督查情况的通报</h1>", html);
        Assert.Contains("第二批次抽查结果未在 20 个工作日内公示", html);
        Assert.DoesNotContain("<script", html);

        // Once published it cannot change; a correction is a new circular that names it, and the portal links the two.
        var edit = await Assert.ThrowsAsync<RpcException>(() => Supervision.DraftCircularAsync(new DraftCircularRequest
        {
            InspectionId = inspectionId, CircularId = circularId, Title = "改过的标题", Text = "改过的正文",
        }, As(Scenario.Office)).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, "CIRCULAR_PUBLISHED"), (edit.StatusCode, edit.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason));
        var correction = await supervisor.SubmitAll(workbench, published, "circular",
            [new("Circular.Title", "关于山海关区专项督查情况通报的更正"), new("Circular.Text", "整改期限更正如下。"), new("Circular.Corrects", circularId)]);
        Assert.Equal(2, correction.QuerySelectorAll("article.circular .badge").Count(b => b.TextContent == "已发布"));
        var corrected = await Eventually.Get(() => platform.Public.GetCircularAsync(new() { CircularId = circularId }).ResponseAsync,
            c => c.CorrectedBy.Count == 1, "the correction at the disclosure service");
        Assert.Equal("关于山海关区双随机抽查专项督查情况的通报", corrected.Title);
        Assert.Contains("本通报已被更正", await http.GetStringAsync($"/portal/circulars/{circularId}"));

        // The department named in it reads the inspection, the circulars and its findings.
        using var staff = await SignedIn(workbench, amr, "陈静", Roles.Staff);
        var mine = await staff.Page(workbench, "/oversight/inspections");
        Assert.NotNull(mine.QuerySelector($"tr[data-inspection='{inspectionId}']"));
        Assert.Null(mine.QuerySelector("a[href='/oversight/inspections/new']"));
    }

    [Fact]
    public async Task An_item_no_published_plan_covers_is_shown_and_alerted_until_an_adjusted_plan_covers_it()
    {
        await scenario.CityOffice();
        var office = await Known(Scenario.Office.DepartmentId);
        var amr = await Department("130302-AMR", "海港区市场监督管理局");
        await scenario.Item(amr, "HBSC-001", Scenario.Content("食品经营许可事项抽查"));
        await scenario.Item(amr, "HBSC-002", Scenario.Content("企业公示信息抽查"));
        await Eventually.Get(async () =>
        {
            await using var query = platform.Supervision.Services.GetRequiredService<IDocumentStore>().QuerySession();
            return await query.Query<ListedItem>().CountAsync(i => i.DepartmentId == amr && i.Listed);
        }, n => n == 2, "the department's list at the supervision service");
        var year = platform.Today.Year;
        var plan = new PlanCommandRequest { DepartmentId = amr, Year = year };
        var published = await PublishedPlan(amr, CheckingTasks.Haigang, "HBSC-001");

        // Published without HBSC-002: the alert for it, and the figure on the department's page and the office's.
        var alert = Assert.Single((await Eventually.Get(() => Supervision.ListAlertsAsync(new ListAlertsRequest { DepartmentId = amr, Kind = "item_uncovered" },
            CheckingTasks.Staff(amr)).ResponseAsync, a => a.Alerts.Count > 0, "the coverage alert")).Alerts);
        Assert.Equal($"{amr}:HBSC-002", alert.Subject);
        Assert.Contains("HBSC-002", alert.Message);
        var workbench = Workbench();
        using var staff = await SignedIn(workbench, amr, "陈静", Roles.Staff);
        using var supervisor = await SignedIn(workbench, office, "张主任", Roles.Supervisor);
        var own = (await staff.Page(workbench, "/oversight/coverage")).QuerySelector($"table.coverage tr[data-department='{amr}']")!;
        Assert.Equal("1 / 2", own.QuerySelector("[data-field=figure]")!.TextContent);
        Assert.Equal(["HBSC-002"], own.QuerySelectorAll("ul.uncovered li").Select(li => li.TextContent));
        // The department's to-do shows the alert with its cause, linked to the plan it adjusts.
        var todo = (await staff.Page(workbench, "/")).QuerySelectorAll("section[data-kind=Alert] li")
            .Single(li => li.QuerySelector("a")?.GetAttribute("href") == $"/plans/{year}");
        Assert.Contains("HBSC-002", todo.TextContent);
        var all = await supervisor.Page(workbench, $"/oversight/coverage?year={year}");
        Assert.Equal("1 / 2", all.QuerySelector($"table.coverage tr[data-department='{amr}'] [data-field=figure]")!.TextContent);

        // Adjusted to cover it: the alert clears and the figure is whole.
        var adjusting = await Tasks.StartPlanAdjustmentAsync(new StartPlanAdjustmentRequest
        {
            DepartmentId = amr, Year = year, Reason = "实现抽查事项全覆盖", ExpectedVersion = published.Version,
        }, CheckingTasks.Staff(amr));
        await Tasks.RevisePlanAsync(new RevisePlanRequest { DepartmentId = amr, Year = year, Batches = { Covering(amr, CheckingTasks.Haigang, "HBSC-001", "HBSC-002") },
            ExpectedVersion = adjusting.Version },
            CheckingTasks.Staff(amr));
        await Tasks.ApprovePlanAsync(plan, CheckingTasks.Reviewer(amr));
        await Tasks.PublishPlanAsync(plan, CheckingTasks.Staff(amr));
        await Eventually.Get(() => Supervision.ListAlertsAsync(new ListAlertsRequest { DepartmentId = amr, Kind = "item_uncovered" }, CheckingTasks.Staff(amr)).ResponseAsync,
            a => a.Alerts.Count == 0, "the coverage alert cleared");
        var whole = (await staff.Page(workbench, "/oversight/coverage")).QuerySelector($"table.coverage tr[data-department='{amr}']")!;
        Assert.Equal("2 / 2", whole.QuerySelector("[data-field=figure]")!.TextContent);
        Assert.Empty(whole.QuerySelectorAll("ul.uncovered li"));
    }

    [Fact]
    public async Task An_entity_whose_risk_class_rose_is_under_key_supervision_until_a_result_is_entered_for_it()
    {
        await scenario.CityOffice();
        var office = await Known(Scenario.Office.DepartmentId);
        var amr = await Department("130302-AMR", "海港区市场监督管理局");
        string risen = EntityFiles.NewCode(), steady = EntityFiles.NewCode();
        await platform.Upload(amr, "entities", EntityFiles.Csv(EntityFiles.Row(risen, amr, "秦皇岛港城食品有限公司"), EntityFiles.Row(steady, amr, "秦皇岛海港商贸有限公司")));
        await platform.Upload(amr, "risk_classes", $"uscc,risk_class,effective_on\n{risen},A,2022-01-01\n{steady},A,2022-01-01\n");
        var rose = platform.Today.AddDays(-3);
        await platform.Upload(amr, "risk_classes", $"uscc,risk_class,effective_on\n{risen},D,{rose:yyyy-MM-dd}\n{steady},B,{rose:yyyy-MM-dd}\n");

        // Risen two classes: on the department's list and the office's, by division; a class up by one is not.
        var listed = await Eventually.Get(() => Supervision.ListKeySupervisionAsync(new ListKeySupervisionRequest { DepartmentId = amr }, CheckingTasks.Staff(amr)).ResponseAsync,
            r => r.Entities.Count > 0, "the risk warning at the supervision service");
        var entity = Assert.Single(listed.Entities);
        Assert.Equal((risen, "秦皇岛港城食品有限公司", "130302", "A", "D", $"{rose:yyyy-MM-dd}"),
            (entity.Uscc, entity.Name, entity.Division, entity.FromClass, entity.ToClass, entity.EffectiveOn));
        Assert.Contains(amr, entity.DepartmentIds);
        var region = await Supervision.ListKeySupervisionAsync(new ListKeySupervisionRequest { RegionCode = "130302" }, As(Scenario.Office));
        Assert.Contains(region.Entities, e => e.Uscc == risen);
        var workbench = Workbench();
        using var staff = await SignedIn(workbench, amr, "陈静", Roles.Staff);
        using var supervisor = await SignedIn(workbench, office, "张主任", Roles.Supervisor);
        var row = (await staff.Page(workbench, "/oversight/key-supervision")).QuerySelector($"table.key-entities tr[data-uscc='{risen}']")!;
        Assert.Equal("秦皇岛港城食品有限公司", row.QuerySelector("td[data-label=市场主体]")!.TextContent);
        Assert.Equal("A → D", row.QuerySelector("td[data-label=风险分类]")!.TextContent);
        Assert.NotNull((await supervisor.Page(workbench, $"/oversight/key-supervision?department={amr}")).QuerySelector($"tr[data-uscc='{risen}']"));

        // A result entered for it: off the list.
        var item = $"{amr}:HBSC-001";
        var taskId = await new CheckingTasks(platform, scenario).Start(amr, "ZX-KEY", item, platform.Today.AddDays(-2), platform.Today, [risen]);
        await Tasks.SubmitResultAsync(new ResultEntryRequest
        {
            TaskId = taskId, DepartmentId = amr, Uscc = risen,
            Entry = new ResultEntry
            {
                CheckDates = { $"{platform.Today:yyyy-MM-dd}" }, Methods = { CheckMethod.OnSite }, Categories = { ResultCategory.NoProblem },
                Items = { new ItemOutcome { ItemId = item, Checked = true } }, InspectorIds = { "QHD-AMR-001", "QHD-AMR-002" },
            },
        }, CheckingTasks.Staff(amr));
        await Eventually.Get(() => Supervision.ListKeySupervisionAsync(new ListKeySupervisionRequest { DepartmentId = amr }, CheckingTasks.Staff(amr)).ResponseAsync,
            r => r.Entities.Count == 0, "the entity off key supervision");
        Assert.Null((await staff.Page(workbench, "/oversight/key-supervision")).QuerySelector($"tr[data-uscc='{risen}']"));
    }

    [Fact]
    public async Task Journey_the_city_office_opens_a_special_inspection_and_publishes_its_circular_in_chromium_and_reads_coverage_and_key_supervision()
    {
        await scenario.CityOffice();
        var office = await Known(Scenario.Office.DepartmentId);
        var amr = await Department("130324-AMR", "抚宁区市场监督管理局");
        var health = await Department("130324-HC", "抚宁区卫生健康局");
        await KnownToSupervision(amr, health);
        await scenario.Item(amr, "HBSC-001", Scenario.Content("食品经营许可事项抽查"));
        await scenario.Item(amr, "HBSC-002", Scenario.Content("企业公示信息抽查"));
        var risen = EntityFiles.NewCode();
        await platform.Upload(amr, "entities", EntityFiles.Csv(EntityFiles.Row(risen, amr, "秦皇岛抚宁食品有限公司", "130324")));
        await platform.Upload(amr, "risk_classes", $"uscc,risk_class,effective_on\n{risen},A,2022-01-01\n");
        await platform.Upload(amr, "risk_classes", $"uscc,risk_class,effective_on\n{risen},D,{platform.Today.AddDays(-5):yyyy-MM-dd}\n");
        await Eventually.Get(async () =>
        {
            await using var query = platform.Supervision.Services.GetRequiredService<IDocumentStore>().QuerySession();
            return await query.Query<ListedItem>().CountAsync(i => i.DepartmentId == amr && i.Listed);
        }, n => n == 2, "the department's list at the supervision service");
        // Its plan leaves HBSC-002 out: coverage 1 of 2, and an alert.
        await PublishedPlan(amr, new PlanScope { Divisions = { "130324" } }, "HBSC-001");
        var (username, password) = await Account(office, "张主任", Roles.Supervisor);
        await using var journey = await ConsoleJourney.StartAsync(platform, "oversight");
        var today = platform.Today;

        // Opened from the form on a desktop, a finding recorded, closed.
        var desktop = await journey.Person(ConsoleJourney.Desktop);
        await journey.SignIn(desktop, username, password, "/oversight/inspections/new");
        await desktop.FillAsync("#subject", "抚宁区双随机抽查工作专项督查");
        await desktop.GetByLabel("抚宁区市场监督管理局").CheckAsync();
        await desktop.GetByLabel("抚宁区卫生健康局").CheckAsync();
        await journey.Screenshot(desktop, "1-open-desktop");
        await desktop.GetByRole(AriaRole.Button, new() { Name = "开始督查" }).ClickAsync();
        await Assertions.Expect(desktop.Locator("main h1 .badge")).ToHaveTextAsync("督查中");
        await desktop.SelectOptionAsync("#finding-department", amr);
        await desktop.FillAsync("#found", "第二批次抽查结果超过 20 个工作日未公示；两户检查记录缺少执法人员签名");
        await desktop.FillAsync("#rectification", "补充公示并逐户补齐检查记录，书面报告整改情况");
        await desktop.FillAsync("#rectify-by", $"{today.AddDays(30):yyyy-MM-dd}");
        await desktop.GetByRole(AriaRole.Button, new() { Name = "记录" }).ClickAsync();
        await Assertions.Expect(desktop.Locator("table.findings tr[data-finding=F1]")).ToBeVisibleAsync();
        await journey.Screenshot(desktop, "2-finding-desktop");
        await desktop.GetByRole(AriaRole.Button, new() { Name = "结束督查" }).ClickAsync();
        await Assertions.Expect(desktop.Locator("main h1 .badge")).ToHaveTextAsync("已结束");

        // The circular published on a phone-sized screen (the same person's browser: a second sign-in within the frozen test
        // clock's minute would repeat the authenticator's code, which is refused as a replay); then seen on the portal.
        var page = desktop;
        await page.SetViewportSizeAsync(ConsoleJourney.Phone.Width, ConsoleJourney.Phone.Height);
        await page.FillAsync("#circular-title", "关于抚宁区双随机抽查工作专项督查情况的通报");
        await page.FillAsync("#circular-text", "按照全市双随机、一公开监管工作要点，市双随机办对抚宁区有关部门开展了专项督查。\n现将督查发现的问题通报如下，请相关部门按期整改。");
        await journey.Screenshot(page, "3-circular-form-phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "发布通报" }).ClickAsync();
        await Assertions.Expect(page.Locator("article.circular .badge")).ToHaveTextAsync("已发布");
        await journey.Screenshot(page, "4-circular-published-phone");
        var circularId = await page.Locator("article.circular").GetAttributeAsync("data-circular");
        using var http = platform.Http();
        var html = await Eventually.Get(async () =>
        {
            var response = await http.GetAsync($"/portal/circulars/{circularId}");
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : "";
        }, h => h.Length > 0, "the circular on the portal");
        foreach (var (screen, name) in new[] { (ConsoleJourney.Desktop, "desktop"), (ConsoleJourney.Phone, "phone") })
        {
            var reader = await journey.Person(screen);
            await reader.SetContentAsync(html);
            await Assertions.Expect(reader.Locator("h1")).ToHaveTextAsync("关于抚宁区双随机抽查工作专项督查情况的通报");
            await journey.Screenshot(reader, $"5-portal-circular-{name}");
        }

        // The other pages, on both screens.
        await Eventually.Get(() => Supervision.ListKeySupervisionAsync(new ListKeySupervisionRequest { DepartmentId = amr }, As(Scenario.Office)).ResponseAsync,
            r => r.Entities.Count > 0, "the risk warning at the supervision service");
        await Eventually.Get(() => Supervision.ListAlertsAsync(new ListAlertsRequest { DepartmentId = amr, Kind = "item_uncovered" }, As(Scenario.Office)).ResponseAsync,
            a => a.Alerts.Count > 0, "the coverage alert");
        foreach (var (screen, name) in new[] { (ConsoleJourney.Desktop, "desktop"), (ConsoleJourney.Phone, "phone") })
        {
            await page.SetViewportSizeAsync(screen.Width, screen.Height);
            await page.GotoAsync("/oversight/inspections");
            await Assertions.Expect(page.Locator("table.inspections tbody tr")).Not.ToHaveCountAsync(0);
            await journey.Screenshot(page, $"6-inspections-{name}");
            await page.GotoAsync("/oversight/coverage");
            var covered = page.Locator($"table.coverage tr[data-department='{amr}']");
            await Assertions.Expect(covered.Locator("[data-field=figure]")).ToHaveTextAsync("1 / 2");
            await Assertions.Expect(covered.Locator("ul.uncovered li")).ToHaveTextAsync(["HBSC-002"]);
            await journey.Screenshot(page, $"7-coverage-{name}");
            // The alert for the item left out, its cause, and where to look.
            await page.GotoAsync("/office/alerts?kind=item_uncovered");
            var alert = page.Locator("table.alerts tr[data-kind=item_uncovered]", new() { HasText = "HBSC-002" });
            await Assertions.Expect(alert.Locator("td[data-label=类型]")).ToHaveTextAsync("事项未覆盖");
            await Assertions.Expect(alert.Locator("td[data-label=原因]")).ToContainTextAsync("未列入");
            await Assertions.Expect(alert.GetByRole(AriaRole.Link, new() { Name = "查看覆盖情况" })).ToHaveAttributeAsync("href", $"/oversight/coverage?year={today.Year}");
            await journey.Screenshot(page, $"7b-coverage-alert-{name}");
            await page.GotoAsync("/oversight/key-supervision");
            await Assertions.Expect(page.Locator($"table.key-entities tr[data-uscc='{risen}']")).ToBeVisibleAsync();
            await journey.Screenshot(page, $"8-key-supervision-{name}");
        }
    }

    /// <summary>The department's plan of this year with one planned task over <paramref name="codes"/> of its items, approved and published.</summary>
    private async Task<Plan> PublishedPlan(string department, PlanScope scope, params string[] codes)
    {
        var plan = new PlanCommandRequest { DepartmentId = department, Year = platform.Today.Year };
        await Tasks.DraftPlanAsync(new DraftPlanRequest { DepartmentId = department, Year = plan.Year, Batches = { Covering(department, scope, codes) } },
            CheckingTasks.Staff(department));
        await Tasks.ApprovePlanAsync(plan, CheckingTasks.Reviewer(department));
        return await Tasks.PublishPlanAsync(plan, CheckingTasks.Staff(department));
    }

    private PlanBatch Covering(string department, PlanScope scope, params string[] codes) => new()
    {
        Number = 1, Name = "第一批",
        Tasks =
        {
            new PlannedTask
            {
                Code = "T1", Name = "食品经营单位抽查", Items = { codes.Select(c => $"{department}:{c}") }, Scope = scope,
                Quotas = { new RiskQuota { RiskClass = "D", Percent = 30 } }, From = $"{platform.Today.Year}-01-01", To = $"{platform.Today.Year}-12-31",
                LeadDepartmentId = department,
            },
        },
    };

    /// <summary>Waits until the supervision service has heard of the departments (over the bus): an office oversees those it knows.</summary>
    private Task KnownToSupervision(params string[] departmentIds) => Eventually.Get(async () =>
    {
        await using var query = platform.Supervision.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await query.LoadManyAsync<KeptDepartment>(departmentIds)).Count;
    }, known => known == departmentIds.Length, $"{string.Join(", ", departmentIds)} at the supervision service");
}
