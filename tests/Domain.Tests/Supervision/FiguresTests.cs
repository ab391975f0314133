using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Supervision.Activity;
using Shuangsuiji.Supervision.Reports;
using Shuangsuiji.Supervision.Targets;

namespace Shuangsuiji.Domain.Tests.Supervision;

/// <summary>
/// The two figures the work plan counts in its own way, on a May of four tasks: a joint visit of three city departments,
/// a district bureau's own task that visits one of the same entities again (its plan set quotas per risk class, its draw
/// used no risk strata), and an own task reported before draws carried their strata.
/// </summary>
public sealed class FiguresTests
{
    private const string Amr = "130300-AMR", Hwc = "130300-HWC", Eeb = "130300-EEB", Haigang = "130302-AMR";
    private const string X = "91130300MA00000011", Y = "91130300MA00000022", Z = "91130300MA00000033", W = "91130300MA00000044";
    private static readonly Period May = Period.Month(2022, 5);

    private static readonly YearActivity Activity = new(2022,
        [Department(Amr, "130300"), Department(Hwc, "130300"), Department(Eeb, "130300"), Department(Haigang, "130302")],
        [Task("J3", [Amr, Hwc, Eeb], drawnByRiskClass: 2), Task("OWN", [Haigang], drawnByRiskClass: 0), Task("OLD", [Amr], drawnByRiskClass: null)],
        [
            .. new[] { Amr, Hwc, Eeb }.SelectMany(d => new[] { Result("J3", d, X), Result("J3", d, Y) }),
            Result("OWN", Haigang, X), Result("OWN", Haigang, Z),
            Result("OLD", Amr, Z), Result("OLD", Amr, W),
        ],
        [], []);

    private static KeptDepartment Department(string id, string region) => new(id, id, region == "130300" ? "city" : "county", region, false, 1);

    private static KeptTask Task(string id, string[] departments, int? drawnByRiskClass)
    {
        var progressed = new TaskProgressed(id, 9, $"任务{id}", "published", [.. departments.Select(d => new TaskDepartmentProgress(d, "published", 0, null))],
            null, null, true, 2, new DateOnly(2022, 5, 1), new DateOnly(2022, 5, 31), new DateOnly(2022, 6, 29), new DateOnly(2022, 4, 1),
            new DateOnly(2022, 4, 28), new DateOnly(2022, 5, 3), null, DateTimeOffset.UnixEpoch);
        // A message of a tasks service older than the field carries none: the default.
        return KeptTask.From(drawnByRiskClass is { } n ? progressed with { EntitiesDrawnByRiskClass = n } : progressed);
    }

    private static KeptResult Result(string taskId, string department, string uscc) =>
        KeptResult.From(new ResultProgressed($"{taskId}:{department}:{uscc}", 3, taskId, department, uscc, "approved", new DateOnly(2022, 5, 16),
            new DateOnly(2022, 6, 14), new DateOnly(2022, 5, 17), new DateOnly(2022, 5, 20), ["on_site"], ["no_problem"], false, [], null, DateTimeOffset.UnixEpoch));

    private static Figure Measure(string subject, string code) => Figures.Measure(Activity, Scope.Resolve(subject, Activity.Departments), May, code);

    [Theory]
    [InlineData("region:130300", 2, 4)] // X and Y jointly, Z and W alone; three departments at X count it once
    [InlineData(Amr, 2, 4)]
    [InlineData(Hwc, 2, 2)]
    [InlineData("region:130302", 0, 2)] // the district visited X alone, whatever the city did there
    public void Joint_inspections_count_distinct_entities_an_entity_once_however_many_departments_visited_it(string subject, long joint, long entities)
    {
        var figure = Measure(subject, Figures.JointInspections);
        Assert.Equal((joint, entities), (figure.Numerator, figure.Denominator));
    }

    [Fact]
    public void An_entity_is_shown_under_its_joint_task_and_otherwise_under_the_first_task_by_id()
    {
        var figure = Measure("region:130300", Figures.JointInspections);
        Assert.Equal([("J3", 2L, 2L), ("OLD", 0L, 2L)], figure.Records.Select(r => (r.RecordId, r.Numerator, r.Denominator)));
        // The report's lines stay visits per department (户次): six at the joint task, four alone.
        var lines = ReportLines.Of(Activity, Scope.Resolve("region:130300", Activity.Departments), new ReportPeriod(2022, 5, null)).ToDictionary(l => l.Code);
        Assert.Equal((10, 6), (lines["entities_inspected"].PeriodValue, lines["entities_inspected_joint"].PeriodValue));
        Assert.Equal(50, lines["ratio_joint_inspections"].PeriodValue);
    }

    [Theory]
    [InlineData("region:130300", 1, 3)] // quotas on all three; only the joint task's draw gave entities from risk strata
    [InlineData(Hwc, 1, 1)]
    [InlineData(Amr, 1, 2)]
    [InlineData("region:130302", 0, 1)]
    public void Risk_stratified_counts_the_tasks_whose_executed_draw_gave_entities_from_risk_strata(string subject, long stratified, long tasks)
    {
        var figure = Measure(subject, Figures.RiskStratified);
        Assert.Equal((stratified, tasks), (figure.Numerator, figure.Denominator));
        Assert.All(figure.Records, r => Assert.Equal(1, r.Denominator));
    }
}
