using System.Net;
using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shuangsuiji.Api.Supervision.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Demo;
using Shuangsuiji.Directories.Calendar;
using Shuangsuiji.Kernel;
using Shuangsuiji.Platform.Tests.Infrastructure;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// The supervising office's pages (督查) in the staff console: the targets of a simulated year read and drilled down, the
/// monthly reports confirmed by a department and seen as late by the office, a return visit planned, recorded and closed,
/// and a county's office kept to its county.
/// </summary>
public sealed partial class WorkbenchTests
{
    private static readonly YearSimulator Simulated = new(CalendarSeed.WorkingDays);
    private static readonly SemaphoreSlim SimulatedLoading = new(1, 1);
    private static bool simulatedLoaded;

    private Api.Supervision.V1.Supervision.SupervisionClient Supervision => new(platform.GatewayChannel);

    /// <summary>The simulated year sent once for the class; its departments are known to the identity service with it.</summary>
    private async Task SimulatedYear()
    {
        await SimulatedLoading.WaitAsync();
        try
        {
            if (simulatedLoaded) return;
            // The simulator names the city office a member department: the office made first keeps its kind where it counts.
            await scenario.CityOffice();
            foreach (var service in new[] { platform.Identity.Services, platform.Tasks.Services })
            {
                var store = service.GetRequiredService<Marten.IDocumentStore>();
                await Eventually.Get(async () =>
                {
                    await using var query = store.QuerySession();
                    return await query.LoadAsync<KnownDepartment>(DemoData.Office);
                }, known => known?.Office == true, "the city office known as an office");
            }
            await SimulatedYears.Send(platform, Simulated);
            simulatedLoaded = true;
        }
        finally
        {
            SimulatedLoading.Release();
        }
    }

    /// <summary>A person of a department the identity service knows (or is about to), signed in to a workbench.</summary>
    private async Task<(ConsoleBrowser Browser, WorkbenchHost Workbench)> SignedIn(string department, string name, string role)
    {
        await KnownAtIdentity(department);
        var (username, password) = await Account(department, name, role);
        var workbench = Workbench();
        var browser = new ConsoleBrowser(platform);
        await browser.SignIn(workbench, username, password);
        return (browser, workbench);
    }

    private static (long Numerator, long Denominator) Shown(IElement row) =>
        (long.Parse(row.QuerySelector("td[data-label=分子]")!.TextContent), long.Parse(row.QuerySelector("td[data-label=分母]")!.TextContent));

