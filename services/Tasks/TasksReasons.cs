using Shuangsuiji.Kernel;

namespace Shuangsuiji.Tasks;

/// <summary>
/// The tasks service's refusals a program can act on (docs/api.md); the field checks and defaults are the kernel's
/// <see cref="Reasons"/>. A status or stage in metadata is named as in the English message (Draft, PartnersConfirmed).
/// </summary>
public static class TasksReasons
{
    public static readonly Reason2<NotFound> PlanNotFound = new("PLAN_NOT_FOUND", "department_id", "year");

    public static readonly Reason2<AlreadyExists> PlanExists = new("PLAN_EXISTS", "department_id", "year");

    /// <summary>The plan's status does not allow the step (allowed names the statuses that do).</summary>
    public static readonly Reason3<FailedPrecondition> PlanWrongStatus = new("PLAN_WRONG_STATUS", "plan_id", "status", "allowed");

    /// <summary>A task is created from a published plan only.</summary>
    public static readonly Reason<InvalidArgument> PlanNotPublished = new("PLAN_NOT_PUBLISHED");

    /// <summary>The planned task is led by another department, which creates the task and invites this one.</summary>
    public static readonly Reason1<InvalidArgument> NotPlanLead = new("NOT_PLAN_LEAD", "lead_department_id");

    public static readonly Reason1<NotFound> TaskNotFound = new("TASK_NOT_FOUND", "task_id");

    public static readonly Reason1<AlreadyExists> TaskExists = new("TASK_EXISTS", "task_id");

    /// <summary>The task's status does not allow the step (allowed names the statuses that do).</summary>
    public static readonly Reason3<FailedPrecondition> TaskWrongStatus = new("TASK_WRONG_STATUS", "task_id", "status", "allowed");

    /// <summary>The department's stage in the task does not allow the step (expected names the stage that does).</summary>
    public static readonly Reason4<FailedPrecondition> DepartmentWrongStage = new("DEPARTMENT_WRONG_STAGE", "task_id", "department_id", "stage", "expected");

    /// <summary>The department is not invited to, or does not inspect in, the task.</summary>
    public static readonly Reason2<InvalidArgument> DepartmentNotInTask = new("DEPARTMENT_NOT_IN_TASK", "task_id", "department_id");

    public static readonly Reason2<AlreadyExists> DepartmentInTask = new("DEPARTMENT_IN_TASK", "task_id", "department_id");

    /// <summary>Some invited departments have not answered (waiting names them).</summary>
    public static readonly Reason2<FailedPrecondition> InvitationsUnanswered = new("INVITATIONS_UNANSWERED", "task_id", "waiting");

    /// <summary>An item id that is not on the list of the department checking it ("department:code").</summary>
    public static readonly Reason1<InvalidArgument> ItemNotOfDepartment = new("ITEM_NOT_OF_DEPARTMENT", "department_id");

    /// <summary>A planned task names a joint item that is on no joint-inspection item list of the department's region or those above it.</summary>
    public static readonly Reason1<InvalidArgument> JointItemUnknown = new("JOINT_ITEM_UNKNOWN", "joint_item_code");

    /// <summary>The department, a partner or an item given is not part of the joint item the planned task is taken from (given names it).</summary>
    public static readonly Reason2<InvalidArgument> JointItemMismatch = new("JOINT_ITEM_MISMATCH", "joint_item_code", "given");

    /// <summary>The task is not approved with its partners confirmed, so it cannot be drawn yet.</summary>
    public static readonly Reason1<FailedPrecondition> TaskNotReadyForDraw = new("TASK_NOT_READY_FOR_DRAW", "task_id");

    /// <summary>The task or return visit (record_id) has been drawn: a re-draw names that draw in redraw_of, with a reason.</summary>
    public static readonly Reason2<FailedPrecondition> AlreadyDrawn = new("ALREADY_DRAWN", "record_id", "draw_id");

    /// <summary>redraw_of does not name the draw the task (or return visit) holds now.</summary>
    public static readonly Reason1<InvalidArgument> RedrawOfInvalid = new("REDRAW_OF_INVALID", "held_draw_id");

    /// <summary>The draw's departments are not the task's inspecting departments (the lead first), or not the visit's office alone.</summary>
    public static readonly Reason1<InvalidArgument> DrawDepartmentsMismatch = new("DRAW_DEPARTMENTS_MISMATCH", "department_ids");

    /// <summary>sampled_task_ids are not the tasks the return visit samples.</summary>
    public static readonly Reason1<InvalidArgument> SampledTasksMismatch = new("SAMPLED_TASKS_MISMATCH", "task_ids");

    /// <summary>An item the draw names is not one of the task's items.</summary>
    public static readonly Reason2<InvalidArgument> ItemNotInTask = new("ITEM_NOT_IN_TASK", "task_id", "item_id");

