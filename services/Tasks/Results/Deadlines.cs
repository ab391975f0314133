using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Tasks.Results;

/// <summary>
/// A department had not published its results for these entities by their deadline (20 working days after the
/// check ended; the task's last check day for an entity without a check date). Each entity is raised once per department.
/// </summary>
public sealed record ResultsOverdue(string TaskId, string DepartmentId, DateOnly DueOn, IReadOnlyList<string> Usccs, Caller By, DateTimeOffset At);

/// <summary>An entity found unreachable was not on the abnormal-operations list 10 working days after the check.</summary>
public sealed record AbnormalListingOverdue(string ResultId, DateOnly DueOn, Caller By, DateTimeOffset At);

/// <summary>The checking department put the unreachable entity on the abnormal-operations list (列入经营异常名录).</summary>
public sealed record AbnormalListingRecorded(string ResultId, DateOnly ListedOn, string DecisionNo, Caller By, DateTimeOffset At);

/// <summary>The holiday notice of <paramref name="NoticeYear"/>, recorded or corrected, moved the results deadline of the task's last check day.</summary>
public sealed record TaskDeadlineMoved(string TaskId, Deadline Was, Deadline Now, int NoticeYear, Caller By, DateTimeOffset At);

public enum DeadlineKind { Results, AbnormalListing }

/// <summary>The holiday notice of <paramref name="NoticeYear"/>, recorded or corrected, moved one of the result's deadlines.</summary>
public sealed record ResultDeadlineMoved(string ResultId, DeadlineKind Kind, Deadline Was, Deadline Now, int NoticeYear, Caller By, DateTimeOffset At);

/// <summary>
/// Which deadlines have passed (docs/domain.md, rules): decided from a task, its results, the working-day calendar and today;
/// each overdue item is raised once. A provisional deadline (counted Monday to Friday through a year whose holiday notice
/// is not recorded yet) raises nothing: a holiday in that year would make it later, and an overdue notice is never taken
/// back. Once the notice is recorded the deadline is known, and one that has passed is raised at the next scan.
/// </summary>
public static class Deadlines
{
    public static readonly Caller Watch = new("deadline-watch", "platform", Roles.System);

    public static IReadOnlyList<object> TaskOverdue(InspectionTask task, IReadOnlyCollection<EntityResult> results, WorkingDayCalendar calendar, CommandContext ctx)
    {
        if (task.Status is < InspectionTaskStatus.Checking or InspectionTaskStatus.Closed) return [];
        var today = ChinaDate.Of(ctx.Now);
        var events = new List<object>();
        foreach (var d in task.Inspecting.Where(d => d.Stage < DepartmentStage.Published))
        {
            var checkEnds = results.Where(r => r.DepartmentId == d.DepartmentId).ToDictionary(r => r.Uscc, r => r.Entry.CheckEndedOn);
            // An entity is raised once: a result entered later with an earlier check date does not raise it again.
            var raised = task.Overdue.Where(o => o.DepartmentId == d.DepartmentId).SelectMany(o => o.Usccs).ToHashSet();
            var late = task.Entities.Where(uscc => !raised.Contains(uscc))
                .Select(uscc => (Uscc: uscc, Due: calendar.ResultsDue(checkEnds.GetValueOrDefault(uscc) ?? task.CheckTo)))
                .Where(x => !x.Due.Provisional && x.Due.On < today)
                .GroupBy(x => x.Due.On);
            events.AddRange(late.OrderBy(g => g.Key).Select(g =>
                new ResultsOverdue(task.TaskId, d.DepartmentId, g.Key, [.. g.Select(x => x.Uscc)], ctx.Caller, ctx.Now)));
        }
        return events;
    }

    /// <summary>
    /// The task's results deadline (from its last check day) as a holiday notice moves it: recorded with the old and the
    /// new date while the task is open, and after it closed too while the old date was provisional (as it was published).
    /// </summary>
    public static IReadOnlyList<object> TaskMoved(InspectionTask task, CalendarChange change, CommandContext ctx)
    {
        var (was, now) = (change.Before.ResultsDue(task.CheckTo), change.After.ResultsDue(task.CheckTo));
        return was != now && Follows(task, was) ? [new TaskDeadlineMoved(task.TaskId, was, now, change.Year, ctx.Caller, ctx.Now)] : [];
    }

    /// <summary>A result's deadlines as a holiday notice moves them, by the same rule; a draft's are told when it is submitted.</summary>
    public static IReadOnlyList<object> ResultMoved(EntityResult result, InspectionTask task, CalendarChange change, CommandContext ctx)
    {
        if (result.Status == ResultStatus.Draft || result.Entry.CheckEndedOn is not { } checkedOn) return [];
        DeadlineKind[] kinds = result.Entry.FoundUnreachable ? [DeadlineKind.Results, DeadlineKind.AbnormalListing] : [DeadlineKind.Results];
        return [.. kinds.Select(kind => (Kind: kind, Was: Due(change.Before, kind, checkedOn), Now: Due(change.After, kind, checkedOn)))
            .Where(x => x.Was != x.Now && Follows(task, x.Was))
            .Select(x => new ResultDeadlineMoved(result.ResultId, x.Kind, x.Was, x.Now, change.Year, ctx.Caller, ctx.Now))];
    }

    private static Deadline Due(WorkingDayCalendar calendar, DeadlineKind kind, DateOnly from) =>
        kind == DeadlineKind.Results ? calendar.ResultsDue(from) : calendar.AbnormalListingDue(from);

    private static bool Follows(InspectionTask task, Deadline was) => task.Status != InspectionTaskStatus.Closed || was.Provisional;

    public static IReadOnlyList<object> ResultOverdue(EntityResult result, WorkingDayCalendar calendar, CommandContext ctx)
    {
        if (!result.Entry.FoundUnreachable || result.Status is ResultStatus.Draft or ResultStatus.Returned) return [];
        if (result.AbnormalListedOn is not null || result.AbnormalListingOverdueOn is not null) return [];
        var due = calendar.AbnormalListingDue(result.Entry.CheckEndedOn!.Value);
        return !due.Provisional && due.On < ChinaDate.Of(ctx.Now) ? [new AbnormalListingOverdue(result.ResultId, due.On, ctx.Caller, ctx.Now)] : [];
    }
}