    [Fact]
    public async Task The_city_office_reads_the_targets_of_a_simulated_year_as_the_simulator_counted_them_and_drills_down_to_the_tasks()
    {
        await SimulatedYear();
        var (office, workbench) = await SignedIn(DemoData.Office, "张主任", Roles.Supervisor);
        using var _ = office;
        var year = Simulated.Year;

        // The navigation offers the office's group; the page opens on the city.
        var page = await office.Page(workbench, $"/office/targets?year={year}");
        Assert.Equal(["指标", "报表", "报送情况", "预警", "培训计划", "回访"],
            page.QuerySelectorAll("nav.side a[href^='/office/']").Select(a => a.TextContent.Trim()));
        Assert.Equal("region:130300", page.QuerySelector("select#subject option[selected]")!.GetAttribute("value"));
        foreach (var (subject, month) in new[] { ("region:130300", 0), ("region:130302", 0), ("130300-AMR", 5) })
        {
            page = await office.Page(workbench, $"/office/targets?subject={Uri.EscapeDataString(subject)}&year={year}&month={month}");
            var rows = page.QuerySelectorAll("table.figures tr[data-figure]");
            Assert.Equal(8, rows.Length);
            foreach (var row in rows)
            {
                var code = row.GetAttribute("data-figure")!;
                Assert.True(Simulated.Figure(subject, month == 0 ? 1 : month, month == 0 ? 12 : month, code) == Shown(row),
                    $"{subject} {month} {code}: simulator {Simulated.Figure(subject, month == 0 ? 1 : month, month == 0 ? 12 : month, code)}, page {Shown(row)}");
                Assert.NotNull(page.QuerySelector($"ul.bars li[data-figure={code}] .bar"));
            }
        }

        // The city's joint tasks, drilled down: the tasks behind the number, each linked to its page, adding up to it.
        page = await office.Page(workbench, $"/office/targets?subject=region:130300&year={year}");
        var joint = page.QuerySelector("table.figures tr[data-figure=joint_tasks]")!;
        var drill = await office.Page(workbench, joint.QuerySelector("a")!.GetAttribute("href")!);
        var records = drill.QuerySelectorAll("table.drill tbody tr");
        Assert.NotEmpty(records);
        Assert.All(records, r => Assert.Equal($"/tasks/{Uri.EscapeDataString(r.GetAttribute("data-record")!)}", r.QuerySelector("a")?.GetAttribute("href")));
        Assert.Equal(Simulated.Figure("region:130300", 1, 12, "joint_tasks"),
            (long.Parse(drill.QuerySelector("tfoot td[data-label=分子合计]")!.TextContent), long.Parse(drill.QuerySelector("tfoot td[data-label=分母合计]")!.TextContent)));
        Assert.Equal(records.Length, (await Supervision.DrillDownAsync(new DrillDownRequest { Subject = "region:130300", Year = year, Figure = "joint_tasks" },
            As(Scenario.Office))).Records.Count);
    }

    [Fact]
    public async Task A_county_report_confirmed_late_by_its_department_shows_as_late_on_the_office_submissions_page_and_downloads_through_the_workbench()
    {
        await SimulatedYear();
        var period = $"{Simulated.Year}-05";
        var (staff, workbench) = await SignedIn("130302-AMR", "陈静", Roles.Staff);
        using var _ = staff;

        // A county's department: its own figures and reports, no office group.
        var report = await staff.Page(workbench, $"/office/reports?period={period}");
        Assert.Equal(["指标", "报表"], report.QuerySelectorAll("nav.side a[href^='/office/']").Select(a => a.TextContent.Trim()));
        Assert.Equal("region:130302", report.QuerySelector("select#subject option[selected]")!.GetAttribute("value"));
        Assert.Equal("attachment_1", report.QuerySelector("article.paper")!.GetAttribute("data-form"));
        Assert.Equal(Simulated.Line("region:130302", 5, 5, "entities_inspected").ToString(),
            report.QuerySelector("tr[data-line=entities_inspected] td[data-label=本月]")!.TextContent);
        Assert.Equal(Simulated.Line("region:130302", 1, 5, "entities_inspected").ToString(),
            report.QuerySelector("tr[data-line=entities_inspected] td[data-label=本年累计]")!.TextContent);

        // The file, through the workbench (the browser holds no token): the service's content type, a file name to keep.
        var csv = await staff.Get(workbench, $"/office/reports/download?subject=region:130302&period={period}&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"region-130302-{period}.csv", csv.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        Assert.Contains($"entities_inspected,已检查（户次）,{Simulated.Line("region:130302", 5, 5, "entities_inspected")}", await csv.Content.ReadAsStringAsync());
        var xlsx = await staff.Get(workbench, $"/office/reports/download?subject=region:130302&period={period}");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.Get(workbench, $"/office/reports/download?subject=region:130303&period={period}")).StatusCode);

        // Confirmed long after its due date: late.
        var confirmed = await staff.Submit(workbench, report, "confirm", new Dictionary<string, string> { ["Confirm.Remarks"] = "海港区5月无计划外任务" });
        Assert.Equal("late", confirmed.QuerySelector("article.paper .signature .badge")!.GetAttribute("data-status"));
        Assert.Equal("备注：海港区5月无计划外任务", confirmed.QuerySelector("article.paper .remarks")!.TextContent);
        Assert.Null(confirmed.QuerySelector("form.confirm"));
        var kept = await Supervision.GetReportAsync(new GetReportRequest { Subject = "region:130302", Period = period }, As(Scenario.Office));
        Assert.True(kept.Confirmed && kept.Late);

