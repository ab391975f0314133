using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Supervision.Activity;
using Shuangsuiji.Supervision.Targets;

namespace Shuangsuiji.Supervision.Reports;

/// <summary>A line of the report form: its value for the month (or quarter) and for the year to its end.</summary>
public sealed record ReportLine(string Code, string Label, double PeriodValue, double YearValue);

/// <summary>
/// The lines of the monthly report forms (附件1 county/district, 附件2 city department) and of the quarterly summary,
/// as pure functions of the year's activity. Both forms have the same lines; a region's count its departments'
/// inspections and each task once.
/// </summary>
public static class ReportLines
{
    private sealed record Line(string Code, string Label, Func<YearActivity, Scope, Period, double> Value);

    private static readonly Line[] Lines =
    [
        new("tasks_started_own", "启动抽查任务数（单部门）", (a, s, p) => Figures.StartedTasks(a, s, p).Count(t => !Figures.Joint(t))),
        new("tasks_started_joint", "启动抽查任务数（部门联合）", (a, s, p) => Figures.StartedTasks(a, s, p).Count(Figures.Joint)),
        new("tasks_finished_own", "完成抽查任务数（单部门）", (a, s, p) => Finished(a, s, p).Count(t => !Figures.Joint(t))),
        new("tasks_finished_joint", "完成抽查任务数（部门联合）", (a, s, p) => Finished(a, s, p).Count(Figures.Joint)),
        new("entities_drawn", "抽取检查对象（户）", (a, s, p) => a.Tasks.Where(t => p.Contains(t.State.DrawnOn) && Figures.Inspecting(t).Any(s.Includes))
            .Sum(t => t.State.EntityCount)),
        new("entities_inspected", "已检查（户次）", (a, s, p) => Figures.Inspections(a, s, p).Count()),
        new("entities_inspected_joint", "其中：联合检查（户次）", (a, s, p) => Figures.Inspections(a, s, p).Count(r => Figures.Joint(a.Task(r.TaskId)))),
        new("problems_found", "发现问题（户次）", (a, s, p) => Figures.Inspections(a, s, p).Count(r => r.State.ProblemFound)),
        .. ResultCodes.Categories.Select(c => new Line($"category_{c.Key}", $"检查结果：{c.Value}",
            (a, s, p) => Figures.Inspections(a, s, p).Count(r => r.State.Categories.Contains(c.Key)))),
        .. ResultCodes.FollowUps.Where(f => f.Key != "corrected").Select(f => new Line($"follow_up_{f.Key}", $"后续处置：{f.Value}",
            (a, s, p) => Figures.Inspections(a, s, p).Count(r => r.State.FollowUps.Contains(f.Key)))),
        new("follow_ups_closed", "后续处置已办结（户次）", (a, s, p) => Figures.Inspections(a, s, p).Count(r => r.State.ProblemFound && r.State.FollowUpClosedOn <= p.To)),
        new("published_on_time", "按时公示（户次）", (a, s, p) => Figures.Publications(a, s, p).Count(x => x.OnTime)),
        new("published_late", "超期公示（户次）", (a, s, p) => Figures.Publications(a, s, p).Count(x => !x.OnTime)),
        new("ratio_joint_tasks", "联合抽查任务占比（%，目标≥20）", (a, s, p) => Percent(a, s, p, Figures.JointTasks)),
        new("ratio_joint_inspections", "联合抽查检查对象占比（%，目标≥10）", (a, s, p) => Percent(a, s, p, Figures.JointInspections)),
        new("ratio_risk_stratified", "按信用风险分类抽查占比（%，目标≥80）", (a, s, p) => Percent(a, s, p, Figures.RiskStratified)),
    ];

    public static IReadOnlyList<ReportLine> Of(YearActivity activity, Scope scope, ReportPeriod period) =>
        [.. Lines.Select(l => new ReportLine(l.Code, l.Label, l.Value(activity, scope, period.Covered), l.Value(activity, scope, period.YearToDate)))];

    private static IEnumerable<KeptTask> Finished(YearActivity a, Scope s, Period p) =>
        a.Tasks.Where(t => p.Contains(t.State.ClosedOn) && Figures.Inspecting(t).Any(s.Includes));

    private static double Percent(YearActivity a, Scope s, Period p, string figure) =>
        Math.Round(Figures.Measure(a, s, p, figure).Ratio * 100, 1);
}
