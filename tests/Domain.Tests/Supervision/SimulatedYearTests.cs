using Shuangsuiji.Directories.Calendar;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Demo;
using Shuangsuiji.Supervision.Activity;
using Shuangsuiji.Supervision.Alerts;
using Shuangsuiji.Supervision.Reports;
using Shuangsuiji.Supervision.Targets;

namespace Shuangsuiji.Domain.Tests.Supervision;

/// <summary>
/// The office's targets, monthly report lines and below-target alerts over simulated years of Qinhuangdao, for every
/// department, every county/district and the city, every month and every year-to-date, against the counts the simulator
/// tallied as it made the records: 2022 with most draws in risk strata, 2023 with half of them made without.
/// </summary>
public sealed class SimulatedYearTests
{
    private static readonly Dictionary<int, (YearSimulator Simulated, YearActivity Activity)> Years =
        new[] { new YearSimulator(CalendarSeed.WorkingDays), new YearSimulator(CalendarSeed.WorkingDays, 2023, seed: 2023, drawsByRiskClass: 0.5) }.ToDictionary(y => y.Year, y => (y, ActivityOf(y)));

    private static readonly YearSimulator Simulated = Years[2022].Simulated;
    private static readonly YearActivity Activity = Years[2022].Activity;

    public static TheoryData<int, string> Subjects
    {
        get
        {
            var subjects = new TheoryData<int, string>();
            foreach (var (simulated, _) in Years.Values)
                foreach (var subject in simulated.Inspecting.Concat(simulated.Regions).Append(DemoData.Office))
                    subjects.Add(simulated.Year, subject);
            return subjects;
        }
    }