        // The office's page of who has submitted: late, linked to the report; a city department that never confirmed, overdue.
        var (office, officeWorkbench) = await SignedIn(DemoData.Office, "张主任", Roles.Supervisor);
        using var __ = office;
        var submissions = await office.Page(officeWorkbench, $"/office/submissions?period={period}");
        var row = submissions.QuerySelector("table.submissions tr[data-subject='region:130302']")!;
        Assert.Equal("late", row.GetAttribute("data-status"));
        Assert.Equal("逾期报送", row.QuerySelector("td[data-label=情况]")!.TextContent.Trim());
        Assert.Equal($"/office/reports?subject=region%3A130302&period={period}", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("overdue", submissions.QuerySelector("table.submissions tr[data-subject='130300-AMR']")!.GetAttribute("data-status"));
        var seen = await office.Page(officeWorkbench, row.QuerySelector("a")!.GetAttribute("href")!);
        Assert.Equal("late", seen.QuerySelector("article.paper .signature .badge")!.GetAttribute("data-status"));
        Assert.Null(seen.QuerySelector("form.confirm"));
    }

    [Fact]
    public async Task The_office_plans_a_return_visit_records_what_it_found_at_the_drawn_entity_and_closes_it()
    {
        await scenario.CityOffice();
        var amr = await Department("130302-AMR", "海港区市场监督管理局");
        // A task the draw engine drew (four entities), its results published, closed.
        var ceremony = new DrawCeremony(platform, scenario);
        await ceremony.Entities(amr, "130302", 2);
        var (closed, drawn) = await ceremony.ClosedTask(amr);
        var (office, workbench) = await SignedIn(Scenario.Office.DepartmentId, "张主任", Roles.Supervisor);
        using var _ = office;

        // The picker offers the office's closed tasks of the year, filtered by department and month; none ticked is refused.
        var closedOn = (await Tasks.GetTaskAsync(new GetTaskRequest { TaskId = closed }, As(Scenario.StaffOf(amr)))).ClosedOn;
        var listed = await Tasks.ListVisitableTasksAsync(new ListVisitableTasksRequest { OfficeId = Scenario.Office.DepartmentId, Year = platform.Today.Year, DepartmentId = amr },
            As(Scenario.Office));
        Assert.Contains(closed, listed.Tasks.Select(t => t.TaskId));
        Assert.DoesNotContain(closed, (await Tasks.ListVisitableTasksAsync(new ListVisitableTasksRequest
        {
            OfficeId = Scenario.Office.DepartmentId, Year = platform.Today.Year, Month = DateOnly.Parse(closedOn).Month % 12 + 1,
        }, As(Scenario.Office))).Tasks.Select(t => t.TaskId));
        var list = await office.Page(workbench, $"/office/return-visits?year={platform.Today.Year}&department={amr}&month={DateOnly.Parse(closedOn).Month}");
        var offered = list.QuerySelector($"table.visitable tr[data-task='{closed}']")!;
        Assert.Equal(("海港区市场监督管理局", "4"), (offered.QuerySelector("td[data-label=检查部门]")!.TextContent, offered.QuerySelector("td[data-label=检查对象]")!.TextContent));
        Assert.All(list.QuerySelectorAll("table.visitable tbody tr td[data-label=检查部门]"), d => Assert.Contains("海港区市场监督管理局", d.TextContent));
        Assert.Null(list.QuerySelector("table.visitable input[checked]"));
        var refused = await office.Submit(workbench, list, "plan", new Dictionary<string, string> { ["Plan.Name"] = "专项抽查回访", ["Plan.Reason"] = "检验抽查实效" });
        Assert.NotNull(refused.QuerySelector("p.field-error[data-field=task_ids]"));
        var planned = await office.SubmitAll(workbench, refused, "plan", [new("Plan.Name", "专项抽查回访"), new("Plan.Reason", "检验抽查实效"), new("task_ids", closed)]);
        Assert.Equal("待抽取", planned.QuerySelector("h1 .badge")!.TextContent);
        var visit = planned.QuerySelector("dd.code")!.TextContent;
        Assert.Equal([closed], (await Tasks.GetReturnVisitAsync(new GetReturnVisitRequest { VisitId = visit }, As(Scenario.Office))).TaskIds);

        // The office draws alone, through the visit page: it declares the public randomness, commits (the engine seals its
        // secret), enters the public value once the deadline has passed, and executes; the sample comes as every draw's does.
        var preparing = new Dictionary<string, string>
        {
            ["Prepare.Count"] = "1", ["Prepare.Source"] = "", ["Prepare.Round"] = "第2026330期",
            ["Prepare.Deadline"] = Shuangsuiji.Workbench.Draws.Ceremony.Local(platform.Clock.GetUtcNow() + TimeSpan.FromMinutes(30)),
        };
        var noSource = await office.Submit(workbench, planned, "prepare-draw", preparing);
        Assert.True(noSource.QuerySelector("p.field-error[data-field=public_randomness]") is not null,
            noSource.QuerySelector("section.visit-draw")?.TextContent ?? noSource.QuerySelector("p.alert")?.TextContent);
        preparing["Prepare.Source"] = "福彩3D";
        var prepared = await office.Submit(workbench, noSource, "prepare-draw", preparing);
        Assert.Contains("第2026330期", prepared.QuerySelector("dl.draw-facts")!.TextContent);
        var committed = await office.Submit(workbench, prepared, "commit-draw", new Dictionary<string, string>());
        Assert.Null(committed.QuerySelector("p.alert[role=alert]"));
        platform.Clock.Advance(TimeSpan.FromMinutes(31));
        var valued = await office.Submit(workbench, await office.Page(workbench, $"/office/return-visits/{visit}"), "public-value",
            new Dictionary<string, string> { ["PublicValue.Value"] = "5 2 8" });
        Assert.Contains("5 2 8", valued.QuerySelector("dl.draw-facts")!.TextContent);
        await office.Submit(workbench, valued, "execute-draw", new Dictionary<string, string>());
        var sampled = await Eventually.Get(() => Tasks.GetReturnVisitAsync(new GetReturnVisitRequest { VisitId = visit }, As(Scenario.Office)).ResponseAsync,
            v => v.Status == ReturnVisitStatus.Drawn, "the engine's sample on the return visit");
        var visited = Assert.Single(sampled.Entities).Uscc;
        Assert.Contains(visited, drawn);

        // A problem found needs its findings; then recorded, and the visit closed.
        var page = await office.Page(workbench, $"/office/return-visits/{visit}");
        Assert.Equal([visited], page.QuerySelectorAll("table.visited tbody tr").Select(r => r.GetAttribute("data-uscc")));
        var fields = new Dictionary<string, string>
        {
            ["Visit.Uscc"] = visited, ["Visit.VisitedOn"] = $"{platform.Today:yyyy-MM-dd}", ["Visit.Outcome"] = nameof(VisitOutcome.NotCorrected), ["Visit.Findings"] = "",
        };
        var noFindings = await office.Submit(workbench, page, "visit", fields);
        Assert.NotNull(noFindings.QuerySelector("p.field-error[data-field=findings]"));
        fields["Visit.Findings"] = "后厨卫生问题复现";
        var recorded = await office.Submit(workbench, noFindings, "visit", fields);
        var entity = recorded.QuerySelector($"table.visited tr[data-uscc='{visited}']")!;
        Assert.Equal(("问题未整改到位", "后厨卫生问题复现"),
            (entity.QuerySelector("td[data-label=回访结果]")!.TextContent, entity.QuerySelector("td[data-label=发现的情况]")!.TextContent));
        var done = await office.Submit(workbench, recorded, "close", new Dictionary<string, string>
        {
            ["Close.ClosedOn"] = $"{platform.Today:yyyy-MM-dd}", ["Close.Summary"] = "回访1户，问题复现，已督促整改",
        });
        Assert.Equal("已办结", done.QuerySelector("h1 .badge")!.TextContent);
        Assert.Null(done.QuerySelector("form input[name=_handler][value=visit]"));
        var kept = await Tasks.GetReturnVisitAsync(new GetReturnVisitRequest { VisitId = visit }, As(Scenario.Office));
        Assert.Equal((ReturnVisitStatus.Closed, "回访1户，问题复现，已督促整改", VisitOutcome.NotCorrected),
            (kept.Status, kept.Summary, kept.Entities.Single().Outcome));
        var visits = await office.Page(workbench, "/office/return-visits");
        Assert.Equal("已办结", visits.QuerySelector($"table.visits tr[data-visit='{visit}'] .badge")!.TextContent);
    }

