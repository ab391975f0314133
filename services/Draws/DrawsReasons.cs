using Shuangsuiji.Kernel;

namespace Shuangsuiji.Draws;

/// <summary>The draw engine's refusals a program can act on (docs/api.md); the field checks and defaults are the kernel's <see cref="Reasons"/>.</summary>
public static class DrawsReasons
{
    public static readonly Reason1<NotFound> DrawNotFound = new("DRAW_NOT_FOUND", "draw_id");

    /// <summary>The task has a draw open (prepared, neither executed, lapsed nor cancelled): one draw at a time.</summary>
    public static readonly Reason2<FailedPrecondition> DrawOpen = new("DRAW_OPEN", "task_id", "draw_id");

    /// <summary>The task (record_id) has a draw executed at the engine: a re-draw names that draw in redraw_of, with a reason.</summary>
    public static readonly Reason2<FailedPrecondition> AlreadyDrawn = new("ALREADY_DRAWN", "record_id", "draw_id");

    /// <summary>redraw_of does not name the task's latest draw executed at the engine (held_draw_id).</summary>
    public static readonly Reason1<InvalidArgument> RedrawOfInvalid = new("REDRAW_OF_INVALID", "held_draw_id");

    /// <summary>A department has matched inspectors to the draw a re-draw of the task (record_id) replaces: the re-draw is not executed.</summary>
    public static readonly Reason2<FailedPrecondition> RedrawTooLate = new("REDRAW_TOO_LATE", "record_id", "draw_id");

    /// <summary>
    /// No supervising office (领导小组办公室) of the lead's region is known to the draw engine. One created a moment ago
    /// arrives from the directories within the retry delay.
    /// </summary>
    public static readonly Reason1<FailedPrecondition> NoSupervisingOffice = new("NO_SUPERVISING_OFFICE", "department_id")
    {
        RetryAfter = TimeSpan.FromSeconds(1),
    };

    /// <summary>office_id is not the office supervising the lead department's region.</summary>
    public static readonly Reason1<InvalidArgument> OfficeMismatch = new("OFFICE_MISMATCH", "supervising_office_id");

    /// <summary>
    /// "Not yet": a task a return visit samples is not known to the draw engine as drawn and closed. Its entities and its
    /// closing arrive from the tasks service over the bus, within the retry delay after the task closed.
    /// </summary>
    public static readonly Reason1<InvalidArgument> SampledTaskNotClosed = new("SAMPLED_TASK_NOT_CLOSED", "task_id")
    {
        RetryAfter = TimeSpan.FromSeconds(1),
    };

    /// <summary>A return visit's draw names more departments than its office alone.</summary>
    public static readonly Reason1<InvalidArgument> DepartmentsMismatch = new("DRAW_DEPARTMENTS_MISMATCH", "department_ids");

    /// <summary>A division of the draw's scope lies outside the lead department's region.</summary>
    public static readonly Reason1<InvalidArgument> OutsideScope = new("OUTSIDE_SCOPE", "allowed");

    /// <summary>A stratum asks fewer entities than the task's quotas for its classes.</summary>
    public static readonly Reason2<InvalidArgument> QuotaNotMet = new("QUOTA_NOT_MET", "stratum", "required");

    /// <summary>The party named is not a party to the draw.</summary>
    public static readonly Reason2<InvalidArgument> NotAParty = new("NOT_A_PARTY", "draw_id", "party");

    public static readonly Reason2<FailedPrecondition> AlreadyCommitted = new("DRAW_ALREADY_COMMITTED", "draw_id", "party");

    /// <summary>The commit deadline has passed: no commitment is taken any more.</summary>
    public static readonly Reason2<FailedPrecondition> CommitmentsClosed = new("DRAW_COMMITMENTS_CLOSED", "draw_id", "commit_deadline");

    /// <summary>The party has not committed: it commits first and reveals after every party has.</summary>
    public static readonly Reason2<FailedPrecondition> NotCommitted = new("DRAW_NOT_COMMITTED", "draw_id", "party");

    /// <summary>Some parties have not committed yet; secrets are revealed after all have (waiting names them).</summary>
    public static readonly Reason2<FailedPrecondition> CommitmentsPending = new("DRAW_COMMITMENTS_PENDING", "draw_id", "waiting");

    public static readonly Reason2<FailedPrecondition> AlreadyRevealed = new("DRAW_ALREADY_REVEALED", "draw_id", "party");

