using Grpc.Core;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Shuangsuiji.Api.Supervision.V1;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Demo;
using Shuangsuiji.Directories.Calendar;
using Shuangsuiji.Platform.Tests.Infrastructure;
using Shuangsuiji.ServiceDefaults.Calendar;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// The city office's supervision through the gateway: a simulated year of Qinhuangdao sent over RabbitMQ as the tasks
/// service reports it, its targets and monthly reports (read, downloaded, confirmed) checked against the simulator's
/// known counts; alerts raised and cleared by the watch; the training plan.
/// </summary>
public sealed class SupervisionFlowTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private static readonly YearSimulator Simulated = new(CalendarSeed.WorkingDays);
    private static readonly SemaphoreSlim Loading = new(1, 1);
    private static bool loaded;

    private Api.Supervision.V1.Supervision.SupervisionClient Supervision => new(platform.GatewayChannel);
    private IBus Bus => platform.Directories.Services.GetRequiredService<IBus>();
    private static readonly CallOptions Office = As(Scenario.Office);

    private static CallOptions Staff(string department) => As(Scenario.StaffOf(department));

    private static async Task<StatusCode> Fails(Func<Task> call) => (await Assert.ThrowsAsync<RpcException>(call)).StatusCode;

    /// <summary>Sends the simulated year once per class and waits until the supervision service has all of it.</summary>
    private async Task SimulatedYear()
    {
        await Loading.WaitAsync();
        try
        {
            if (loaded) return;
            await SimulatedYears.Send(platform, Simulated);
            loaded = true;
        }
        finally
        {
            Loading.Release();
        }
    }

    [Fact]
    public async Task The_years_targets_of_every_department_and_region_are_the_simulators_known_counts()
    {
        await SimulatedYear();
        foreach (var subject in Simulated.Inspecting.Concat(Simulated.Regions))
        {
            var targets = await Supervision.GetTargetsAsync(new GetTargetsRequest { Subject = subject, Year = Simulated.Year }, Office);
            Assert.All(targets.Figures, f => Assert.True(Simulated.Figure(subject, 1, 12, f.Code) == (f.Numerator, f.Denominator),
                $"{subject} {f.Code}: simulator {Simulated.Figure(subject, 1, 12, f.Code)}, gateway ({f.Numerator}, {f.Denominator})"));
            Assert.All(targets.Figures.Where(f => f.Target > 0), f => Assert.Equal(f.Denominator > 0 && f.Ratio < f.Target, f.BelowTarget));
        }
        // A month, and the tasks behind a figure.
        var may = await Supervision.GetTargetsAsync(new GetTargetsRequest { Subject = "130300-AMR", Year = Simulated.Year, Month = 5 }, Office);
        Assert.Equal(Simulated.Figure("130300-AMR", 5, 5, "joint_inspections"), Pair(may.Figures.Single(f => f.Code == "joint_inspections")));
        var drill = await Supervision.DrillDownAsync(new DrillDownRequest { Subject = "130300-AMR", Year = Simulated.Year, Figure = "joint_tasks" }, Staff("130300-AMR"));
        Assert.Equal(Pair(drill.Figure), (drill.Records.Sum(r => r.Numerator), drill.Records.Sum(r => r.Denominator)));
        Assert.All(drill.Records, r => Assert.StartsWith("130", r.RecordId));

        // A department reads its own figures and its region's, not another's; a figure must exist.
        Assert.Equal(StatusCode.PermissionDenied, await Fails(() => Supervision.GetTargetsAsync(
            new GetTargetsRequest { Subject = "130300-EEB", Year = Simulated.Year }, Staff("130300-AMR")).ResponseAsync));
        await Supervision.GetTargetsAsync(new GetTargetsRequest { Subject = "region:130302", Year = Simulated.Year }, Staff("130302-AMR"));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Supervision.DrillDownAsync(
            new DrillDownRequest { Subject = "130300-AMR", Year = Simulated.Year, Figure = "speed" }, Office).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, unknown.StatusCode);
        Assert.StartsWith("figure:", unknown.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, await Fails(() => Supervision.GetTargetsAsync(
            new GetTargetsRequest { Subject = "region:13", Year = Simulated.Year }, Office).ResponseAsync));

        // The chart: one group of bars per city department that worked that year.
        using var http = platform.Http(Scenario.Office);
        var chart = await http.GetAsync($"/v1/supervision/targets:chart?year={Simulated.Year}");
        Assert.Equal("image/svg+xml", chart.Content.Headers.ContentType?.MediaType);
        var svg = await chart.Content.ReadAsStringAsync();
        Assert.StartsWith("<svg", svg);
        Assert.Contains("秦皇岛市生态环境局", svg);
        Assert.DoesNotContain("海港区市场监督管理局", svg);
    }

    [Fact]
    public async Task A_county_office_reads_its_county_only_and_the_city_office_the_whole_city()
    {
        await SimulatedYear();
        const string county = "130302-OFFICE";
        await Bus.Publish(new DepartmentChanged(county, 1, "created", "海港区“双随机、一公开”监管工作领导小组办公室", "county", "130302", null, [], false, null, null,
            null, platform.Clock.GetUtcNow()) { Kind = "office" });
        var countyOffice = As(new Kernel.Caller("office-haigang", county, Kernel.Roles.Supervisor));
        var year = Simulated.Year;

        await Eventually.Get(() => Supervision.GetTargetsAsync(new GetTargetsRequest { Subject = "region:130302", Year = year }, countyOffice).ResponseAsync,
            _ => true, "the county office known to the supervision service");
        await Supervision.GetTargetsAsync(new GetTargetsRequest { Subject = "130302-AMR", Year = year }, countyOffice);
        foreach (var outside in new[] { "region:130300", "130300-AMR", "region:130303" })
            Assert.Equal(StatusCode.PermissionDenied, await Fails(() => Supervision.GetTargetsAsync(new GetTargetsRequest { Subject = outside, Year = year }, countyOffice).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await Fails(() => Supervision.GetReportAsync(
            new GetReportRequest { Subject = "region:130303", Period = $"{year}-05" }, countyOffice).ResponseAsync));

        // Who has reported, as each office sees it: the county office its county only.
        var seenByCounty = await Supervision.ListSubmissionsAsync(new ListSubmissionsRequest { Period = $"{year}-05" }, countyOffice);
        Assert.Equal(["region:130302"], seenByCounty.Submissions.Select(x => x.Subject));
        var seenByCity = await Supervision.ListSubmissionsAsync(new ListSubmissionsRequest { Period = $"{year}-05" }, Office);
        Assert.Contains(seenByCity.Submissions, x => x.Subject == "region:130303");
        Assert.Contains(seenByCity.Submissions, x => x.Subject == "130300-AMR");

        var alerts = await Supervision.ListAlertsAsync(new ListAlertsRequest { IncludeCleared = true }, countyOffice);
        Assert.All(alerts.Alerts, a => Assert.True(a.DepartmentId.StartsWith("130302", StringComparison.Ordinal) || a.DepartmentId == "region:130302", a.DepartmentId));
        Assert.Equal(StatusCode.PermissionDenied, await Fails(() => Supervision.ListAlertsAsync(new ListAlertsRequest { DepartmentId = "130300-AMR" }, countyOffice).ResponseAsync));
    }

    [Fact]
    public async Task Attachment_1_and_2_reports_match_the_simulator_download_as_forms_and_are_confirmed_on_time_or_late()
    {
        await SimulatedYear();
        // Due by the 20th, or the next working day: 20 August 2022 was a Saturday.
        var dueOn = new Dictionary<int, string> { [3] = "2022-04-20", [7] = "2022-08-22", [12] = "2023-01-20" };
        foreach (var (subject, form) in new[] { ("region:130302", "attachment_1"), ("130300-AMR", "attachment_2") })
            foreach (var (month, due) in dueOn)
            {
                var report = await Supervision.GetReportAsync(new GetReportRequest { Subject = subject, Period = $"{Simulated.Year}-{month:00}" }, Office);
                Assert.Equal((form, due), (report.Form, report.DueOn));
                Assert.All(report.Lines.Where(l => !l.Code.StartsWith("ratio_")), l =>
                {
                    Assert.True(Simulated.Line(subject, month, month, l.Code) == l.PeriodValue, $"{subject} {month} {l.Code} month");
                    Assert.True(Simulated.Line(subject, 1, month, l.Code) == l.YearValue, $"{subject} {month} {l.Code} year to date");
                });
            }

        // The form as a workbook (title, reporting unit, one row per line) and as CSV.
        using var http = platform.Http(Scenario.StaffOf("130300-AMR"));
        var period = $"{Simulated.Year}-05";
        var xlsx = await http.GetByteArrayAsync($"/v1/supervision/reports/130300-AMR/{period}:download");
        var rows = MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: false, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();
        Assert.StartsWith("附件2 市有关部门“双随机、一公开”监管工作月报表", rows[0]["A"]?.ToString());
        Assert.Equal("填报单位：秦皇岛市市场监督管理局", rows[1]["A"]);
        Assert.Equal(["序号", "项目", "本月", "本年累计"], new[] { "A", "B", "C", "D" }.Select(c => rows[2][c]?.ToString()));
        var inspected = rows.Single(r => r["B"]?.ToString() == "已检查（户次）");
        Assert.Equal((double)Simulated.Line("130300-AMR", 1, 5, "entities_inspected"), Convert.ToDouble(inspected["D"]));
        var csv = (await http.GetStringAsync($"/v1/supervision/reports/130300-AMR/{period}:download?format=csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("code,项目,本月,本年累计", csv[0].TrimStart('\uFEFF').TrimEnd('\r'));
        Assert.Contains($"entities_inspected,已检查（户次）,{Simulated.Line("130300-AMR", 5, 5, "entities_inspected")},{Simulated.Line("130300-AMR", 1, 5, "entities_inspected")}",
            csv.Select(l => l.TrimEnd('\r')));

        // Submission: the office sees everyone overdue; a county bureau confirms its region's form (late, long after the
        // 20th), another region's bureau and the office may not; the confirmed figures are kept.
        var before = await Supervision.ListSubmissionsAsync(new ListSubmissionsRequest { Period = period }, Office);
        Assert.Contains(before.Submissions, s => s.Subject == "region:130302" && s.Status == "overdue" && s.Form == "attachment_1");
        Assert.Contains(before.Submissions, s => s.Subject == "130300-AMR" && s.Status == "overdue" && s.Form == "attachment_2");
        Assert.DoesNotContain(before.Submissions, s => s.Subject == DemoData.Office);
        var confirm = new ConfirmReportRequest { Subject = "region:130302", Period = period, Remarks = "海港区5月无联合抽查计划外任务" };
        Assert.Equal(StatusCode.PermissionDenied, await Fails(() => Supervision.ConfirmReportAsync(confirm, Staff("130303-AMR")).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await Fails(() => Supervision.ConfirmReportAsync(confirm, Office).ResponseAsync));
        var confirmed = await Supervision.ConfirmReportAsync(confirm, Staff("130302-AMR"));
        Assert.True(confirmed.Confirmed && confirmed.Late);
        Assert.Equal(("staff-130302-AMR", "海港区5月无联合抽查计划外任务"), (confirmed.ConfirmedBy, confirmed.Remarks));
        var after = await Supervision.ListSubmissionsAsync(new ListSubmissionsRequest { Period = period }, Office);
        Assert.Equal("late", after.Submissions.Single(s => s.Subject == "region:130302").Status);
        Assert.Equal(StatusCode.PermissionDenied, await Fails(() => Supervision.ListSubmissionsAsync(new ListSubmissionsRequest { Period = period }, Staff("130302-AMR")).ResponseAsync));

        // A quarterly summary is due on the seed's date, moved to the next working day when that is a day off (2 Jul 2022 was a Saturday).
        var summary = await Supervision.GetReportAsync(new GetReportRequest { Subject = "region:130300", Period = $"{Simulated.Year}-Q2" }, Office);
        Assert.Equal(("summary", "2022-07-04"), (summary.Form, summary.DueOn));
        Assert.Equal(Simulated.Line("region:130300", 4, 6, "entities_inspected"), summary.Lines.Single(l => l.Code == "entities_inspected").PeriodValue);
        var bad = await Assert.ThrowsAsync<RpcException>(() => Supervision.GetReportAsync(new GetReportRequest { Subject = "130300-AMR", Period = "2022-13" }, Office).ResponseAsync);
        Assert.Equal((StatusCode.InvalidArgument, true), (bad.StatusCode, bad.Status.Detail.StartsWith("period:")));
    }

    [Fact]
    public async Task The_watch_raises_alerts_for_due_and_overdue_publication_open_follow_up_and_missed_targets_and_clears_them()
    {
        var department = "130399-ALR";
        await Bus.Publish(new DepartmentChanged(department, 1, "created", "告警测试局", "city", "130300", null, [], false, null, null, null, platform.Clock.GetUtcNow()));
        // The city office reads the city's alerts: it is a department the supervision service knows, with the city's region.
        await Bus.Publish(new DepartmentChanged(DemoData.Office, 1, "created", "秦皇岛市双随机办", "city", "130300", null, [], false, null, null, null,
            platform.Clock.GetUtcNow()) { Kind = "office" });
        var today = platform.Today;
        var lastYear = today.Year - 1;
        TaskProgressed Task(string id, DateOnly due, string stage, long version) =>
            new(id, version, $"任务{id}", "checking", [new TaskDepartmentProgress(department, stage, 0, null)], null, null, false, 5,
                due.AddDays(-40), due.AddDays(-30), due, due.AddDays(-50), due.AddDays(-45), due.AddDays(-40), null, platform.Clock.GetUtcNow());
        // Due today: not late yet, and known on 31 December too (the next working day may lie in a year the calendar lacks).
        var soon = Task("ALR-SOON", today, "reviewed", 1);
        var late = Task("ALR-LATE", today.AddDays(-3), "reviewed", 1);
        // Last year: an own task (no joint work: below the 20 % target at every quarter's end) with a problem whose follow-up stayed open.
        var old = Task("ALR-OLD", new DateOnly(lastYear, 3, 20), "published", 1) with { Status = "follow_up" };
        await Bus.Publish(new PlanVersionPublished($"{department}:{lastYear}", department, lastYear, 1, [], null, platform.Clock.GetUtcNow()));
        await Bus.Publish(soon);
        await Bus.Publish(late);
        await Bus.Publish(old);
        await Bus.Publish(new ResultProgressed($"ALR-OLD:{department}:X", 4, "ALR-OLD", department, "91130300MA00000001", "approved", new DateOnly(lastYear, 2, 10),
            new DateOnly(lastYear, 3, 10), new DateOnly(lastYear, 2, 11), new DateOnly(lastYear, 3, 1), ["on_site"], ["problem_pending"], true, ["order_correction"], null,
            platform.Clock.GetUtcNow()));

        (string, string)[] expected =
            [("result_due_soon", "ALR-SOON"), ("publication_overdue", "ALR-LATE"), ("follow_up_overdue", "ALR-OLD"), ("below_target", $"{lastYear}-Q4")];
        var alerts = await Eventually.Get(() => Supervision.ListAlertsAsync(new ListAlertsRequest { DepartmentId = department }, Staff(department)).ResponseAsync,
            a => expected.All(e => a.Alerts.Any(x => (x.Kind, x.Subject) == e)), "the alerts", timeoutSeconds: 60);
        // Below target in each quarter of last year: no joint task, no joint inspection, no draw by risk class.
        Assert.Equal(12, alerts.Alerts.Count(a => a.Kind == "below_target"));
        // So is the city, its region, which the office reads as such.
        var city = await Eventually.Get(() => Supervision.ListAlertsAsync(new ListAlertsRequest { DepartmentId = "region:130300", Kind = "below_target" }, Office).ResponseAsync,
            a => a.Alerts.Count(x => x.Subject == $"{lastYear}-Q4") == 3, "the city's alerts", timeoutSeconds: 60);
        Assert.Contains(city.Alerts, a => a.AlertId == $"below_target:region:130300:{lastYear}-Q4:risk_stratified" && a.Message.Contains("秦皇岛市"));
        Assert.Contains("尚有5户未公示", alerts.Alerts.Single(a => a.Subject == "ALR-LATE").Message);

        // Published, the task's alert is cleared (and kept: the office sees it with include_cleared).
        await Bus.Publish(late with { Version = 2, Departments = [new TaskDepartmentProgress(department, "published", 0, null)] });
        var cleared = await Eventually.Get(() => Supervision.ListAlertsAsync(new ListAlertsRequest { IncludeCleared = true, Kind = "publication_overdue" }, Office).ResponseAsync,
            a => a.Alerts.Any(x => x.Subject == "ALR-LATE" && x.Cleared), "the cleared alert", timeoutSeconds: 60);
        Assert.Equal(today.ToString("yyyy-MM-dd"), cleared.Alerts.Single(x => x.Subject == "ALR-LATE").ClearedOn);
        Assert.DoesNotContain((await Supervision.ListAlertsAsync(new ListAlertsRequest { DepartmentId = department }, Office)).Alerts, a => a.Subject == "ALR-LATE");

        Assert.Equal(StatusCode.PermissionDenied, await Fails(() => Supervision.ListAlertsAsync(new ListAlertsRequest(), Staff(department)).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await Fails(() => Supervision.ListAlertsAsync(new ListAlertsRequest { DepartmentId = "130300-AMR" }, Staff(department)).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await Fails(() => Supervision.ListAlertsAsync(new ListAlertsRequest { Kind = "late" }, Office).ResponseAsync));
    }

    [Fact]
    public async Task The_office_keeps_the_yearly_training_plan_and_its_attendance()
    {
        await SimulatedYear();
        var year = Simulated.Year;
        var session = new ScheduleTrainingRequest
        {
            Year = year, Date = $"{year}-04-12", Audience = "enforcement_staff", Topic = "河北省市场监管领域随机抽查规范", DepartmentId = DemoData.Office, PlannedAttendance = 60,
        };
        Assert.Equal(StatusCode.PermissionDenied, await Fails(() => Supervision.ScheduleTrainingAsync(session, Staff("130300-AMR")).ResponseAsync));
        var bad = await Assert.ThrowsAsync<RpcException>(() => Supervision.ScheduleTrainingAsync(new ScheduleTrainingRequest(session) { Date = $"{year + 1}-01-05" }, Office).ResponseAsync);
        Assert.Equal((StatusCode.InvalidArgument, true), (bad.StatusCode, bad.Status.Detail.StartsWith("date:")));
        await Supervision.ScheduleTrainingAsync(session, Office);
        var plan = await Supervision.ScheduleTrainingAsync(new ScheduleTrainingRequest(session) { Date = $"{year}-09-20", Audience = "system_users", Topic = "平台操作培训" }, Office);
        Assert.Equal([$"{year}-001", $"{year}-002"], plan.Sessions.Select(s => s.SessionId));

        var attended = await Supervision.RecordAttendanceAsync(new RecordAttendanceRequest
        {
            Year = year, SessionId = $"{year}-001", Attendance = { ["130300-AMR"] = 25, ["130302-AMR"] = 18 },
        }, Office);
        Assert.Equal(43, attended.Sessions[0].Attended);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Supervision.RecordAttendanceAsync(new RecordAttendanceRequest
        {
            Year = year, SessionId = $"{year}-002", Attendance = { ["999999-XXX"] = 3 },
        }, Office).ResponseAsync);
        Assert.Equal((StatusCode.InvalidArgument, "attendance[999999-XXX]: is not a member department"), (unknown.StatusCode, unknown.Status.Detail));
        var read = await Supervision.GetTrainingPlanAsync(new GetTrainingPlanRequest { Year = year }, Staff("130321-AMR"));
        Assert.Equal((2, 43), (read.Sessions.Count, read.Sessions.Sum(s => s.Attended)));
    }

    [Fact]
    public async Task A_task_counts_as_drawn_by_risk_class_when_its_executed_draw_gave_entities_from_a_stratum_of_classes()
    {
        // Two tasks of one department drawn through the draw engine, their checks started: one by its quota's class D, the
        // other with the class-D stratum empty (the task's quota is 0 %) and its entity from those without a class.
        var scenario = new Scenario(platform);
        var ceremony = new DrawCeremony(platform, scenario);
        var checking = new CheckingTasks(platform, scenario);
        var amr = (await scenario.Department("130324-AMR", Api.Directories.V1.DepartmentLevel.County, "130324")).DepartmentId;
        await ceremony.Entities(amr, "130324", 1, unclassed: 2);
        async Task<Api.Draws.V1.Draw> Drawn(Api.Tasks.V1.RiskQuota quota, params Api.Draws.V1.Stratum[] strata)
        {
            var task = await ceremony.ReadyTask(amr, [], null, quota);
            var executed = await ceremony.Execute(await ceremony.Prepare(ceremony.Request(task, strata), Staff(amr)));
            var drawn = await Eventually.Get(() => ceremony.Tasks.GetTaskAsync(new Api.Tasks.V1.GetTaskRequest { TaskId = task }, Staff(amr)).ResponseAsync,
                t => t.Status == Api.Tasks.V1.TaskStatus.Drawn, "the draw on the task");
            await checking.Matched(task, executed.DrawId, amr, [.. drawn.Entities], "QHD-AMR-001");
            await ceremony.Tasks.StartChecksAsync(new Api.Tasks.V1.TaskCommandRequest { TaskId = task }, Staff(amr));
            return executed;
        }
        var byClass = await Drawn(new Api.Tasks.V1.RiskQuota { RiskClass = "D", Count = 1 },
            new Api.Draws.V1.Stratum { Label = "D", RiskClasses = { "D" }, Count = 1 });
        var unclassed = await Drawn(new Api.Tasks.V1.RiskQuota { RiskClass = "D", Percent = 0 },
            new Api.Draws.V1.Stratum { Label = "D", RiskClasses = { "D" }, Percent = 0 }, new Api.Draws.V1.Stratum { Label = "none", Count = 1 });
        Assert.Equal([1], byClass.Strata.Select(s => s.Drawn));
        Assert.Equal([0, 1], unclassed.Strata.Select(s => s.Drawn));

        var figure = await Eventually.Get(async () => (await Supervision.GetTargetsAsync(new GetTargetsRequest { Subject = amr, Year = platform.Today.Year }, Office))
                .Figures.Single(f => f.Code == "risk_stratified"),
            f => f.Denominator == 2, "both tasks' checks at the supervision service");
        Assert.Equal((1L, 2L), Pair(figure));
    }

    [Fact]
    public async Task An_executed_draw_its_task_refuses_is_stored_as_refused_and_alerts_the_office_for_good()
    {
        // A draw of a task still in draft, as the draw engine's relay would send it for the department's staff: the task
        // cannot take it.
        var scenario = new Scenario(platform);
        await scenario.CityOffice();
        var amr = (await scenario.Department("130325-AMR", Api.Directories.V1.DepartmentLevel.County, "130325")).DepartmentId;
        var tasks = new Api.Tasks.V1.Tasks.TasksClient(platform.GatewayChannel);
        var task = (await tasks.CreateTaskAsync(new Api.Tasks.V1.CreateTaskRequest
        {
            TaskId = scenario.Id("UNREC"), DepartmentId = amr, Name = "专项抽查", Items = { DrawCeremony.Item(amr) },
            Scope = new Api.Tasks.V1.PlanScope { Divisions = { "130325" } }, Quotas = { new Api.Tasks.V1.RiskQuota { RiskClass = "D", Count = 1 } },
            CheckFrom = $"{platform.Today:yyyy-MM-dd}", CheckTo = $"{platform.Today.AddDays(20):yyyy-MM-dd}", Reason = "专项核查",
        }, Staff(amr))).TaskId;
        var drawId = $"draw-{task}";
        await Bus.Publish(new Shuangsuiji.Contracts.Draws.TaskEntitiesDrawn(drawId, task, [amr], [EntityFiles.NewCode()], null, platform.Clock.GetUtcNow()),
            context =>
            {
                context.Headers.Set(Shuangsuiji.ServiceDefaults.Messaging.RelayHeaders.User, Scenario.StaffOf(amr).UserId);
                context.Headers.Set(Shuangsuiji.ServiceDefaults.Messaging.RelayHeaders.Department, amr);
                context.Headers.Set(Shuangsuiji.ServiceDefaults.Messaging.RelayHeaders.Role, Shuangsuiji.Kernel.Roles.Staff);
            });

        // The refusal is stored by the tasks service (in its audit trail) and kept by the supervision service; the office is
        // alerted, with why, and the alert stays; the task is unchanged.
        var refused = await Eventually.Get(() => new Api.Audit.V1.AuditTrail.AuditTrailClient(platform.GatewayChannel).GetHistoryAsync(
            new Api.Audit.V1.GetHistoryRequest { Service = "tasks", StreamId = $"unrecorded-draw:{drawId}" }, Office).ResponseAsync,
            h => h.Events.Count > 0, "the refusal in the tasks service's audit trail");
        Assert.Equal(("draw_not_recorded", amr), (Assert.Single(refused.Events).Kind, refused.Events[0].Department));
        await Eventually.Get(async () =>
        {
            await using var query = platform.Supervision.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
            return await query.LoadAsync<Shuangsuiji.Supervision.Activity.KeptUnrecordedDraw>(drawId);
        }, kept => kept is not null, "the refusal kept by the supervision service");
        var alert = await Eventually.Get(async () => (await Supervision.ListAlertsAsync(new ListAlertsRequest { Kind = "draw_not_recorded" }, Office)).Alerts
            .SingleOrDefault(a => a.Subject == task), a => a is not null, "the office's alert of the refused draw");
        Assert.Equal((amr, false), (alert!.DepartmentId, alert.Cleared));
        var why = $"抽取 {drawId} 已执行，但未能记入任务 {task}：";
        Assert.StartsWith(why, alert.Message);
        Assert.Contains(task, alert.Message[why.Length..]); // the task's own refusal, in Chinese
        Assert.Equal(Api.Tasks.V1.TaskStatus.Draft, (await tasks.GetTaskAsync(new Api.Tasks.V1.GetTaskRequest { TaskId = task }, Staff(amr))).Status);
        platform.Clock.Advance(TimeSpan.FromSeconds(2)); // a later scan of the watch keeps it
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False((await Supervision.ListAlertsAsync(new ListAlertsRequest { Kind = "draw_not_recorded", IncludeCleared = true }, Office)).Alerts
            .Single(a => a.Subject == task).Cleared);
    }

    private static (long, long) Pair(Figure f) => (f.Numerator, f.Denominator);
}
