using System.Text.Json;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Plans;
using Shuangsuiji.Tasks.Results;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Tasks;

/// <summary>
/// The public face of plans, tasks and results (一公开, docs/domain.md, public and private), built here so that nothing private leaves the
/// service for disclosure: no inspectors, review comments, drafts, form values, attachments or follow-up reasons.
/// </summary>
public static class PublicRecords
{
    public static PlanVersionPublished Plan(AnnualPlan plan, PlanPublished published) =>
        new(plan.PlanId, plan.DepartmentId, plan.Year, published.Version,
            [.. published.Batches.SelectMany(b => b.Tasks.Select(t => new PublicPlannedTask(b.Number, b.Name, t.Code, t.Name, t.Items, Scope(t.Scope),
                [.. t.Quotas.Select(q => new PublicQuota(q.RiskClass, q.Percent, q.Count))], t.From, t.To, t.Joint, t.LeadDepartmentId, t.ParticipantIds,
                t.JointItem?.Code, t.JointItem?.Name)))],
            published.Reason, published.At);

    public static TaskAnnounced Announcement(InspectionTask task, EntitiesDrawn drawn, WorkingDayCalendar calendar) =>
        Announcement(task, drawn.DrawId, drawn.Entities.Count, drawn.At, calendar);

    /// <summary>The task announced again with the draw in force, when its results' due date moved.</summary>
    public static TaskAnnounced Announcement(InspectionTask task, WorkingDayCalendar calendar) =>
        Announcement(task, task.DrawId!, task.Entities.Count, task.DrawnAt ?? ChinaDate.StartOf(task.DrawnOn!.Value), calendar);

    private static TaskAnnounced Announcement(InspectionTask task, string drawId, int entityCount, DateTimeOffset drawnAt, WorkingDayCalendar calendar)
    {
        var due = calendar.ResultsDue(task.CheckTo);
        return new TaskAnnounced(task.TaskId, task.Name, [.. task.Inspecting.Select(d => new PublicTaskDepartment(d.DepartmentId, d.Items))],
            Scope(task.Scope), entityCount, task.CheckFrom, task.CheckTo, due.On, drawId, task.Plan?.PlanId, task.Plan?.TaskCode, drawnAt, due.Provisional);
    }

    public static ResultPublished Result(EntityResult result, DateTimeOffset approvedAt, WorkingDayCalendar calendar)
    {
        var entry = result.Entry;
        var checkedTo = entry.CheckEndedOn!.Value;
        var due = calendar.ResultsDue(checkedTo);
        return new ResultPublished(result.TaskId, result.DepartmentId, result.Uscc,
            [.. entry.Items.Select(i => new PublicItemOutcome(i.ItemId, i.Checked, i.ProblemFound))],
            [.. entry.Categories.Select(Code)], [.. entry.PendingReasons.Select(Code)], entry.CheckDates.Min(), checkedTo, ChinaDate.Of(approvedAt),
            due.On, approvedAt, due.Provisional);
    }

    /// <summary>The approved result published again, with its approval's time, when its due date moved.</summary>
    public static ResultPublished Result(EntityResult result, WorkingDayCalendar calendar) =>
        Result(result, result.ApprovedAt ?? ChinaDate.StartOf(result.ApprovedOn!.Value), calendar);

    /// <summary>The steps taken, in order, and the correction where one was recorded.</summary>
    public static HandlingPublished Handling(EntityResult result, FollowUpClosed closed)
    {
        IEnumerable<PublicHandlingStep> steps = result.FollowUps.Select(a => new PublicHandlingStep(Code(a.Kind), a.On, a.Target));
        if (result.CorrectedOn is { } corrected) steps = steps.Append(new PublicHandlingStep("corrected", corrected, null));
        return new HandlingPublished(result.TaskId, result.DepartmentId, result.Uscc, [.. steps], closed.ClosedOn, closed.At);
    }

    private static PublicScope Scope(PlanScope s) => new(s.Divisions, s.Industries, s.EntityTypes, s.Tags, s.SubLibraries);

    /// <summary>Enumerations travel as lower-case codes (contracts/Messages/README.md).</summary>
    internal static string Code<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
