using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Demo;
using Shuangsuiji.Supervision.Activity;
using Shuangsuiji.Supervision.Reports;
using Shuangsuiji.Supervision.Targets;

namespace Shuangsuiji.Domain.Tests.Supervision;

/// <summary>
/// The office's targets and monthly report lines over a simulated year of Qinhuangdao, for every department, every
/// county/district and the city, every month and every year-to-date, against the counts the simulator tallied as it
/// made the records.
/// </summary>
public sealed class SimulatedYearTests
{
    private static readonly YearSimulator Simulated = new();
    private static readonly YearActivity Activity = ActivityOf(Simulated);

    public static TheoryData<string> Subjects => [.. Simulated.Inspecting, .. Simulated.Regions, DemoData.Office];

    [Theory]
    [MemberData(nameof(Subjects))]
    public void Every_report_line_of_every_month_and_year_to_date_matches_the_simulator(string subject)
    {
        var scope = Scope.Resolve(subject, Activity.Departments);
        for (var month = 1; month <= 12; month++)
        {
            var lines = ReportLines.Of(Activity, scope, new ReportPeriod(Simulated.Year, month, null));
            foreach (var line in lines.Where(l => !l.Code.StartsWith("ratio_", StringComparison.Ordinal)))
            {
                Assert.True(Simulated.Line(subject, month, month, line.Code) == line.PeriodValue,
                    $"{subject} {Simulated.Year}-{month:00} {line.Code}: simulator {Simulated.Line(subject, month, month, line.Code)}, report {line.PeriodValue}");
                Assert.True(Simulated.Line(subject, 1, month, line.Code) == line.YearValue,
                    $"{subject} {Simulated.Year} to {month:00} {line.Code}: simulator {Simulated.Line(subject, 1, month, line.Code)}, report {line.YearValue}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Subjects))]
    public void Every_figure_of_every_month_and_of_the_year_matches_the_simulator(string subject)
    {
        var scope = Scope.Resolve(subject, Activity.Departments);
        foreach (var (from, to) in Enumerable.Range(1, 12).Select(m => (m, m)).Append((1, 12)))
            foreach (var figure in Figures.Measure(Activity, scope, new Period(Period.Month(Simulated.Year, from).From, Period.Month(Simulated.Year, to).To)))
                Assert.True(Simulated.Figure(subject, from, to, figure.Code) == (figure.Numerator, figure.Denominator),
                    $"{subject} {from}–{to} {figure.Code}: simulator {Simulated.Figure(subject, from, to, figure.Code)}, measured ({figure.Numerator}, {figure.Denominator})");
    }

    [Fact]
    public void The_simulated_year_is_realistic_enough_to_test_against()
    {
        var year = Figures.Measure(Activity, Scope.Resolve("region:130300", Activity.Departments), Period.WholeYear(Simulated.Year)).ToDictionary(f => f.Code);
        // Joint work, stratified draws, late publications, open follow-ups and slipped plans all occur, so each figure is tested on both sides.
        Assert.All(year.Values, f => Assert.True(f.Denominator > f.Numerator && f.Numerator > 0 || f.Code == Figures.ReturnVisitsDone, $"{f.Code}: {f.Numerator}/{f.Denominator}"));
        Assert.InRange(year[Figures.JointTasks].Denominator, 100, 400);
        Assert.Equal(new YearSimulator().Messages.Count, Simulated.Messages.Count);
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
