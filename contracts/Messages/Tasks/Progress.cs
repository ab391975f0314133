namespace Shuangsuiji.Contracts.Tasks;

// How the work stands, for the supervision service (the city office, 市双随机办): tasks, results and return visits,
// each message the whole current state of one stream as of its Version (keep the newest). Internal figures, not
// public records, and without personal data: no inspectors, no review comments, no follow-up reasons, no findings.

/// <summary>A department of a task and how far it got.</summary>
/// <param name="Stage">invited, declined, joined, matched, results_entered, reviewed, published</param>
/// <param name="FollowUpNeeded">entities whose published results call for follow-up</param>
public sealed record TaskDepartmentProgress(string DepartmentId, string Stage, int FollowUpNeeded, DateOnly? FollowUpClosedOn);

/// <summary>
/// A task (抽查任务) as it now stands: its departments (the lead first), the planned task it carries out, whether it asks
/// for a draw by credit risk class and whether its executed draw was one, and the dates of its steps (Beijing dates).
/// </summary>
/// <param name="Status">draft, approved, partners_confirmed, drawn, matched, checking, results_entered, reviewed, published, follow_up, closed</param>
/// <param name="RiskStratified">the task sets quotas per credit risk class (what was asked, not what was drawn)</param>
/// <param name="ResultsDueOn">results of an entity checked on the last day are due then (20 working days); null beyond the calendar</param>
/// <param name="EntitiesDrawnByRiskClass">of the entities its executed draw gave, those from strata that name a credit risk
/// class; 0 when the draw had no such stratum, or was recorded before draws carried their strata</param>
public sealed record TaskProgressed(string TaskId, long Version, string Name, string Status, IReadOnlyList<TaskDepartmentProgress> Departments,
    string? PlanId, string? PlanTaskCode, bool RiskStratified, int EntityCount, DateOnly CheckFrom, DateOnly CheckTo, DateOnly? ResultsDueOn,
    DateOnly CreatedOn, DateOnly? DrawnOn, DateOnly? StartedOn, DateOnly? ClosedOn, DateTimeOffset At, int EntitiesDrawnByRiskClass = 0);

/// <summary>
/// One department's result for one entity of a task as it now stands: when it was checked, entered and approved (an
/// approved result is published), what was found, and its follow-up (the kinds of the steps taken, and when closed).
/// </summary>
/// <param name="Status">draft, submitted, returned, approved</param>
/// <param name="Methods">on_site, documentary, online_monitoring, professional_agency, third_party_results, testing</param>
/// <param name="Categories">the standard result categories, as in <see cref="ResultPublished"/></param>
/// <param name="FollowUps">none, order_correction, clue_transferred, copied_to_department, referred_to_judiciary, penalty_decided</param>
public sealed record ResultProgressed(string ResultId, long Version, string TaskId, string DepartmentId, string Uscc, string Status,
    DateOnly? CheckedOn, DateOnly? DueOn, DateOnly? SubmittedOn, DateOnly? ApprovedOn, IReadOnlyList<string> Methods, IReadOnlyList<string> Categories,
    bool ProblemFound, IReadOnlyList<string> FollowUps, DateOnly? FollowUpClosedOn, DateTimeOffset At);

/// <summary>A return visit (回访) of the supervising office as it now stands: the tasks it samples, how many entities were drawn and visited.</summary>
/// <param name="Status">planned, drawn, closed</param>
/// <param name="Outcomes">per outcome (confirmed, not_corrected, discrepancy, unreachable), how many visits found it</param>
public sealed record ReturnVisitProgressed(string VisitId, long Version, string OfficeId, string Status, IReadOnlyList<string> TaskIds, int EntityCount,
    int Visited, IReadOnlyDictionary<string, int> Outcomes, DateOnly PlannedOn, DateOnly? ClosedOn, DateTimeOffset At);