    /// <summary>A division, industry, type, tag or sub-library of the draw lies outside the task's scope.</summary>
    public static readonly Reason1<InvalidArgument> OutsideScope = new("OUTSIDE_SCOPE", "allowed");

    /// <summary>A risk class the task has a quota for lies in no stratum of the draw.</summary>
    public static readonly Reason1<InvalidArgument> QuotaNotCovered = new("QUOTA_NOT_COVERED", "risk_class");

    /// <summary>The draw named is of another task (or return visit) than the one it is executed for.</summary>
    public static readonly Reason2<InvalidArgument> DrawOfOtherTask = new("DRAW_OF_OTHER_TASK", "draw_id", "task_id");

    /// <summary>A draw prepared by another department than the task's lead (or the return visit's office).</summary>
    public static readonly Reason2<FailedPrecondition> DrawByOther = new("DRAW_PREPARED_BY_OTHER", "draw_id", "department_id");

    /// <summary>Inspectors were matched to the task's draw (or the visit's entities visited): a re-draw cannot replace it any more.</summary>
    public static readonly Reason2<FailedPrecondition> RedrawTooLate = new("REDRAW_TOO_LATE", "record_id", "draw_id");

    /// <summary>A return visit's draw sampled other tasks than the visit's.</summary>
    public static readonly Reason1<FailedPrecondition> DrawSamplesOtherTasks = new("DRAW_SAMPLES_OTHER_TASKS", "draw_id");

    /// <summary>
    /// "Not yet": no team of the department for the entity has reached the tasks service. It comes over the bus once the
    /// department has matched (or replaced) its inspectors in the draw engine.
    /// </summary>
    public static readonly Reason3<FailedPrecondition> TeamNotArrived = new("TEAM_NOT_ARRIVED", "task_id", "department_id", "uscc")
    {
        RetryAfter = TimeSpan.FromSeconds(1),
    };

    /// <summary>The department has not a finished result for every drawn entity (missing names the first of them).</summary>
    public static readonly Reason3<FailedPrecondition> ResultsMissing = new("RESULTS_MISSING", "task_id", "department_id", "missing");

    /// <summary>The department's review is complete: its results no longer change.</summary>
    public static readonly Reason2<FailedPrecondition> ResultsFinal = new("RESULTS_FINAL", "task_id", "department_id");

    public static readonly Reason2<InvalidArgument> EntityNotDrawn = new("ENTITY_NOT_DRAWN", "task_id", "uscc");

    public static readonly Reason1<NotFound> ResultNotFound = new("RESULT_NOT_FOUND", "result_id");

    /// <summary>The result's status does not allow the step (allowed names the statuses that do).</summary>
    public static readonly Reason3<FailedPrecondition> ResultWrongStatus = new("RESULT_WRONG_STATUS", "result_id", "status", "allowed");

    /// <summary>The result found no problem: there is nothing to follow up.</summary>
    public static readonly Reason1<FailedPrecondition> NoProblemFound = new("NO_PROBLEM_FOUND", "result_id");

    /// <summary>The result records that no follow-up is needed, which stands alone.</summary>
    public static readonly Reason1<FailedPrecondition> NoFollowUpRecorded = new("NO_FOLLOW_UP_DECIDED", "result_id");

    public static readonly Reason1<FailedPrecondition> NoOrderToCorrect = new("NO_ORDER_TO_CORRECT", "result_id");

    /// <summary>A follow-up is closed after its first step.</summary>
    public static readonly Reason1<FailedPrecondition> NoFollowUpYet = new("NO_FOLLOW_UP_YET", "result_id");

    /// <summary>An order to correct is neither corrected nor passed on to the case-handling unit or the judiciary.</summary>
    public static readonly Reason1<FailedPrecondition> OrderNotSettled = new("ORDER_NOT_SETTLED", "result_id");

    public static readonly Reason2<FailedPrecondition> FollowUpClosed = new("FOLLOW_UP_CLOSED", "record_id", "closed_on");

    /// <summary>The department found no problem in the task: it has no follow-up to close.</summary>
    public static readonly Reason2<FailedPrecondition> NoFollowUpNeeded = new("NO_FOLLOW_UP_NEEDED", "task_id", "department_id");

    /// <summary>Follow-up is still open (open names the entities or departments).</summary>
    public static readonly Reason2<FailedPrecondition> FollowUpOpen = new("FOLLOW_UP_OPEN", "task_id", "open");

    /// <summary>The result did not find the entity unreachable at its registered address.</summary>
    public static readonly Reason1<FailedPrecondition> NotUnreachable = new("NOT_FOUND_UNREACHABLE", "result_id");

    public static readonly Reason2<FailedPrecondition> AlreadyListed = new("ALREADY_LISTED_ABNORMAL", "uscc", "listed_on");

    /// <summary>The department's review of the task is complete.</summary>
    public static readonly Reason2<FailedPrecondition> ReviewComplete = new("REVIEW_COMPLETE", "task_id", "department_id");

