using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Results;
using Shuangsuiji.Tasks.ReturnVisits;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Tasks;

/// <summary>
/// How tasks, results and return visits stand, for the city office's figures (the supervision service). Built here,
/// like <see cref="PublicRecords"/>, so that no inspector, comment, reason or finding leaves the service with them.
/// </summary>
public static class Progress
{
    private static string Code<T>(T value) where T : struct, Enum => PublicRecords.Code(value);

    public static TaskProgressed Of(InspectionTask task, DateTimeOffset at, WorkingDayCalendar calendar)
    {
        var due = calendar.ResultsDue(task.CheckTo);
        return new TaskProgressed(task.TaskId, task.Version, task.Name, Code(task.Status),
            [.. task.Departments.Select(d => new TaskDepartmentProgress(d.DepartmentId, Code(d.Stage), d.FollowUpNeeded.Count, d.FollowUpClosedOn))],
            task.Plan?.PlanId, task.Plan?.TaskCode, task.Quotas.Count > 0, task.Entities.Count, task.CheckFrom, task.CheckTo, due.On,
            task.CreatedOn, task.DrawnOn, task.StartedOn, task.ClosedOn, at, task.EntitiesDrawnByRiskClass, due.Provisional);
    }

    public static ResultProgressed Of(EntityResult result, DateTimeOffset at, WorkingDayCalendar calendar)
    {
        var entry = result.Entry;
        var checkedOn = entry.CheckEndedOn;
        var due = checkedOn is { } c ? calendar.ResultsDue(c) : (Deadline?)null;
        return new ResultProgressed(result.ResultId, result.Version, result.TaskId, result.DepartmentId, result.Uscc, Code(result.Status),
            checkedOn, due?.On, result.SubmittedOn, result.ApprovedOn, [.. entry.Methods.Select(Code)], [.. entry.Categories.Select(Code)], entry.FindsProblem,
            [.. result.FollowUps.Select(f => Code(f.Kind))], result.FollowUpClosedOn, at, due?.Provisional ?? false);
    }

    public static ReturnVisitProgressed Of(ReturnVisit visit, DateTimeOffset at) =>
        new(visit.VisitId, visit.Version, visit.OfficeId, Code(visit.Status), visit.TaskIds, visit.Entities.Count, visit.Visits.Count,
            visit.Visits.GroupBy(v => Code(v.Outcome)).ToDictionary(g => g.Key, g => g.Count()), visit.PlannedOn, visit.ClosedOn, at);
}
