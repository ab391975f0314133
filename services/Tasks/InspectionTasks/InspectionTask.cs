using Shuangsuiji.Tasks.Forms;
using Shuangsuiji.Tasks.Plans;
using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Tasks.InspectionTasks;

public enum InspectionTaskStatus
{
    Draft, Approved, PartnersConfirmed, Drawn, Matched, Checking, ResultsEntered, Reviewed, Published, FollowUp, Closed,
}

/// <summary>Where one department stands in a task: its invitation, then its own match, entry, review and publication.</summary>
public enum DepartmentStage { Invited, Declined, Joined, Matched, ResultsEntered, Reviewed, Published }

/// <summary>The planned task a task carries out.</summary>
public sealed record PlanRef(string PlanId, int PlanVersion, string TaskCode);

/// <summary>
/// A department in the task with its own items. FollowUpNeeded lists the entities whose published results call for
/// follow-up; FollowUpClosedOn is set when the department has closed them all.
/// </summary>
public sealed record TaskDepartment(
    string DepartmentId, IReadOnlyList<string> Items, DepartmentStage Stage, IReadOnlyList<string> FollowUpNeeded, DateOnly? FollowUpClosedOn)
{
    public bool Inspects => Stage >= DepartmentStage.Joined;
}

/// <summary>Created by the lead; DispatchId names the dispatch (派发) a lower department received it from, if it did.</summary>
public sealed record TaskCreated(
    string TaskId, string DepartmentId, string Name, IReadOnlyList<string> Items, PlanScope Scope, IReadOnlyList<RiskQuota> Quotas,
    DateOnly CheckFrom, DateOnly CheckTo, PlanRef? Plan, string? Reason, Caller By, DateTimeOffset At, string? DispatchId = null);

public sealed record PartnerInvited(string TaskId, string DepartmentId, IReadOnlyList<string> Items, Caller By, DateTimeOffset At);

public sealed record InvitationAccepted(string TaskId, string DepartmentId, Caller By, DateTimeOffset At);

public sealed record InvitationDeclined(string TaskId, string DepartmentId, string Reason, Caller By, DateTimeOffset At);

/// <summary>Approved with the check forms of every department's items as they are now (一企一表); none on tasks approved before forms were kept.</summary>
public sealed record TaskApproved(string TaskId, Caller By, DateTimeOffset At, IReadOnlyList<ItemForms>? Forms = null);

public sealed record PartnersConfirmed(string TaskId, IReadOnlyList<string> DepartmentIds, Caller By, DateTimeOffset At);

/// <summary>
/// The entities drawn by the draw engine (抽取), by USCC in draw order, and the draw's strata as executed (none on draws
/// recorded before strata were kept: such a draw counts as not drawn by credit risk class).
/// </summary>
public sealed record EntitiesDrawn(string TaskId, string DrawId, IReadOnlyList<string> Entities, Caller By, DateTimeOffset At,
    IReadOnlyList<DrawStratum>? Strata = null);

/// <summary>A stratum of the executed draw: the credit risk classes it held (none: the entities without a class), its candidates and how many it gave.</summary>
public sealed record DrawStratum(string Label, IReadOnlyList<string> RiskClasses, int CandidateCount, int Drawn);

/// <summary>A department has matched its inspectors (匹配) in the draw engine.</summary>
public sealed record DepartmentInspectorsMatched(string TaskId, string DepartmentId, Caller By, DateTimeOffset At);

public sealed record ChecksStarted(string TaskId, Caller By, DateTimeOffset At);

public sealed record DepartmentResultsEntered(string TaskId, string DepartmentId, Caller By, DateTimeOffset At);

public sealed record DepartmentResultsReviewed(string TaskId, string DepartmentId, Caller By, DateTimeOffset At);

public sealed record DepartmentResultsPublished(string TaskId, string DepartmentId, IReadOnlyList<string> FollowUpNeeded, Caller By, DateTimeOffset At);

public sealed record DepartmentFollowUpClosed(string TaskId, string DepartmentId, DateOnly ClosedOn, Caller By, DateTimeOffset At);

public sealed record TaskClosed(string TaskId, DateOnly ClosedOn, Caller By, DateTimeOffset At);