    /// <summary>The engine keeps this party's secret sealed and reveals it at execution; the party reveals nothing.</summary>
    public static readonly Reason2<FailedPrecondition> SecretKeptByEngine = new("DRAW_SECRET_KEPT_BY_ENGINE", "draw_id", "party");

    /// <summary>The secret does not hash to the party's commitment.</summary>
    public static readonly Reason1<InvalidArgument> SecretMismatch = new("SECRET_MISMATCH", "party");

    /// <summary>The draw declared no public randomness (prepared before it was required): cancel it and prepare it again.</summary>
    public static readonly Reason1<FailedPrecondition> NoPublicRandomness = new("DRAW_NO_PUBLIC_RANDOMNESS", "draw_id");

    /// <summary>The public value is entered after the commit deadline, not before.</summary>
    public static readonly Reason2<FailedPrecondition> CommitmentsOpen = new("DRAW_COMMITMENTS_OPEN", "draw_id", "commit_deadline");

    /// <summary>The public value was entered already (another value is refused and recorded).</summary>
    public static readonly Reason2<FailedPrecondition> PublicValueRecorded = new("DRAW_PUBLIC_VALUE_RECORDED", "draw_id", "recorded_at");

    /// <summary>The public value has not been entered: the draw executes after the office enters it, past the commit deadline.</summary>
    public static readonly Reason2<FailedPrecondition> PublicValueMissing = new("DRAW_PUBLIC_VALUE_MISSING", "draw_id", "commit_deadline");

    /// <summary>public_value differs from the value the office entered; the draw takes that one.</summary>
    public static readonly Reason1<InvalidArgument> PublicValueMismatch = new("PUBLIC_VALUE_MISMATCH", "draw_id");

    /// <summary>Parties holding their own secrets have not revealed them (waiting names them).</summary>
    public static readonly Reason2<FailedPrecondition> SecretsPending = new("DRAW_SECRETS_PENDING", "draw_id", "waiting");

    /// <summary>Only the draw's parties may do this (execute it, or see it before it executes).</summary>
    public static readonly Reason1<PermissionDenied> PartiesOnly = new("DRAW_PARTIES_ONLY", "draw_id");

    /// <summary>Only the task's lead department or the supervising office cancels the draw.</summary>
    public static readonly Reason2<PermissionDenied> LeadOrOfficeOnly = new("LEAD_OR_OFFICE_ONLY", "draw_id", "department_id");

    public static readonly Reason1<FailedPrecondition> AlreadyExecuted = new("DRAW_ALREADY_EXECUTED", "draw_id");

    public static readonly Reason2<FailedPrecondition> Cancelled = new("DRAW_CANCELLED", "draw_id", "cancelled_at");

    /// <summary>The commit deadline passed without every commitment: the task's draw is prepared again.</summary>
    public static readonly Reason2<FailedPrecondition> Lapsed = new("DRAW_LAPSED", "draw_id", "commit_deadline");

    /// <summary>The draw has not been executed: nothing is matched to it, and its record and candidates are not public yet.</summary>
    public static readonly Reason1<FailedPrecondition> NotExecuted = new("DRAW_NOT_EXECUTED", "draw_id");

    /// <summary>A return visit's draw: the office visits, no inspectors are matched.</summary>
    public static readonly Reason1<FailedPrecondition> ReturnVisitDraw = new("DRAW_IS_RETURN_VISIT", "draw_id");

    /// <summary>The department is not one of the draw's inspecting departments.</summary>
    public static readonly Reason2<InvalidArgument> DepartmentNotInDraw = new("DEPARTMENT_NOT_IN_DRAW", "draw_id", "department_id");

    public static readonly Reason2<FailedPrecondition> AlreadyMatched = new("INSPECTORS_ALREADY_MATCHED", "draw_id", "department_id");

    public static readonly Reason2<FailedPrecondition> NotMatched = new("INSPECTORS_NOT_MATCHED", "draw_id", "department_id");

    /// <summary>The department has entered its result for the entity: its inspectors can no longer be replaced.</summary>
    public static readonly Reason3<FailedPrecondition> ResultEntered = new("RESULT_ALREADY_ENTERED", "task_id", "department_id", "uscc");

    /// <summary>The inspector is not on the department's team for the entity.</summary>
    public static readonly Reason2<InvalidArgument> NotOnTeam = new("NOT_ON_TEAM", "inspector_id", "uscc");

    /// <summary>The draw has no stratum with that label.</summary>
    public static readonly Reason1<InvalidArgument> StratumNotFound = new("STRATUM_NOT_FOUND", "draw_id");
}
