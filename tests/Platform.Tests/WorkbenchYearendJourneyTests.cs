using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shuangsuiji.Api.Supervision.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Demo;
using Shuangsuiji.Kernel;
using Shuangsuiji.Platform.Tests.Infrastructure;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

public sealed partial class WorkbenchTests
{
    [Fact]
    public async Task Journey_the_city_office_sees_a_county_report_late_accepts_its_year_summary_and_plans_draws_and_records_a_return_visit()
    {
        await SimulatedYear();
        var year = Simulated.Year;
        // A county's market bureau reports its county's June long after 20 July, and writes the county's year summary.
        await Supervision.ConfirmReportAsync(new ConfirmReportRequest { Subject = "region:130303", Period = $"{year}-06", Remarks = "山海关区6月报表" },
            As(Scenario.StaffOf("130303-AMR")));
        await Supervision.SubmitSummaryAsync(new SubmitSummaryRequest
        {
            Subject = "region:130303", Period = $"{year}-Q4",
            Text = "一、全年工作情况\n全区按年度计划完成双随机抽查任务，联合抽查比例稳步提高。\n\n二、存在的问题\n个别部门检查结果公示不及时。\n\n三、下一步工作打算\n加强信用风险分类结果运用，提高抽查精准度。",
        }, As(Scenario.StaffOf("130303-AMR")));
        var amr = await Department("130302-AMR", "海港区市场监督管理局");
        var ceremony = new DrawCeremony(platform, scenario);
        await ceremony.Entities(amr, "130302", 2);
        var (closed, drawn) = await ceremony.ClosedTask(amr);
        await KnownAtIdentity(DemoData.Office);
        var (username, password) = await Account(DemoData.Office, "郑主任", Roles.Supervisor);
        await using var journey = await ConsoleJourney.StartAsync(platform, "yearend");

        // 报送情况: the county's June report late (逾期报送), and its report page says so.
        var desk = await journey.Person(ConsoleJourney.Desktop);
        await journey.SignIn(desk, username, password, $"/office/submissions?period={year}-06");
        var late = desk.Locator("table.submissions tr[data-subject='region:130303']");
        await Assertions.Expect(late).ToHaveAttributeAsync("data-status", "late");
        await Assertions.Expect(late.Locator("td[data-label=情况]")).ToHaveTextAsync("逾期报送");
        await journey.Screenshot(desk, "1-submissions-late-desktop");
        await late.Locator("a").ClickAsync();
        await Assertions.Expect(desk.Locator("article.paper .signature .badge")).ToHaveAttributeAsync("data-status", "late");

        // The year's summaries: the county's text read under its figures and accepted.
        await desk.GotoAsync($"/office/submissions?period={year}-Q4");
        var summary = desk.Locator("table.submissions tr[data-subject='region:130303']");
        await Assertions.Expect(summary.Locator("td[data-label=总结正文]")).ToHaveAttributeAsync("data-summary", "written");
        await journey.Screenshot(desk, "2-year-summaries-desktop");
        await summary.Locator("td[data-label=总结正文] a").ClickAsync();
        await Assertions.Expect(desk.Locator("section.summary-text > p:not(.signature)")).ToHaveCountAsync(3);
        await journey.Screenshot(desk, "3-year-summary-desktop");
        await desk.GetByRole(AriaRole.Button, new() { Name = "受理", Exact = true }).ClickAsync();
        await Assertions.Expect(desk.Locator("section.summary-text .badge")).ToHaveAttributeAsync("data-summary", "accepted");

        // A return visit: the closed task ticked, the visit's draw run step by step, the entity's visit recorded, the visit closed.
        var planning = $"/office/return-visits?year={platform.Today.Year}&department={amr}";
        await desk.GotoAsync(planning);
        await desk.Locator($"table.visitable tr[data-task='{closed}'] input[type=checkbox]").CheckAsync();
        await desk.FillAsync("#name", "年终抽查回访");
        await desk.FillAsync("#reason", "检验全年抽查实效");
        await journey.Screenshot(desk, "4-plan-visit-desktop");
        await desk.GetByRole(AriaRole.Button, new() { Name = "新建回访" }).ClickAsync();
        await Assertions.Expect(desk.Locator("main h1 .badge")).ToHaveTextAsync("待抽取");
        var visitPath = new Uri(desk.Url).AbsolutePath;
        await desk.FillAsync("#round", "第2026330期");
        await Assertions.Expect(desk.Locator("section.visit-draw ol.ceremony-steps li")).ToHaveCountAsync(5);
        await journey.Screenshot(desk, "5-visit-draw-desktop");
        await desk.SetViewportSizeAsync(ConsoleJourney.Phone.Width, ConsoleJourney.Phone.Height);
        await journey.Screenshot(desk, "6-visit-draw-phone");
        await desk.SetViewportSizeAsync(ConsoleJourney.Desktop.Width, ConsoleJourney.Desktop.Height);
        // The office draws alone: prepares (one entity, the declared lottery round), commits, enters the public value once
        // the commitments have closed, executes; the draw engine's sample arrives as every draw's does.
        var done = desk.Locator("section.visit-draw ol.ceremony-steps li.done");
        await desk.GetByRole(AriaRole.Button, new() { Name = "准备抽取" }).ClickAsync();
        await Assertions.Expect(done).ToHaveCountAsync(1);
        var commit = desk.GetByRole(AriaRole.Button, new() { Name = "提交本办承诺" });
        await commit.ClickAsync();
        await Assertions.Expect(commit).ToHaveCountAsync(0);
        platform.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        await desk.GotoAsync(visitPath);
        await desk.FillAsync("#value", "5 2 8");
        await desk.GetByRole(AriaRole.Button, new() { Name = "录入公开随机数" }).ClickAsync();
        await desk.GetByRole(AriaRole.Button, new() { Name = "执行抽取" }).ClickAsync();
        var visitId = Uri.UnescapeDataString(visitPath.Split('/')[^1]);
        var sampled = await Eventually.Get(() => Tasks.GetReturnVisitAsync(new GetReturnVisitRequest { VisitId = visitId }, As(Scenario.Office)).ResponseAsync,
            v => v.Status == ReturnVisitStatus.Drawn, "the engine's sample on the return visit");
        var visited = Assert.Single(sampled.Entities).Uscc;
        Assert.Contains(visited, drawn);
        await desk.GotoAsync(visitPath);
        await Assertions.Expect(desk.Locator($"table.visited tr[data-uscc='{visited}']")).ToBeVisibleAsync();
        await desk.SelectOptionAsync("#outcome", nameof(VisitOutcome.Confirmed));
        await desk.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
        await Assertions.Expect(desk.Locator($"table.visited tr[data-uscc='{visited}'] td[data-label=回访结果]")).ToHaveTextAsync("检查结果属实，整改到位");
        await journey.Screenshot(desk, "7-visit-recorded-desktop");
        await desk.FillAsync("#summary", "回访1户，检查结果属实");
        await desk.GetByRole(AriaRole.Button, new() { Name = "办结", Exact = true }).ClickAsync();
        await Assertions.Expect(desk.Locator("main h1 .badge")).ToHaveTextAsync("已办结");
        Assert.Equal(ReturnVisitStatus.Closed, (await Tasks.GetReturnVisitAsync(new GetReturnVisitRequest { VisitId = visitId }, As(Scenario.Office))).Status);

        // The same pages on a phone.
        await desk.SetViewportSizeAsync(ConsoleJourney.Phone.Width, ConsoleJourney.Phone.Height);
        await desk.GotoAsync($"/office/reports?subject=region:130303&period={year}-Q4");
        await journey.Screenshot(desk, "8-year-summary-phone");
        await desk.GotoAsync(planning);
        await journey.Screenshot(desk, "9-plan-visit-phone");
        await desk.GotoAsync(visitPath);
        await journey.Screenshot(desk, "10-visit-phone");
    }
}
