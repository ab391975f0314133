using Shuangsuiji.Supervision.Activity;
using Shuangsuiji.Supervision.Targets;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Supervision.Alerts;

/// <summary>A condition that calls for an alert now; its id names it, so it is raised once.</summary>
public sealed record AlertCondition(string AlertId, string Kind, string DepartmentId, string Subject, string Message, DateOnly? DueOn);

/// <summary>
/// When the office is alerted (docs/domain.md, rules), as a pure function of the activity and the day:
/// <list type="bullet">
/// <item>result_due_soon: a department of a task whose checks have started has not published all its results, and they are due within 3 working days;</item>
/// <item>publication_overdue: the same, past the due date (20 working days after the last check day);</item>
/// <item>follow_up_overdue: a problem found is still not closed <see cref="FollowUpWorkingDays"/> working days after its result was published;</item>
/// <item>draw_not_recorded: a draw was executed that its task refused to record (the tasks service's report): raised for the party that executed it, never cleared;</item>
/// <item>below_target: at the end of a quarter the year-to-date figure of a department with a plan, of a county/district or of the city is below its target (raised once, never cleared; a region's alert names the region, "region:130302", as its department).</item>
/// </list>
/// </summary>
public static class AlertRules
{
    public const string ResultDueSoon = "result_due_soon";
    public const string PublicationOverdue = "publication_overdue";
    public const string FollowUpOverdue = "follow_up_overdue";
    public const string BelowTarget = "below_target";
    public const string DrawNotRecorded = "draw_not_recorded";

    public const int DueSoonWorkingDays = 3;

    /// <summary>The rules give no deadline for follow-up; the office's practice is to expect it closed within this many working days.</summary>
    public const int FollowUpWorkingDays = 30;

    public static IEnumerable<AlertCondition> Evaluate(YearActivity activity, DateOnly today, WorkingDayCalendar calendar)
    {
        foreach (var task in activity.Tasks.Where(t => t.State.StartedOn is not null && t.State.ClosedOn is null && t.State.ResultsDueOn is not null))
        {
            var due = task.State.ResultsDueOn!.Value;
            var provisional = task.State.ResultsDueOnProvisional ? "（暂按工作日计算）" : "";
            foreach (var department in task.State.Departments.Where(d => d.Stage is "joined" or "matched" or "results_entered" or "reviewed"))
            {
                var published = activity.ResultsOf(task.Id).Count(r => r.State.DepartmentId == department.DepartmentId && r.State.ApprovedOn is not null);
                var unpublished = task.State.EntityCount - published;
                if (today > due)
                    yield return new AlertCondition($"{PublicationOverdue}:{task.Id}:{department.DepartmentId}", PublicationOverdue, department.DepartmentId, task.Id,
                        $"任务“{task.State.Name}”的抽查结果应于{due:yyyy-MM-dd}{provisional}前公示，尚有{unpublished}户未公示", due);
                else if (calendar.WorkingDaysBetween(today, due) <= DueSoonWorkingDays)
                    yield return new AlertCondition($"{ResultDueSoon}:{task.Id}:{department.DepartmentId}", ResultDueSoon, department.DepartmentId, task.Id,
                        $"任务“{task.State.Name}”的抽查结果须于{due:yyyy-MM-dd}{provisional}前公示（3个工作日内），尚有{unpublished}户未公示", due);
            }
        }

        var openFollowUps = activity.Results
            .Where(r => r.State.ProblemFound && r.State.ApprovedOn is not null && r.State.FollowUpClosedOn is null)
            .Select(r => (Result: r, Due: calendar.AddWorkingDays(r.State.ApprovedOn!.Value, FollowUpWorkingDays)))
            .Where(x => x.Due < today)
            .GroupBy(x => (x.Result.TaskId, x.Result.State.DepartmentId));
        foreach (var group in openFollowUps)
        {
            var (taskId, departmentId) = group.Key;
            var name = activity.Task(taskId)?.State.Name ?? taskId;
            yield return new AlertCondition($"{FollowUpOverdue}:{taskId}:{departmentId}", FollowUpOverdue, departmentId, taskId,
                $"任务“{name}”有{group.Count()}户发现的问题超过{FollowUpWorkingDays}个工作日未办结后续处置", group.Min(x => x.Due));
        }

        foreach (var draw in activity.UnrecordedDraws ?? [])
            yield return new AlertCondition($"{DrawNotRecorded}:{draw.Id}", DrawNotRecorded, draw.State.DepartmentId, draw.State.TaskId,
                $"抽取 {draw.State.DrawId} 已执行，但未能记入任务 {draw.State.TaskId}：{draw.State.Reason}", null);

        foreach (var quarter in Enumerable.Range(1, 4).Where(q => Period.YearTo(activity.Year, q * 3).To < today))
        {
            var yearToDate = Period.YearTo(activity.Year, quarter * 3);
            foreach (var scope in Watched(activity))
                foreach (var figure in Figures.Targets.Keys.Select(code => Figures.Measure(activity, scope, yearToDate, code)).Where(f => f.BelowTarget))
                    yield return new AlertCondition($"{BelowTarget}:{scope.Subject}:{activity.Year}-Q{quarter}:{figure.Code}", BelowTarget, scope.Subject,
                        $"{activity.Year}-Q{quarter}",
                        $"截至{yearToDate.To:yyyy-MM-dd}，{scope.Name}{figure.Name}为{figure.Ratio * 100:0.0}%（{figure.Numerator}/{figure.Denominator}），低于目标{figure.Target * 100:0}%",
                        yearToDate.To);
        }
    }

    /// <summary>Whose targets are watched: every department with a published plan, every county/district, and the city.</summary>
    public static IEnumerable<Scope> Watched(YearActivity activity) =>
        activity.Plans.Select(p => activity.Department(p.DepartmentId)).OfType<KeptDepartment>().DistinctBy(d => d.Id).Select(Scope.Of)
            .Concat(Scope.RegionsOf(activity.Departments, "county")).Concat(Scope.RegionsOf(activity.Departments, "city"));
}
