using Shuangsuiji.Supervision.Activity;

namespace Shuangsuiji.Supervision.Targets;

/// <summary>What one task (or return visit, or planned task not carried out) adds to a figure.</summary>
public sealed record Contribution(string RecordId, string Name, long Numerator, long Denominator);

/// <summary>A figure with its numerator and denominator, the records behind them, and its target ratio if the rules give one.</summary>
public sealed record Figure(string Code, string Name, double? Target, IReadOnlyList<Contribution> Records)
{
    public long Numerator => Records.Sum(r => r.Numerator);

    public long Denominator => Records.Sum(r => r.Denominator);

    public double Ratio => Denominator == 0 ? 0 : (double)Numerator / Denominator;

    /// <summary>Only a figure with something to measure can fall short.</summary>
    public bool BelowTarget => Target is { } t && Denominator > 0 && Ratio < t;
}

/// <summary>
/// The office's figures (docs/domain.md, rules) for a department or region over a period, as pure functions of the year's
/// activity. The definitions, in the order the office reads them:
/// <list type="bullet">
/// <item>joint_tasks: of the tasks whose checks started in the period and in which the scope inspects, the joint ones (two or more inspecting departments); target 20 %.</item>
/// <item>joint_inspections: of the distinct entities the scope inspected (entered a result for) with a check in the period, those it inspected in a joint task at least once — an entity counts once however many departments or tasks inspected it; target 10 %.</item>
/// <item>risk_stratified: of the tasks whose checks started in the period and in which the scope inspects, those whose executed draw gave at least one entity from a stratum that names a credit risk class; target 80 %.</item>
/// <item>planned_tasks_done: of the planned tasks in the scope's published plans due to start in the period, those whose task started by its end.</item>
/// <item>published_on_time: of the results approved (so published) in the period, those approved by their due date (20 working days; while the calendar cannot tell a deadline yet, a result approved within 20 calendar days is on time and a later one waits for the next year's notice).</item>
/// <item>follow_ups_closed: of the inspections checked in the period that found a problem, those whose follow-up was closed by its end.</item>
/// <item>problem_discovery: of the inspections checked in the period, those that found a problem.</item>
/// <item>return_visits_done: of the entities drawn for the office's return visits planned in the period, those visited.</item>
/// </list>
/// </summary>
public static class Figures
{
    public const string JointTasks = "joint_tasks";
    public const string JointInspections = "joint_inspections";
    public const string RiskStratified = "risk_stratified";
    public const string PlannedTasksDone = "planned_tasks_done";
    public const string PublishedOnTime = "published_on_time";
    public const string FollowUpsClosed = "follow_ups_closed";
    public const string ProblemDiscovery = "problem_discovery";
    public const string ReturnVisitsDone = "return_visits_done";