    [Theory]
    [MemberData(nameof(Subjects))]
    public void Every_report_line_of_every_month_and_year_to_date_matches_the_simulator(int year, string subject)
    {
        var (simulated, activity) = Years[year];
        var scope = Scope.Resolve(subject, activity.Departments);
        for (var month = 1; month <= 12; month++)
        {
            var lines = ReportLines.Of(activity, scope, new ReportPeriod(year, month, null));
            foreach (var line in lines.Where(l => !l.Code.StartsWith("ratio_", StringComparison.Ordinal)))
            {
                Assert.True(simulated.Line(subject, month, month, line.Code) == line.PeriodValue,
                    $"{subject} {year}-{month:00} {line.Code}: simulator {simulated.Line(subject, month, month, line.Code)}, report {line.PeriodValue}");
                Assert.True(simulated.Line(subject, 1, month, line.Code) == line.YearValue,
                    $"{subject} {year} to {month:00} {line.Code}: simulator {simulated.Line(subject, 1, month, line.Code)}, report {line.YearValue}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Subjects))]
    public void Every_figure_of_every_month_and_of_the_year_matches_the_simulator(int year, string subject)
    {
        var (simulated, activity) = Years[year];
        var scope = Scope.Resolve(subject, activity.Departments);
        foreach (var (from, to) in Enumerable.Range(1, 12).Select(m => (m, m)).Append((1, 12)))
            foreach (var figure in Figures.Measure(activity, scope, new Period(Period.Month(year, from).From, Period.Month(year, to).To)))
                Assert.True(simulated.Figure(subject, from, to, figure.Code) == (figure.Numerator, figure.Denominator),
                    $"{subject} {year} {from}–{to} {figure.Code}: simulator {simulated.Figure(subject, from, to, figure.Code)}, measured ({figure.Numerator}, {figure.Denominator})");
    }

    /// <summary>
    /// After the year, every department with a plan, every county/district and the city is alerted for each quarter whose
    /// year-to-date figure the simulator's counts put below its target, and for no other.
    /// </summary>
    [Theory]
    [InlineData(2022)]
    [InlineData(2023)]
    public void Below_target_alerts_are_raised_for_the_departments_and_regions_the_simulators_counts_put_below_target(int year)
    {
        var (simulated, activity) = Years[year];
        var measured = (
            from subject in simulated.Inspecting.Concat(simulated.Regions)
            from quarter in Enumerable.Range(1, 4)
            from target in Figures.Targets
            let counts = simulated.Figure(subject, 1, quarter * 3, target.Key)
            where counts.Denominator > 0
            select (Id: $"below_target:{subject}:{year}-Q{quarter}:{target.Key}", Below: (double)counts.Numerator / counts.Denominator < target.Value)).ToList();
        var raised = AlertRules.Evaluate(activity, new DateOnly(year + 1, 1, 10), CalendarSeed.WorkingDays)
            .Where(a => a.Kind == AlertRules.BelowTarget).ToList();
        Assert.Equal(measured.Where(m => m.Below).Select(m => m.Id).Order(StringComparer.Ordinal), raised.Select(a => a.AlertId).Order(StringComparer.Ordinal));
        // Departments and regions are alerted, and some figures meet their targets: both sides are tested.
        Assert.Contains(raised, a => a.DepartmentId.StartsWith(Scope.RegionPrefix, StringComparison.Ordinal));
        Assert.Contains(raised, a => !a.DepartmentId.StartsWith(Scope.RegionPrefix, StringComparison.Ordinal));
        Assert.Contains(measured, m => !m.Below);
    }

    [Fact]
    public void The_simulated_year_is_realistic_enough_to_test_against()
    {
        var year = Figures.Measure(Activity, Scope.Resolve("region:130300", Activity.Departments), Period.WholeYear(Simulated.Year)).ToDictionary(f => f.Code);
        // Joint work, stratified draws, late publications, open follow-ups and slipped plans all occur, so each figure is tested on both sides.
        Assert.All(year.Values, f => Assert.True(f.Denominator > f.Numerator && f.Numerator > 0 || f.Code == Figures.ReturnVisitsDone, $"{f.Code}: {f.Numerator}/{f.Denominator}"));
        Assert.InRange(year[Figures.JointTasks].Denominator, 100, 400);
        Assert.Equal(new YearSimulator(CalendarSeed.WorkingDays).Messages.Count, Simulated.Messages.Count);

        // Joint visits of three departments; entities inspected by several departments, counted once in the city.
        var tasks = Simulated.Messages.OfType<TaskProgressed>().ToList();
        Assert.Contains(tasks, t => t.Departments.Count(d => d.Stage != "declined") == 3);
        var results = Simulated.Messages.OfType<ResultProgressed>().ToList();
        Assert.Contains(results.GroupBy(r => r.Uscc), e => e.Select(r => r.DepartmentId).Distinct().Count() >= 2 && e.Select(r => r.TaskId).Distinct().Count() == 1);
        Assert.Contains(results.GroupBy(r => r.Uscc), e => e.Select(r => r.TaskId).Distinct().Count() >= 2);
        Assert.True(year[Figures.JointInspections].Denominator < Simulated.Line("region:130300", 1, 12, "entities_inspected"));
        // Draws without risk strata, also for tasks whose plan set quotas per class.
        Assert.Contains(tasks, t => t.RiskStratified && t.EntitiesDrawnByRiskClass == 0);
        Assert.Contains(tasks, t => !t.RiskStratified && t.EntitiesDrawnByRiskClass > 0);
        // The year of unstratified draws falls short of the 80 % target city-wide.
        var (_, activity2023) = Years[2023];
        Assert.True(Figures.Measure(activity2023, Scope.Resolve("region:130300", activity2023.Departments), Period.WholeYear(2023), Figures.RiskStratified).BelowTarget);
    }

    [Fact]
    public void A_ratio_line_is_the_figure_as_a_percentage()
    {
        var scope = Scope.Resolve("region:130300", Activity.Departments);
        var lines = ReportLines.Of(Activity, scope, new ReportPeriod(Simulated.Year, 6, null)).ToDictionary(l => l.Code);
        var (joint, all) = Simulated.Figure("region:130300", 1, 6, Figures.JointTasks);
        Assert.Equal(Math.Round(100.0 * joint / all, 1), lines["ratio_joint_tasks"].YearValue);
    }

    /// <summary>The year as the supervision service keeps it from the messages (the newest state of each record).</summary>
    public static YearActivity ActivityOf(YearSimulator simulated)
    {
        var m = simulated.Messages;
        return new YearActivity(simulated.Year,
            [.. m.OfType<DepartmentChanged>().Select(KeptDepartment.From)], [.. m.OfType<TaskProgressed>().Select(KeptTask.From)],
            [.. m.OfType<ResultProgressed>().Select(KeptResult.From)], [.. m.OfType<ReturnVisitProgressed>().Select(KeptVisit.From)],
            [.. m.OfType<PlanVersionPublished>().Select(KeptPlan.From)]);
    }
}
