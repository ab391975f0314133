namespace Shuangsuiji.Contracts.Tasks;

// The public facts of the tasks service (一公开, docs/domain.md, public and private), for the disclosure service. They hold what the public
// may see and nothing else: no inspectors, no review comments, no drafts, no follow-up reasons.

/// <summary>Which entities a plan or task looks at; empty lists mean no restriction, divisions and industries are code prefixes.</summary>
public sealed record PublicScope(IReadOnlyList<string> Divisions, IReadOnlyList<string> Industries, IReadOnlyList<string> EntityTypes,
    IReadOnlyList<string> Tags, IReadOnlyList<string> SubLibraries);

/// <summary>How many of a risk class are drawn: a percentage or a count.</summary>
public sealed record PublicQuota(string RiskClass, decimal? Percent, int? Count);

/// <summary>A planned task of a published plan, in its batch (批次).</summary>
public sealed record PublicPlannedTask(int Batch, string BatchName, string Code, string Name, IReadOnlyList<string> Items, PublicScope Scope,
    IReadOnlyList<PublicQuota> Quotas, DateOnly From, DateOnly To, bool Joint, string LeadDepartmentId, IReadOnlyList<string> ParticipantIds,
    string? JointItemCode = null, string? JointItemName = null);

/// <summary>A version of a department's annual plan (年度随机抽查计划) was published: the first, or an adjustment with its reason.</summary>
public sealed record PlanVersionPublished(string PlanId, string DepartmentId, int Year, int Version, IReadOnlyList<PublicPlannedTask> Tasks,
    string? AdjustmentReason, DateTimeOffset At);

public sealed record PublicTaskDepartment(string DepartmentId, IReadOnlyList<string> Items);

/// <summary>
/// A task's announcement (抽查任务公示), once its entities are drawn: departments (the lead first) with their items,
/// scope, how many entities, the check period and the draw (its public record is the draw engine's). A re-draw
/// announces the task again with the new draw, and so does a holiday notice that moves its results' due date (with the draw's time).
/// </summary>
/// <param name="ResultsDueOn">when results of an entity checked on the last day are due (20 working days); null only in messages from
/// before provisional deadlines</param>
/// <param name="ResultsDueOnProvisional">counted Monday to Friday through a year whose holiday notice is not recorded yet (暂按工作日计算)</param>
public sealed record TaskAnnounced(string TaskId, string Name, IReadOnlyList<PublicTaskDepartment> Departments, PublicScope Scope, int EntityCount,
    DateOnly CheckFrom, DateOnly CheckTo, DateOnly? ResultsDueOn, string DrawId, string? PlanId, string? PlanTaskCode, DateTimeOffset At,
    bool ResultsDueOnProvisional = false);

/// <param name="ProblemFound">a problem was found on this item</param>
public sealed record PublicItemOutcome(string ItemId, bool Checked, bool ProblemFound);

/// <summary>
/// A department's result for a drawn entity, public from its approval (谁检查、谁公开): the items checked, the
/// standard result categories and pending reasons (lower-case codes of docs/domain.md's result categories), the check dates and the due date. Published
/// again, with the approval's time, when a holiday notice moves the due date.
/// </summary>
/// <param name="Categories">no_problem, problem_pending, problem_corrected, no_relevant_activity, closed_or_liquidating, serious_non_cooperation,
/// deregistered, licence_revoked, registration_revoked, moved_out</param>
/// <param name="PendingReasons">undisclosed_information, false_disclosure, unreachable, other_department_violation</param>
/// <param name="DueOn">20 working days after the check ended; null only in messages from before provisional deadlines</param>
/// <param name="DueOnProvisional">counted Monday to Friday through a year whose holiday notice is not recorded yet (暂按工作日计算)</param>
public sealed record ResultPublished(string TaskId, string DepartmentId, string Uscc, IReadOnlyList<PublicItemOutcome> Items,
    IReadOnlyList<string> Categories, IReadOnlyList<string> PendingReasons, DateOnly CheckedFrom, DateOnly CheckedTo, DateOnly PublishedOn,
    DateOnly? DueOn, DateTimeOffset At, bool DueOnProvisional = false);

/// <param name="Kind">none, order_correction, clue_transferred, copied_to_department, referred_to_judiciary, penalty_decided, corrected</param>
/// <param name="Target">the unit or department the case went to, or the penalty decision's number</param>
public sealed record PublicHandlingStep(string Kind, DateOnly On, string? Target);

/// <summary>The handling of a problem found (后续处置结果), public once the department closed it.</summary>
public sealed record HandlingPublished(string TaskId, string DepartmentId, string Uscc, IReadOnlyList<PublicHandlingStep> Steps, DateOnly ClosedOn,
    DateTimeOffset At);