    /// <summary>A check date outside the task's check period.</summary>
    public static readonly Reason2<InvalidArgument> OutsideCheckPeriod = new("OUTSIDE_CHECK_PERIOD", "check_from", "check_to");

    /// <summary>The result categories contradict each other or the items' outcomes.</summary>
    public static readonly Reason<InvalidArgument> CategoryConflict = new("CATEGORY_CONFLICT");

    /// <summary>An inspector who is not on the team the draw engine matched to the entity.</summary>
    public static readonly Reason1<InvalidArgument> NotOnTeam = new("NOT_ON_TEAM", "inspector_id");

    /// <summary>Fewer inspectors than a check needs (two for a department alone, one per department in a joint team).</summary>
    public static readonly Reason1<InvalidArgument> TooFewInspectors = new("TOO_FEW_INSPECTORS", "needed");

    /// <summary>A form value for a form that is not one of the department's forms in the task, or for a field the form lacks.</summary>
    public static readonly Reason2<InvalidArgument> FormFieldUnknown = new("FORM_FIELD_UNKNOWN", "form_id", "key");

    /// <summary>A required field of a checked item's form is not filled in.</summary>
    public static readonly Reason2<InvalidArgument> FormFieldRequired = new("FORM_FIELD_REQUIRED", "form_id", "key");

    /// <summary>A form value that does not fit its field's type or options.</summary>
    public static readonly Reason1<InvalidArgument> FormValueInvalid = new("FORM_VALUE_INVALID", "key");

    public static readonly Reason1<NotFound> ReturnVisitNotFound = new("RETURN_VISIT_NOT_FOUND", "visit_id");

    public static readonly Reason1<AlreadyExists> ReturnVisitExists = new("RETURN_VISIT_EXISTS", "visit_id");

    public static readonly Reason3<FailedPrecondition> ReturnVisitWrongStatus = new("RETURN_VISIT_WRONG_STATUS", "visit_id", "status", "allowed");

    /// <summary>Return visits sample closed tasks.</summary>
    public static readonly Reason2<InvalidArgument> TaskNotClosed = new("TASK_NOT_CLOSED", "task_id", "status");

    public static readonly Reason2<InvalidArgument> EntityNotSampled = new("ENTITY_NOT_SAMPLED", "visit_id", "uscc");

    public static readonly Reason2<AlreadyExists> EntityVisited = new("ENTITY_VISITED", "uscc", "visited_on");

    /// <summary>Drawn entities not visited yet (waiting counts them, first names one).</summary>
    public static readonly Reason3<FailedPrecondition> VisitsPending = new("VISITS_PENDING", "visit_id", "waiting", "first");

    /// <summary>A task of a department outside the office's region: a county's office acts on its county's tasks only.</summary>
    public static readonly Reason2<PermissionDenied> TaskOutsideRegion = new("TASK_OUTSIDE_REGION", "task_id", "department_id");

    /// <summary>The plan's version was not filed with the caller's department (备案: only its recipients acknowledge it).</summary>
    public static readonly Reason2<PermissionDenied> NotFilingRecipient = new("NOT_FILING_RECIPIENT", "plan_id", "department_id");

    /// <summary>No published version of the plan was filed (the version given, or any): there is nothing to acknowledge.</summary>
    public static readonly Reason2<FailedPrecondition> PlanNotFiled = new("PLAN_NOT_FILED", "plan_id", "version");

    public static readonly Reason3<AlreadyExists> FilingAcknowledged = new("FILING_ACKNOWLEDGED", "plan_id", "version", "department_id");

    public static readonly Reason1<NotFound> DispatchNotFound = new("DISPATCH_NOT_FOUND", "dispatch_id");

    public static readonly Reason1<AlreadyExists> DispatchExists = new("DISPATCH_EXISTS", "dispatch_id");

    /// <summary>派发 goes to the departments of the same system directly below the sender (their parent is the sender).</summary>
    public static readonly Reason2<InvalidArgument> NotLowerDepartment = new("NOT_LOWER_DEPARTMENT", "department_id", "receiver_id");

    /// <summary>A receiver of a dispatch inspects in its own region, which must lie in the dispatch's scope.</summary>
    public static readonly Reason2<InvalidArgument> ReceiverOutsideScope = new("RECEIVER_OUTSIDE_SCOPE", "receiver_id", "region_code");

    /// <summary>A dispatch to "all below" from a department that has none, or none in the dispatch's scope.</summary>
    public static readonly Reason1<FailedPrecondition> NoLowerDepartments = new("NO_LOWER_DEPARTMENTS", "department_id");

    public static readonly Reason2<InvalidArgument> NotDispatchReceiver = new("NOT_DISPATCH_RECEIVER", "dispatch_id", "department_id");

    public static readonly Reason2<AlreadyExists> DispatchReceived = new("DISPATCH_RECEIVED", "dispatch_id", "task_id");
}