/// <summary>
/// An inspection task (抽查任务; stream "task:{id}"). The lead department (first in <see cref="Departments"/>) drives
/// the shared steps; after the checks each inspecting department enters, reviews and publishes its own results
/// (谁检查、谁录入、谁公开), and the task's status is where the slowest department stands.
/// </summary>
public sealed record InspectionTask(
    string Id, string TaskId, string Name, InspectionTaskStatus Status, IReadOnlyList<TaskDepartment> Departments,
    PlanScope Scope, IReadOnlyList<RiskQuota> Quotas, DateOnly CheckFrom, DateOnly CheckTo, PlanRef? Plan, string? OutsidePlanReason,
    string? DrawId, IReadOnlyList<string> Entities, DateOnly? ClosedOn) : IAggregate<InspectionTask>
{
    public long Version { get; set; }

    public static string StreamId(string taskId) => $"task:{taskId}";

    /// <summary>The check forms fixed at approval, per department and item.</summary>
    public IReadOnlyList<ItemForms> Forms { get; init; } = [];

    public IReadOnlyList<ItemForms> FormsOf(string departmentId) => [.. Forms.Where(f => f.DepartmentId == departmentId)];

    /// <summary>Deadlines a department missed, each raised once.</summary>
    public IReadOnlyList<Results.ResultsOverdue> Overdue { get; init; } = [];

    /// <summary>When the task was created, drawn and its checks started (Beijing dates), for the office's figures.</summary>
    public DateOnly CreatedOn { get; init; }

    /// <summary>The dispatch (派发) the lead received the task from; its sender reads the task (<see cref="Departments.DepartmentTree"/>).</summary>
    public string? DispatchId { get; init; }

    public DateOnly? DrawnOn { get; init; }

    /// <summary>When the draw in force was recorded: its announcement's time.</summary>
    public DateTimeOffset? DrawnAt { get; init; }

    public DateOnly? StartedOn { get; init; }

    /// <summary>The recorded draw's strata, in draw order.</summary>
    public IReadOnlyList<DrawStratum> DrawStrata { get; init; } = [];

    /// <summary>The drawn entities that came from strata naming a credit risk class: the draw sampled by risk class only if there are some.</summary>
    public int EntitiesDrawnByRiskClass => DrawStrata.Where(s => s.RiskClasses.Count > 0).Sum(s => s.Drawn);

    public string LeadId => Departments[0].DepartmentId;

    public IReadOnlyList<TaskDepartment> Inspecting => [.. Departments.Where(d => d.Inspects)];

    public TaskDepartment? Department(string departmentId) => Departments.FirstOrDefault(d => d.DepartmentId == departmentId);

    public static InspectionTask When(InspectionTask? state, object @event) => (state, @event) switch
    {
        (null, TaskCreated e) => new InspectionTask(StreamId(e.TaskId), e.TaskId, e.Name, InspectionTaskStatus.Draft,
            [new TaskDepartment(e.DepartmentId, e.Items, DepartmentStage.Joined, [], null)],
            e.Scope, e.Quotas, e.CheckFrom, e.CheckTo, e.Plan, e.Plan is null ? e.Reason : null, null, [], null)
        {
            CreatedOn = ChinaDate.Of(e.At), DispatchId = e.DispatchId,
        },
        ({ } s, PartnerInvited e) => s with { Departments = [.. s.Departments, new TaskDepartment(e.DepartmentId, e.Items, DepartmentStage.Invited, [], null)] },
        ({ } s, InvitationAccepted e) => s.Set(e.DepartmentId, d => d with { Stage = DepartmentStage.Joined }),
        ({ } s, InvitationDeclined e) => s.Set(e.DepartmentId, d => d with { Stage = DepartmentStage.Declined }),
        ({ } s, TaskApproved e) => s with { Status = InspectionTaskStatus.Approved, Forms = e.Forms ?? [] },
        ({ } s, PartnersConfirmed) => s with { Status = InspectionTaskStatus.PartnersConfirmed },
        ({ } s, EntitiesDrawn e) => s with
        {
            Status = InspectionTaskStatus.Drawn, DrawId = e.DrawId, Entities = e.Entities, DrawnOn = ChinaDate.Of(e.At), DrawnAt = e.At, DrawStrata = e.Strata ?? [],
        },
        ({ } s, DepartmentInspectorsMatched e) => s.Set(e.DepartmentId, d => d with { Stage = DepartmentStage.Matched }).Advance(),
        ({ } s, ChecksStarted e) => s with { Status = InspectionTaskStatus.Checking, StartedOn = ChinaDate.Of(e.At) },
        ({ } s, DepartmentResultsEntered e) => s.Set(e.DepartmentId, d => d with { Stage = DepartmentStage.ResultsEntered }).Advance(),
        ({ } s, DepartmentResultsReviewed e) => s.Set(e.DepartmentId, d => d with { Stage = DepartmentStage.Reviewed }).Advance(),
        ({ } s, DepartmentResultsPublished e) => s.Set(e.DepartmentId, d => d with { Stage = DepartmentStage.Published, FollowUpNeeded = e.FollowUpNeeded }).Advance(),
        ({ } s, DepartmentFollowUpClosed e) => s.Set(e.DepartmentId, d => d with { FollowUpClosedOn = e.ClosedOn }),
        ({ } s, TaskClosed e) => s with { Status = InspectionTaskStatus.Closed, ClosedOn = e.ClosedOn },
        ({ } s, Results.ResultsOverdue e) => s with { Overdue = [.. s.Overdue, e] },
        // The deadline follows the calendar; the event keeps the move on the record.
        ({ } s, Results.TaskDeadlineMoved) => s,
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to task {state?.Id ?? "(new)"}"),
    };

    private InspectionTask Set(string departmentId, Func<TaskDepartment, TaskDepartment> change) =>
        this with { Departments = [.. Departments.Select(d => d.DepartmentId == departmentId ? change(d) : d)] };

    /// <summary>The shared status follows the department that is furthest behind.</summary>
    private InspectionTask Advance()
    {
        var slowest = Inspecting.Min(d => d.Stage);
        var status = (Status, slowest) switch
        {
            (InspectionTaskStatus.Drawn, DepartmentStage.Matched) => InspectionTaskStatus.Matched,
            (< InspectionTaskStatus.Checking, _) => Status,
            (_, DepartmentStage.ResultsEntered) => InspectionTaskStatus.ResultsEntered,
            (_, DepartmentStage.Reviewed) => InspectionTaskStatus.Reviewed,
            (_, DepartmentStage.Published) when Inspecting.Any(d => d.FollowUpNeeded.Count > 0) => InspectionTaskStatus.FollowUp,
            (_, DepartmentStage.Published) => InspectionTaskStatus.Published,
            _ => Status,
        };
        return this with { Status = status };
    }
}
