using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Directories.Calendar;
using Shuangsuiji.Supervision.Activity;
using Shuangsuiji.Supervision.Alerts;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Domain.Tests.Supervision;

public sealed class AlertRulesTests
{
    private static readonly WorkingDayCalendar Calendar = CalendarSeed.WorkingDays;
    private static readonly DateOnly Today = new(2022, 9, 28); // a Wednesday before the National Day holidays
    private const string Department = "130300-AMR";

    private static KeptTask Task(string id, DateOnly due, string stage = "reviewed", DateOnly? closedOn = null, int entities = 4) =>
        KeptTask.From(new TaskProgressed(id, 1, id, "checking", [new TaskDepartmentProgress(Department, stage, 0, null)], null, null, true, entities,
            new DateOnly(2022, 8, 1), new DateOnly(2022, 8, 31), due, new DateOnly(2022, 7, 1), new DateOnly(2022, 7, 20), new DateOnly(2022, 8, 1), closedOn,
            Given.Now, EntitiesDrawnByRiskClass: entities));

    private static KeptResult Result(string taskId, DateOnly approvedOn, bool problem, DateOnly? closedOn = null) =>
        KeptResult.From(new ResultProgressed($"{taskId}:{Department}:{approvedOn}", 1, taskId, Department, "91130300MA00000001", "approved",
            new DateOnly(2022, 8, 10), new DateOnly(2022, 9, 7), new DateOnly(2022, 8, 11), approvedOn, ["on_site"], [problem ? "problem_pending" : "no_problem"],
            problem, problem ? ["order_correction"] : [], closedOn, Given.Now));

    private static List<AlertCondition> Evaluate(KeptTask[] tasks, KeptResult[] results, KeptPlan[]? plans = null) =>
        [.. AlertRules.Evaluate(new YearActivity(2022, [new KeptDepartment(Department, "秦皇岛市市场监督管理局", "city", "130300", false, 1)], tasks, results, [], plans ?? []),
            Today, Calendar)];

    [Fact]
    public void Results_due_within_three_working_days_are_due_soon_and_past_their_day_overdue_until_published()
    {
        // 30 Sep is the 2nd working day after 28 Sep; 8 Oct (a make-up Saturday) the 3rd, across the National Day holidays; 9 Oct the 4th.
        var alerts = Evaluate([Task("soon", new DateOnly(2022, 10, 8)), Task("later", new DateOnly(2022, 10, 9)), Task("late", new DateOnly(2022, 9, 27)),
            Task("done", new DateOnly(2022, 9, 27), stage: "published"), Task("closed", new DateOnly(2022, 9, 27), closedOn: new DateOnly(2022, 9, 20))],
            [Result("late", new DateOnly(2022, 9, 1), problem: false)]);
        Assert.Equal([("result_due_soon", "soon"), ("publication_overdue", "late")], alerts.Select(a => (a.Kind, a.Subject)));
        Assert.Contains("尚有3户未公示", alerts[1].Message);
        Assert.Equal("publication_overdue:late:130300-AMR", alerts[1].AlertId);
    }

    [Fact]
    public void A_follow_up_open_more_than_thirty_working_days_after_publication_is_overdue()
    {
        var overdueSince = new DateOnly(2022, 8, 1);
        var alerts = Evaluate([Task("t", new DateOnly(2022, 9, 7), stage: "published")],
            [Result("t", overdueSince, problem: true), Result("t", new DateOnly(2022, 8, 15), problem: true, closedOn: new DateOnly(2022, 9, 1)),
             Result("t", new DateOnly(2022, 8, 16), problem: true)]);
        var alert = Assert.Single(alerts);
        Assert.Equal(("follow_up_overdue", Calendar.AddWorkingDays(overdueSince, 30)), (alert.Kind, alert.DueOn));
        Assert.Contains("有1户", alert.Message);
    }

    [Fact]
    public void A_department_with_a_plan_and_its_region_below_a_target_are_alerted_for_each_quarter_that_has_ended()
    {
        var plan = KeptPlan.From(new PlanVersionPublished($"{Department}:2022", Department, 2022, 1, [], null, Given.Now));
        var alerts = Evaluate([Task("own", new DateOnly(2022, 9, 7), stage: "published")], [Result("own", new DateOnly(2022, 9, 1), problem: false)], [plan]);
        // Checks started 1 Aug: Q1 and Q2 had nothing to measure; Q3 ends on 30 Sep, after today. Once it has ended, the
        // own task (not joint, but drawn by risk class) is below the two joint targets, for the department and for the city.
        Assert.Empty(alerts);
        var october = AlertRules.Evaluate(new YearActivity(2022, [new KeptDepartment(Department, "市场监管局", "city", "130300", false, 1)],
            [Task("own", new DateOnly(2022, 9, 7), stage: "published")], [Result("own", new DateOnly(2022, 9, 1), problem: false)], [], [plan]),
            new DateOnly(2022, 10, 10), Calendar).ToList();
        Assert.Equal([(Department, "joint_tasks"), (Department, "joint_inspections"), ("region:130300", "joint_tasks"), ("region:130300", "joint_inspections")],
            october.Select(a => (a.DepartmentId, a.AlertId.Split(':')[^1])));
        Assert.All(october, a => Assert.Equal("2022-Q3", a.Subject));
        Assert.Equal("below_target:region:130300:2022-Q3:joint_tasks", october[2].AlertId);
        Assert.StartsWith("截至2022-09-30，秦皇岛市联合抽查任务占比为0.0%（0/1）", october[2].Message);
    }

    [Fact]
    public void A_result_with_a_provisional_deadline_is_on_time_if_approved_within_twenty_calendar_days_and_otherwise_waits_for_the_known_one()
    {
        KeptResult Reported(DateOnly checkedOn, DateOnly? due, DateOnly? approvedOn, bool provisional = false) => KeptResult.From(new ResultProgressed("r", 1,
            "t", Department, "91130300MA00000001", approvedOn is null ? "submitted" : "approved", checkedOn, due, checkedOn, approvedOn, ["on_site"], ["no_problem"],
            false, [], null, Given.Now, provisional));
        // The tasks service knew the deadline (checked 5 September 2022: due 9 October).
        Assert.Equal((true, false), (Reported(new(2022, 9, 5), new(2022, 10, 9), new(2022, 10, 9)).PublishedOnTime(),
            Reported(new(2022, 9, 5), new(2022, 10, 9), new(2022, 10, 10)).PublishedOnTime()));
        // Checked 7 December 2026, due 4 January 2027 counted Monday to Friday (no 2027 notice yet): on time within 20 calendar days,
        // unknown after (the tasks service reports the result again once the notice is recorded); unapproved, unknown. The same
        // without a due date (reported before provisional deadlines).
        var due = new DateOnly(2027, 1, 4);
        Assert.Equal((true, null, null), (Reported(new(2026, 12, 7), due, new(2026, 12, 27), true).PublishedOnTime(),
            Reported(new(2026, 12, 7), due, new(2026, 12, 28), true).PublishedOnTime(), Reported(new(2026, 12, 7), due, null, true).PublishedOnTime()));
        Assert.Equal((true, null), (Reported(new(2026, 12, 7), null, new(2026, 12, 27)).PublishedOnTime(), Reported(new(2026, 12, 7), null, new(2027, 1, 4)).PublishedOnTime()));
    }
}