    [Fact]
    public async Task A_county_office_is_offered_its_county_only_and_another_county_is_refused_cleanly()
    {
        await SimulatedYear();
        var county = await scenario.CountyOfficeDepartment("130302");
        var (office, workbench) = await SignedIn(county.DepartmentId, "李主任", Roles.Supervisor);
        using var _ = office;
        var year = Simulated.Year;
        await Eventually.Get(() => Supervision.GetTargetsAsync(new GetTargetsRequest { Subject = "region:130302", Year = year }, As(county)).ResponseAsync,
            _ => true, "the county office known to the supervision service");

        var page = await office.Page(workbench, $"/office/targets?year={year}");
        var offered = page.QuerySelectorAll("select#subject option").Select(o => o.GetAttribute("value")!).ToList();
        Assert.Equal("region:130302", offered[0]);
        Assert.DoesNotContain(offered, s => s is "region:130300" or "region:130303" || !s.StartsWith("region:130302") && !s.StartsWith("130302"));
        var rows = page.QuerySelectorAll("table.figures tr[data-figure]");
        Assert.All(rows, r => Assert.Equal(Simulated.Figure("region:130302", 1, 12, r.GetAttribute("data-figure")!), Shown(r)));

        foreach (var outside in new[] { "region:130303", "region:130300", "130300-AMR" })
        {
            var refused = await office.Page(workbench, $"/office/targets?subject={Uri.EscapeDataString(outside)}&year={year}");
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", refused.QuerySelector("p.alert[role=alert]")!.TextContent);
            Assert.Null(refused.QuerySelector("table.figures"));
            Assert.DoesNotContain(refused.QuerySelectorAll("select#subject option"), o => o.GetAttribute("value") == outside);
        }
        var submissions = await office.Page(workbench, $"/office/submissions?period={year}-05");
        Assert.Equal(["region:130302"], submissions.QuerySelectorAll("table.submissions tr[data-subject]").Select(r => r.GetAttribute("data-subject")));
    }