    /// <summary>The figures with a target, which the quarter-end alerts watch.</summary>
    public static readonly IReadOnlyDictionary<string, double> Targets = new Dictionary<string, double>
    {
        [JointTasks] = 0.20, [JointInspections] = 0.10, [RiskStratified] = 0.80,
    };

    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [JointTasks] = "联合抽查任务占比",
        [JointInspections] = "联合抽查检查对象占比",
        [RiskStratified] = "按信用风险分类抽查占比",
        [PlannedTasksDone] = "年度计划任务完成率",
        [PublishedOnTime] = "结果按时公示率",
        [FollowUpsClosed] = "后续处置办结率",
        [ProblemDiscovery] = "问题发现率",
        [ReturnVisitsDone] = "回访完成率",
    };

    /// <summary>How each figure is made: what each record adds to it.</summary>
    private static readonly (string Code, Func<YearActivity, Scope, Period, IEnumerable<Contribution>> Records)[] Definitions =
    [
        (JointTasks, (a, s, p) => StartedTasks(a, s, p).Select(t => Count(t, Joint(t) ? 1 : 0, 1))),
        (JointInspections, JointEntities),
        (RiskStratified, (a, s, p) => StartedTasks(a, s, p).Select(t => Count(t, t.State.EntitiesDrawnByRiskClass > 0 ? 1 : 0, 1))),
        (PlannedTasksDone, PlannedTasks),
        (PublishedOnTime, (a, s, p) => PerTask(a, Publications(a, s, p).Select(x => (x.Result.TaskId, x.OnTime)))),
        (FollowUpsClosed, (a, s, p) => PerTask(a, Inspections(a, s, p).Where(r => r.State.ProblemFound), r => r.State.FollowUpClosedOn <= p.To)),
        (ProblemDiscovery, (a, s, p) => PerTask(a, Inspections(a, s, p), r => r.State.ProblemFound)),
        (ReturnVisitsDone, (a, s, p) => a.Visits.Where(v => s.Includes(v.State.OfficeId) && p.Contains(v.State.PlannedOn))
            .Select(v => new Contribution(v.Id, $"回访 {v.Id}", v.State.Visited, v.State.EntityCount))),
    ];

    public static IReadOnlyList<Figure> Measure(YearActivity activity, Scope scope, Period period) =>
        [.. Definitions.Select(d => Make(d.Code, d.Records(activity, scope, period)))];

    public static Figure Measure(YearActivity activity, Scope scope, Period period, string code) =>
        Definitions.FirstOrDefault(d => d.Code == code) is { Records: not null } definition
            ? Make(code, definition.Records(activity, scope, period))
            : throw new Shuangsuiji.Kernel.InvalidFieldException("figure", $"{code} is not a figure ({string.Join(", ", Names.Keys)})");

    /// <summary>The departments that inspect in a task: the lead and the partners who joined.</summary>
    public static IEnumerable<string> Inspecting(KeptTask task) =>
        task.State.Departments.Where(d => d.Stage is not ("invited" or "declined")).Select(d => d.DepartmentId);

    public static bool Joint(KeptTask? task) => task is not null && Inspecting(task).Count() >= 2;

    /// <summary>Tasks whose checks started in the period and in which the scope inspects.</summary>
    public static IEnumerable<KeptTask> StartedTasks(YearActivity activity, Scope scope, Period period) =>
        activity.Tasks.Where(t => period.Contains(t.State.StartedOn) && Inspecting(t).Any(scope.Includes));

    /// <summary>Inspections: the scope's entered results checked in the period.</summary>
    public static IEnumerable<KeptResult> Inspections(YearActivity activity, Scope scope, Period period) =>
        activity.Results.Where(r => scope.Includes(r.State.DepartmentId) && period.Contains(r.State.CheckedOn));

    /// <summary>
    /// The scope's results approved in the period whose publication on time can be told, each with the answer: asked once
    /// per result, as it may consult the calendar.
    /// </summary>
    public static IEnumerable<(KeptResult Result, bool OnTime)> Publications(YearActivity activity, Scope scope, Period period) =>
        from r in activity.Results
        where scope.Includes(r.State.DepartmentId) && period.Contains(r.State.ApprovedOn)
        let onTime = r.PublishedOnTime()
        where onTime is not null
        select (r, onTime.Value);

    /// <summary>
    /// The distinct entities the scope inspected in the period, each shown under one task: the first (by id) joint task it
    /// was inspected in, or if none the first task.
    /// </summary>
    private static IEnumerable<Contribution> JointEntities(YearActivity activity, Scope scope, Period period) =>
        Inspections(activity, scope, period)
            .GroupBy(r => r.State.Uscc)
            .Select(entity => entity.Select(r => (r.TaskId, Joint: Joint(activity.Task(r.TaskId))))
                .OrderByDescending(x => x.Joint).ThenBy(x => x.TaskId, StringComparer.Ordinal).First())
            .GroupBy(x => x.TaskId)
            .Select(g => new Contribution(g.Key, TaskName(activity, g.Key), g.Count(x => x.Joint), g.Count()));

    private static IEnumerable<Contribution> PerTask(YearActivity activity, IEnumerable<KeptResult> results, Func<KeptResult, bool> counts) =>
        PerTask(activity, results.Select(r => (r.TaskId, counts(r))));

    private static IEnumerable<Contribution> PerTask(YearActivity activity, IEnumerable<(string TaskId, bool Counts)> results) =>
        results.GroupBy(r => r.TaskId).Select(g => new Contribution(g.Key, TaskName(activity, g.Key), g.Count(r => r.Counts), g.Count()));

    private static string TaskName(YearActivity activity, string taskId) => activity.Task(taskId)?.State.Name ?? taskId;

    private static IEnumerable<Contribution> PlannedTasks(YearActivity activity, Scope scope, Period period)
    {
        foreach (var plan in activity.Plans.Where(p => scope.Includes(p.DepartmentId)))
            foreach (var planned in plan.State.Tasks.Where(t => (t.LeadDepartmentId == plan.DepartmentId || t.LeadDepartmentId == "") && period.Contains(t.From)))
            {
                var done = activity.Tasks.FirstOrDefault(t => t.State.PlanId == plan.Id && t.State.PlanTaskCode == planned.Code && t.State.StartedOn <= period.To);
                yield return done is null
                    ? new Contribution($"{plan.Id}/{planned.Code}", planned.Name, 0, 1)
                    : new Contribution(done.Id, done.State.Name, 1, 1);
            }
    }

    private static Contribution Count(KeptTask task, long numerator, long denominator) => new(task.Id, task.State.Name, numerator, denominator);

    private static Figure Make(string code, IEnumerable<Contribution> records) =>
        new(code, Names[code], Targets.TryGetValue(code, out var t) ? t : null, [.. records.OrderBy(r => r.RecordId, StringComparer.Ordinal)]);
}
