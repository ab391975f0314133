namespace Shuangsuiji.Kernel;

/// <summary>
/// The reasons every service shares: field checks, and the defaults of each kind of error where a refusal has no reason of
/// its own. A service's own reasons are in its Reasons class.
/// </summary>
public static class Reasons
{
    /// <summary>A required field is missing or empty (a list that needs an entry has none).</summary>
    public static readonly Reason<InvalidArgument> FieldRequired = new("FIELD_REQUIRED");

    /// <summary>A field's value is not of its form or not allowed here.</summary>
    public static readonly Reason<InvalidArgument> FieldInvalid = new("FIELD_INVALID");

    public static readonly Reason1<InvalidArgument> FieldTooLong = new("FIELD_TOO_LONG", "max_length");

    /// <summary>A list gives the same value twice.</summary>
    public static readonly Reason<InvalidArgument> FieldDuplicate = new("FIELD_DUPLICATE");

    /// <summary>A number outside the range the field allows.</summary>
    public static readonly Reason<InvalidArgument> FieldOutOfRange = new("FIELD_OUT_OF_RANGE");

    /// <summary>The date of something done lies after today (in China).</summary>
    public static readonly Reason1<InvalidArgument> DateInFuture = new("DATE_IN_FUTURE", "today");

    /// <summary>A date lies before the earliest the record allows (the end of the check, an earlier step).</summary>
    public static readonly Reason1<InvalidArgument> DateTooEarly = new("DATE_TOO_EARLY", "earliest");

    /// <summary>The client's x-request-id already named another command, or a command of another caller.</summary>
    public static readonly Reason1<InvalidArgument> RequestIdReused = new("REQUEST_ID_REUSED", "request_id");

    /// <summary>The field names a record that does not exist (an item, a task, a department the service owns).</summary>
    public static readonly Reason<InvalidArgument> UnknownReference = new("UNKNOWN_REFERENCE");

    /// <summary>
    /// "Not yet": the field names a department this service has not heard of from the directories. One created a moment
    /// ago arrives over the bus within the retry delay; one that does not exist never does.
    /// </summary>
    public static readonly Reason1<InvalidArgument> DepartmentNotKnown = new("DEPARTMENT_NOT_KNOWN", "department_id")
    {
        RetryAfter = TimeSpan.FromSeconds(1),
    };

    /// <summary>The field names a department retired (or merged into another) after institutional reform.</summary>
    public static readonly Reason1<InvalidArgument> DepartmentRetired = new("DEPARTMENT_RETIRED", "department_id");

    /// <summary>The department acting, or acted on, has been retired: its records take no more changes.</summary>
    public static readonly Reason1<FailedPrecondition> DepartmentClosed = new("DEPARTMENT_CLOSED", "department_id");

    public static readonly Reason<NotFound> NotFound = new("NOT_FOUND");

    public static readonly Reason1<NotFound> DepartmentNotFound = new("DEPARTMENT_NOT_FOUND", "department_id");

    public static readonly Reason<AlreadyExists> AlreadyExists = new("ALREADY_EXISTS");

    public static readonly Reason<PermissionDenied> PermissionDenied = new("PERMISSION_DENIED");

    /// <summary>The caller's role may not do this (a reviewer changing a directory, a supervisor importing).</summary>
    public static readonly Reason1<PermissionDenied> RoleNotAllowed = new("ROLE_NOT_ALLOWED", "role");

    /// <summary>Only the named department (its staff, or a system acting for it) may do this.</summary>
    public static readonly Reason1<PermissionDenied> DepartmentOnly = new("DEPARTMENT_ONLY", "department_id");

    /// <summary>Only a reviewer of the named department may do this.</summary>
    public static readonly Reason1<PermissionDenied> ReviewerOnly = new("REVIEWER_ONLY", "department_id");

    /// <summary>Only the supervising office (领导小组办公室) may do this; department_id names it where it is known.</summary>
    public static readonly Reason1<PermissionDenied> OfficeOnly = new("OFFICE_ONLY", "department_id");

    /// <summary>The record is shown only to the departments it concerns and the supervising office (a draft, a task, a draw before it executes).</summary>
    public static readonly Reason1<PermissionDenied> RecordNotVisible = new("RECORD_NOT_VISIBLE", "record_id");

    /// <summary>The record's state does not allow the command.</summary>
    public static readonly Reason<FailedPrecondition> RuleViolated = new("RULE_VIOLATED");

    /// <summary>The record changed since the client read it (its expected_version is not the stream's).</summary>
    public static readonly Reason1<FailedPrecondition> StaleVersion = new("STALE_VERSION", "stream_id");

    /// <summary>A record with this id was created already (two creations raced, or a create was sent twice without a request id).</summary>
    public static readonly Reason1<AlreadyExists> RecordExists = new("RECORD_EXISTS", "stream_id");
}