    [Fact]
    public async Task Journey_a_county_office_signs_in_and_reads_its_county_only_on_a_desktop_and_a_phone()
    {
        await SimulatedYear();
        var county = await scenario.CountyOfficeDepartment("130303");
        await KnownAtIdentity(county.DepartmentId);
        var (username, password) = await Account(county.DepartmentId, "王主任", Roles.Supervisor);
        var year = Simulated.Year;
        await Eventually.Get(() => Supervision.GetTargetsAsync(new GetTargetsRequest { Subject = "region:130303", Year = year }, As(county)).ResponseAsync,
            _ => true, "the county office known to the supervision service");
        await using var journey = await ConsoleJourney.StartAsync(platform, "county-office");

        // Its figures are its county's, and the subjects offered are the county and its departments only.
        var page = await journey.Person(ConsoleJourney.Desktop);
        await journey.SignIn(page, username, password, $"/office/targets?year={year}");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("考核指标");
        var offered = await page.Locator("select#subject option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        Assert.Equal("region:130303", offered[0]);
        Assert.All(offered, subject => Assert.True(subject.StartsWith("region:130303") || subject.StartsWith("130303"), $"{subject} offered to the county office"));
        var shown = await page.Locator("table.figures tr[data-figure]").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [r.dataset.figure, r.querySelector('td[data-label=分子]').textContent, r.querySelector('td[data-label=分母]').textContent])");
        Assert.Equal(8, shown.Length);
        Assert.All(shown, row => Assert.Equal(Simulated.Figure("region:130303", 1, 12, row[0]), (long.Parse(row[1]), long.Parse(row[2]))));
        await journey.Screenshot(page, "1-targets-desktop");

        // Another county's figures, and the city's, are refused with a message in Chinese; no figure is shown.
        foreach (var outside in new[] { "region:130302", "region:130300" })
        {
            await page.GotoAsync($"/office/targets?subject={Uri.EscapeDataString(outside)}&year={year}");
            await Assertions.Expect(page.Locator("p.alert[role=alert]")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("[\u4e00-\u9fff]"));
            await Assertions.Expect(page.Locator("table.figures")).ToHaveCountAsync(0);
        }
        await journey.Screenshot(page, "2-another-county-refused-desktop");

        // Who has reported: its county alone; on a phone as well (the same browser: a second sign-in would repeat the code).
        await page.GotoAsync($"/office/submissions?period={year}-05");
        await Assertions.Expect(page.Locator("table.submissions tr[data-subject]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("table.submissions tr[data-subject]")).ToHaveAttributeAsync("data-subject", "region:130303");
        await journey.Screenshot(page, "3-submissions-desktop");
        await page.SetViewportSizeAsync(ConsoleJourney.Phone.Width, ConsoleJourney.Phone.Height);
        await page.GotoAsync($"/office/targets?year={year}");
        await Assertions.Expect(page.Locator("ul.bars li")).ToHaveCountAsync(8);
        await journey.Screenshot(page, "4-targets-phone");
        await page.GotoAsync($"/office/targets?subject={Uri.EscapeDataString("region:130302")}&year={year}");
        await Assertions.Expect(page.Locator("p.alert[role=alert]")).ToBeVisibleAsync();
        await journey.Screenshot(page, "5-another-county-refused-phone");
    }

    [Fact]
    public async Task Journey_the_city_office_reads_its_figures_reports_and_alerts_and_keeps_its_training_plan_on_a_desktop_and_a_phone()
    {
        await SimulatedYear();
        await KnownAtIdentity(DemoData.Office);
        var (username, password) = await Account(DemoData.Office, "张主任", Roles.Supervisor);
        var year = Simulated.Year;
        await using var journey = await ConsoleJourney.StartAsync(platform, "office");

        var desk = await journey.Person(ConsoleJourney.Desktop);
        await journey.SignIn(desk, username, password, $"/office/targets?year={year}");
        await Assertions.Expect(desk.Locator("main h1")).ToHaveTextAsync("考核指标");
        await Assertions.Expect(desk.Locator("table.figures tbody tr")).ToHaveCountAsync(8);
        await journey.Screenshot(desk, "1-targets-desktop");
        await desk.Locator("table.figures tr[data-figure=joint_tasks] a").ClickAsync();
        await Assertions.Expect(desk.Locator("table.drill")).ToBeVisibleAsync();
        await journey.Screenshot(desk, "2-drill-down-desktop");
        await desk.GotoAsync($"/office/reports?subject=region:130300&period={year}-05");
        await Assertions.Expect(desk.Locator("article.paper h2.title")).ToBeVisibleAsync();
        await journey.Screenshot(desk, "3-report-desktop");

        // A task of the city's market regulator whose results are past their publication date: the alert, its cause, the task to act on.
        var late = $"ALR-{Guid.NewGuid():N}"[..12];
        var due = platform.Today.AddDays(-3);
        await platform.Directories.Services.GetRequiredService<MassTransit.IBus>().Publish(new Contracts.Tasks.TaskProgressed(late, 1, "城区餐饮单位抽查", "checking",
            [new Contracts.Tasks.TaskDepartmentProgress("130300-AMR", "reviewed", 0, null)], null, null, false, 5, due.AddDays(-40), due.AddDays(-30), due,
            due.AddDays(-50), due.AddDays(-45), due.AddDays(-40), null, platform.Clock.GetUtcNow()));
        await Eventually.Get(() => Supervision.ListAlertsAsync(new ListAlertsRequest { Kind = "publication_overdue" }, As(Scenario.Office)).ResponseAsync,
            a => a.Alerts.Any(x => x.Subject == late), "the alert", timeoutSeconds: 60);
        await desk.GotoAsync("/office/alerts");
        var alert = desk.Locator($"table.alerts tr[data-alert='publication_overdue:{late}:130300-AMR']");
        await Assertions.Expect(alert.Locator("td[data-label=类型]")).ToHaveTextAsync("逾期未公示");
        await Assertions.Expect(alert.Locator("td[data-label=原因]")).ToContainTextAsync("未公示");
        await Assertions.Expect(alert.GetByRole(AriaRole.Link, new() { Name = "公示结果" })).ToHaveAttributeAsync("href", $"/tasks/{late}");
        await journey.Screenshot(desk, "4-alerts-desktop");

        // The training plan: a session scheduled in the form, its attendance recorded.
        await desk.GotoAsync($"/office/training?year={year}");
        await desk.FillAsync("#date", $"{year}-06-15");
        await desk.FillAsync("#topic", "双随机抽查系统操作培训");
        await desk.SelectOptionAsync("#audience", "system_users");
        await desk.FillAsync("#planned", "30");
        await desk.GetByRole(AriaRole.Button, new() { Name = "安排" }).ClickAsync();
        var session = desk.Locator("table.training tbody tr", new() { HasText = "双随机抽查系统操作培训" });
        await Assertions.Expect(session.Locator("td[data-label=对象]")).ToHaveTextAsync("平台使用人员");
        await session.GetByRole(AriaRole.Link, new() { Name = "登记参训" }).ClickAsync();
        await desk.FillAsync($"[id='attend-{DemoData.Office}']", "27");
        await desk.GetByRole(AriaRole.Button, new() { Name = "登记" }).ClickAsync();
        await Assertions.Expect(session.Locator("td[data-label=实到人数]")).ToHaveTextAsync("27");
        await journey.Screenshot(desk, "5-training-desktop");
        var plan = await Supervision.GetTrainingPlanAsync(new GetTrainingPlanRequest { Year = year }, As(Scenario.Office));
        Assert.Equal(("system_users", 30, 27), plan.Sessions.Where(s => s.Topic == "双随机抽查系统操作培训").Select(s => (s.Audience, s.PlannedAttendance, s.Attended)).Single());

        // The same session on a phone-sized screen (a second sign-in would need the authenticator's next code).
        var phone = desk;
        await phone.SetViewportSizeAsync(ConsoleJourney.Phone.Width, ConsoleJourney.Phone.Height);
        await phone.GotoAsync($"/office/targets?year={year}");
        await Assertions.Expect(phone.Locator("ul.bars li")).ToHaveCountAsync(8);
        await journey.Screenshot(phone, "6-targets-phone");
        await phone.GotoAsync($"/office/reports?subject=region:130300&period={year}-05");
        await journey.Screenshot(phone, "7-report-phone");
        await phone.GotoAsync($"/office/submissions?period={year}-05");
        await Assertions.Expect(phone.Locator("table.submissions")).ToBeVisibleAsync();
        await journey.Screenshot(phone, "8-submissions-phone");
        await phone.GotoAsync("/office/return-visits");
        await journey.Screenshot(phone, "9-return-visits-phone");
    }
}
