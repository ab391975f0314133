using Shuangsuiji.ServiceDefaults.Auth;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.ServiceDefaults.Calendar;
using Shuangsuiji.Tasks.InspectionTasks;

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

/// <summary>
/// Which deadlines have passed (SPEC.md §3): decided from a task, its results, the working-day calendar and today;
/// each overdue item is raised once. A deadline the calendar cannot tell yet (a year without data) is not guessed.
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
                .Select(uscc => (Uscc: uscc, Due: Due(calendar.ResultsDue, checkEnds.GetValueOrDefault(uscc) ?? task.CheckTo)))
                .Where(x => x.Due < today)
                .GroupBy(x => x.Due!.Value);
            events.AddRange(late.OrderBy(g => g.Key).Select(g =>
                new ResultsOverdue(task.TaskId, d.DepartmentId, g.Key, [.. g.Select(x => x.Uscc)], ctx.Caller, ctx.Now)));
        }
        return events;
    }

    public static IReadOnlyList<object> ResultOverdue(EntityResult result, WorkingDayCalendar calendar, CommandContext ctx)
    {
        if (!result.Entry.FoundUnreachable || result.Status is ResultStatus.Draft or ResultStatus.Returned) return [];
        if (result.AbnormalListedOn is not null || result.AbnormalListingOverdueOn is not null) return [];
        var due = Due(calendar.AbnormalListingDue, result.Entry.CheckEndedOn!.Value);
        return due < ChinaDate.Of(ctx.Now) ? [new AbnormalListingOverdue(result.ResultId, due.Value, ctx.Caller, ctx.Now)] : [];
    }

    private static DateOnly? Due(Func<DateOnly, DateOnly> deadline, DateOnly from)
    {
        try
        {
            return deadline(from);
        }
        catch (RuleViolationException)
        {
            return null;
        }
    }
}
