using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.Api.Audit.V1;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Demo;
using Shuangsuiji.Disclosure.Portal;
using Shuangsuiji.Platform.Tests.Infrastructure;
using ResultDeadlineMoved = Shuangsuiji.Tasks.Results.ResultDeadlineMoved;
using TaskDeadlineMoved = Shuangsuiji.Tasks.Results.TaskDeadlineMoved;
using static Shuangsuiji.Platform.Tests.Infrastructure.CheckingTasks;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;
using Shuangsuiji.Kernel.Calendar;
using PublicApi = Shuangsuiji.Api.Disclosure.V1;
using SupervisionApi = Shuangsuiji.Api.Supervision.V1;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// The working-day calendar as data of the platform: the notices it ships with, recorded at the directories' first start
/// and followed by the services that count working days; the office recording a year's notice through the gateway; and a
/// deadline in a year without one — given, marked provisional in the API, the public record, the portal and the demo's
/// output, and moved everywhere when the notice is recorded.
/// </summary>
public sealed class CalendarTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);
    private HolidayCalendar.HolidayCalendarClient Calendar => new(platform.GatewayChannel);
    private Api.Tasks.V1.Tasks.TasksClient Tasks => new(platform.GatewayChannel);

    private static async Task<RpcException> Fails(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);

    [Fact]
    public async Task The_shipped_notices_are_public_and_seeded_by_the_platform_and_only_the_office_records_one()
    {
        using var anonymous = platform.Http();
        var listed = await anonymous.GetFromJsonAsync<JsonElement>("/v1/public/holiday-notices");
        var years = listed.GetProperty("years").EnumerateArray().ToList();
        Assert.Equal([2022, 2023, 2024, 2025, 2026], years.Select(y => y.GetProperty("year").GetInt32()));
        var notice2026 = years[^1].GetProperty("notice");
        Assert.Equal(("国务院办公厅关于2026年部分节假日安排的通知", "2025-11-04"), (notice2026.GetProperty("title").GetString(), notice2026.GetProperty("issuedOn").GetString()));
        Assert.Contains(notice2026.GetProperty("workdays").EnumerateArray(), w => w.GetProperty("date").GetString() == "2026-02-28" && w.GetProperty("holiday").GetString() == "春节");

        // Recorded as events of the platform's own seed, in the directories' audit trail.
        var history = await new Shuangsuiji.Api.Audit.V1.AuditTrail.AuditTrailClient(platform.GatewayChannel).GetHistoryAsync(
            new GetHistoryRequest { Service = "directories", StreamId = "calendar:2026" }, As(Scenario.Office));
        Assert.Equal([("holiday_notice_recorded", "calendar-seed")], history.Events.Select(e => (e.Kind, e.Actor)));

        var notice = new RecordHolidayNoticeRequest
        {
            Year = 2026, Title = "国务院办公厅关于2026年部分节假日安排的通知", IssuedOn = "2025-11-04",
            Holidays = { new Holiday { Name = "元旦", From = "2026-01-01", To = "2026-01-03" } },
        };
        Assert.Equal(StatusCode.PermissionDenied, (await Fails(() => Calendar.RecordHolidayNoticeAsync(notice, Staff("130300-AMR")).ResponseAsync)).StatusCode);
        var weekday = await Fails(() => Calendar.RecordHolidayNoticeAsync(new RecordHolidayNoticeRequest(notice)
        {
            Workdays = { new MakeUpWorkday { Date = "2026-01-05", Holiday = "元旦" } },
        }, As(Scenario.Office)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, weekday.StatusCode);
        Assert.StartsWith("workdays[0].date: 2026-01-05 (Monday): a make-up working day is a Saturday or Sunday of 2026", weekday.Status.Detail);
        // A second holiday that ends before it starts.
        Assert.StartsWith("holidays[1].to:", (await Fails(() => Calendar.RecordHolidayNoticeAsync(new RecordHolidayNoticeRequest(notice)
        {
            Holidays = { new Holiday { Name = "春节", From = "2026-02-23", To = "2026-02-15" } },
        }, As(Scenario.Office)).ResponseAsync)).Status.Detail);
        Assert.Equal(StatusCode.AlreadyExists, (await Fails(() => Calendar.RecordHolidayNoticeAsync(notice, As(Scenario.Office)).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Fails(() => Calendar.CorrectHolidayNoticeAsync(new CorrectHolidayNoticeRequest
        {
            Year = 2021, Title = "国务院办公厅关于2021年部分节假日安排的通知", IssuedOn = "2020-11-25", Reason = "补录",
            Holidays = { new Holiday { Name = "元旦", From = "2021-01-01", To = "2021-01-03" } },
        }, As(Scenario.Office)).ResponseAsync)).StatusCode);
    }

    /// <summary>
    /// A check on Monday 7 December 2026, before the State Council's 2027 notice: 18 working days are left in December, so
    /// its results are due in January 2027, counted Monday to Friday until the office records the notice. The 2027 notice
    /// recorded here is made up for the test (New Year from Friday 1 to Sunday 3 January), and so is its correction.
    /// </summary>
    [Fact]
    public async Task A_deadline_in_a_year_without_its_notice_is_given_provisionally_everywhere_and_moves_when_the_notice_is_recorded()
    {
        platform.Clock.AdvanceTo(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(8)));
        var department = (await scenario.Department("130302-AMR", DepartmentLevel.County, "130302")).DepartmentId;
        var item = $"{department}:HBSC-001";
        var uscc = EntityFiles.NewCode();
        var taskId = await new CheckingTasks(platform, scenario).Start(department, "ZX-CAL", item, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 7), [uscc]);
        var request = new ResultEntryRequest
        {
            TaskId = taskId, DepartmentId = department, Uscc = uscc,
            Entry = new ResultEntry
            {
                CheckDates = { "2026-12-07" }, Methods = { CheckMethod.OnSite }, Categories = { ResultCategory.NoProblem },
                Items = { new ItemOutcome { ItemId = item, Checked = true } }, InspectorIds = { "QHD-AMR-001", "QHD-AMR-002" },
            },
        };
        await Tasks.SubmitResultAsync(request, Staff(department));
        var key = new ResultCommandRequest { TaskId = taskId, DepartmentId = department, Uscc = uscc };
        var approved = await Tasks.ApproveResultAsync(key, Reviewer(department));

        // The API: a date, and that it is provisional; the demo prints both.
        Assert.Equal(("2027-01-04", true), (approved.ResultsDue, approved.ResultsDueProvisional));
        Assert.Equal("2027-01-04 (provisional, 暂按工作日计算: counted Monday to Friday until the year's holiday notice is recorded)",
            TaskDemo.Due(approved.ResultsDue, approved.ResultsDueProvisional));
        // The public record of the result and of the task, and the portal's pages.
        var published = await PublicResult(taskId, r => r.DueOn == "2027-01-04", "the public result");
        Assert.True(published.DueOnProvisional);
        var task = await Eventually.Get(() => platform.Public.GetTaskAsync(new PublicApi.GetPublicTaskRequest { TaskId = taskId }).ResponseAsync,
            t => t.ResultsDueOn == "2027-01-04", "the task's announcement");
        Assert.True(task.ResultsDueOnProvisional);
        Assert.Equal(("2027-01-04（暂按工作日计算）", "2027-01-04（暂按工作日计算）"), await Portal(taskId, department, uscc));
        // The city office's figures hear of the date and that it may move; so does a report due in 2027.
        Assert.Contains(Progress(), m => m is { DueOn.Year: 2027, DueOnProvisional: true });
        await scenario.CityOffice();
        var supervision = new SupervisionApi.Supervision.SupervisionClient(platform.GatewayChannel);
        var summary = new SupervisionApi.GetReportRequest { Subject = department, Period = "2027-Q1" };
        Assert.Equal(("2027-04-02", true), await Report(supervision, summary));
        // On 5 January, the department has not completed its part: by Monday to Friday its results are late, but a provisional
        // deadline raises nothing (the watch scans every second here).
        platform.Clock.AdvanceTo(new DateTimeOffset(2027, 1, 5, 9, 0, 0, TimeSpan.FromHours(8)));
        await Task.Delay(2500);
        Assert.Empty((await Tasks.GetTaskAsync(new GetTaskRequest { TaskId = taskId }, Staff(department))).Overdue);

        // The office records the 2027 notice: New Year takes Friday 1 January, so the 20th working day is Tuesday 5 January (today: not late).
        var recorded = await Calendar.RecordHolidayNoticeAsync(new RecordHolidayNoticeRequest
        {
            Year = 2027, Title = "国务院办公厅关于2027年部分节假日安排的通知（测试用，非真实通知）", IssuedOn = "2026-11-20",
            Holidays = { new Holiday { Name = "元旦", From = "2027-01-01", To = "2027-01-03" } },
        }, As(Scenario.Office));
        Assert.Equal(1, recorded.Version);
        var moved = await Eventually.Get(() => Tasks.ListResultsAsync(new ListResultsRequest { TaskId = taskId, DepartmentId = department }, Staff(department)).ResponseAsync,
            r => r.Results.Single().ResultsDue == "2027-01-05", "the known deadline in the API");
        Assert.False(moved.Results.Single().ResultsDueProvisional);
        Assert.False((await PublicResult(taskId, r => r.DueOn == "2027-01-05", "the moved public due date")).DueOnProvisional);
        Assert.False((await Eventually.Get(() => platform.Public.GetTaskAsync(new PublicApi.GetPublicTaskRequest { TaskId = taskId }).ResponseAsync,
            t => t.ResultsDueOn == "2027-01-05", "the task announced again")).ResultsDueOnProvisional);
        Assert.Equal(("2027-01-05", "2027-01-05"), await Portal(taskId, department, uscc));
        await Eventually.Get(() => Task.FromResult(Progress()), p => p.Any(m => m is { DueOn.Day: 5, DueOnProvisional: false }), "the moved date at the city office");
        Assert.Equal(("2027-04-02", false), await Report(supervision, summary));
        // Each change is recorded on the record it concerns, with the old and the new date.
        Assert.Equal([(new Deadline(new(2027, 1, 4), true), new Deadline(new(2027, 1, 5), false))],
            (await Moves<ResultDeadlineMoved>(Shuangsuiji.Tasks.Results.EntityResult.StreamId(Shuangsuiji.Tasks.Results.EntityResult.IdOf(taskId, department, uscc)))).Select(m => (m.Was, m.Now)));
        Assert.Equal([(new Deadline(new(2027, 1, 4), true), new Deadline(new(2027, 1, 5), false))],
            (await Moves<TaskDeadlineMoved>(Shuangsuiji.Tasks.InspectionTasks.InspectionTask.StreamId(taskId))).Select(m => (m.Was, m.Now)));

        // A correction (Monday 4 January off as well) moves the open deadline again; both notices stay in the history.
        var corrected = await Calendar.CorrectHolidayNoticeAsync(new CorrectHolidayNoticeRequest
        {
            Year = 2027, Title = "国务院办公厅关于2027年部分节假日安排的通知（测试用，非真实通知）", IssuedOn = "2026-11-20", Reason = "元旦假期应至1月4日",
            Holidays = { new Holiday { Name = "元旦", From = "2027-01-01", To = "2027-01-04" } }, ExpectedVersion = recorded.Version,
        }, As(Scenario.Office));
        Assert.Equal("2027-01-03", Assert.Single(corrected.Replaced).Notice.Holidays[0].To);
        await PublicResult(taskId, r => r.DueOn == "2027-01-06", "the public due date moved by the correction");
        Assert.Equal(2, (await Moves<ResultDeadlineMoved>(Shuangsuiji.Tasks.Results.EntityResult.StreamId(Shuangsuiji.Tasks.Results.EntityResult.IdOf(taskId, department, uscc)))).Count);

        // Known now, the deadline is watched: missed on 7 January, it is raised.
        platform.Clock.AdvanceTo(new DateTimeOffset(2027, 1, 7, 9, 0, 0, TimeSpan.FromHours(8)));
        var late = await Eventually.Get(() => Tasks.GetTaskAsync(new GetTaskRequest { TaskId = taskId }, Staff(department)).ResponseAsync,
            t => t.Overdue.Count > 0, "the missed deadline");
        Assert.Equal("2027-01-06", Assert.Single(late.Overdue).DueOn);
    }

    private async Task<PublicApi.PublicResult> PublicResult(string taskId, Func<PublicApi.PublicResult, bool> shown, string what) =>
        (await Eventually.Get(() => platform.Public.SearchResultsAsync(new PublicApi.SearchPublicResultsRequest { TaskId = taskId }).ResponseAsync,
            r => r.Results.Count == 1 && shown(r.Results[0]), what)).Results[0];

    /// <summary>The due date on the portal's page of the result and of its task, as a visitor reads it.</summary>
    private async Task<(string Result, string Task)> Portal(string taskId, string department, string uscc)
    {
        using var http = platform.Http();
        var resultPage = await http.GetStringAsync(Links.Result(taskId, department, uscc));
        var taskPage = await http.GetStringAsync(Links.InspectionTask(taskId));
        return (DueOn(resultPage, "due-on"), DueOn(taskPage, "results-due-on"));

        static string DueOn(string page, string field)
        {
            var start = page.IndexOf($"data-field=\"{field}\">", StringComparison.Ordinal) + field.Length + 14;
            var text = page[start..page.IndexOf("</dd>", start, StringComparison.Ordinal)];
            return System.Text.RegularExpressions.Regex.Replace(text, "<[^>]+>", "");
        }
    }

    private List<ResultProgressed> Progress() =>
        [.. platform.Recorders["supervision"].All.Where(m => m.MessageType == typeof(ResultProgressed)).Select(m => (ResultProgressed)m.Message)];

    private static async Task<(string, bool)> Report(SupervisionApi.Supervision.SupervisionClient supervision, SupervisionApi.GetReportRequest request)
    {
        var report = await Eventually.Get(() => supervision.GetReportAsync(request, As(Scenario.Office)).ResponseAsync, _ => true, "the report");
        return (report.DueOn, report.DueOnProvisional);
    }

    private async Task<List<T>> Moves<T>(string streamId)
    {
        await using var query = platform.Tasks.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return [.. (await query.Events.FetchStreamAsync(streamId)).Select(e => e.Data).OfType<T>()];
    }
}
