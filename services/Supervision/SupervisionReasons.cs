using Shuangsuiji.Kernel;

namespace Shuangsuiji.Supervision;

/// <summary>Supervision's refusals a program can act on (docs/api.md); the field checks and defaults are the kernel's <see cref="Reasons"/>.</summary>
public static class SupervisionReasons
{
    /// <summary>A region (region:130302) none of whose departments supervision knows.</summary>
    public static readonly Reason1<NotFound> RegionNotFound = new("REGION_NOT_FOUND", "region_code");

    /// <summary>The caller's department does not report for the scope (a department, or a region it is not in).</summary>
    public static readonly Reason1<PermissionDenied> NotReporting = new("NOT_REPORTING_FOR_SCOPE", "subject");

    /// <summary>A report is confirmed once its period has ended (opens_on: the first day it can be).</summary>
    public static readonly Reason2<FailedPrecondition> ReportNotOpen = new("REPORT_NOT_OPEN", "period", "opens_on");

    /// <summary>A written summary is for a quarter ("2026-Q4", the year's), not a month.</summary>
    public static readonly Reason1<InvalidArgument> NotASummaryPeriod = new("NOT_A_SUMMARY_PERIOD", "period");

    /// <summary>The summary's text is empty; the year's summary (the fourth quarter's) is never submitted without it.</summary>
    public static readonly Reason1<InvalidArgument> SummaryTextRequired = new("SUMMARY_TEXT_REQUIRED", "period");

    public static readonly Reason2<InvalidArgument> SummaryTooLong = new("SUMMARY_TOO_LONG", "max_length", "length");

    /// <summary>The office accepted the written summary (accepted_on): neither its text nor its figures change any more.</summary>
    public static readonly Reason2<FailedPrecondition> SummaryAccepted = new("SUMMARY_ACCEPTED", "period", "accepted_on");

    /// <summary>The office accepts a written summary once one was submitted.</summary>
    public static readonly Reason2<FailedPrecondition> SummaryNotWritten = new("SUMMARY_NOT_WRITTEN", "subject", "period");

    public static readonly Reason2<NotFound> TrainingSessionNotFound = new("TRAINING_SESSION_NOT_FOUND", "session_id", "year");

    /// <summary>The service runs without the notary's signing key (Checkpoints:SigningKeyFile), so it signs no checkpoint.</summary>
    public static readonly Reason<FailedPrecondition> NotaryKeyMissing = new("NOTARY_KEY_MISSING");

    /// <summary>No store has written a chain row yet: there is no tree to sign.</summary>
    public static readonly Reason<FailedPrecondition> NothingToSign = new("NOTHING_TO_SIGN");

    /// <summary>No checkpoint (of that size, or at all) has been signed.</summary>
    public static readonly Reason1<NotFound> CheckpointNotFound = new("CHECKPOINT_NOT_FOUND", "tree_size");

    /// <summary>The event is in no signed tree (of that size) yet: the next checkpoint will hold it.</summary>
    public static readonly Reason3<NotFound> NotInSignedTree = new("NOT_IN_SIGNED_TREE", "service", "stream_id", "version");

    public static readonly Reason1<AlreadyExists> SpecialInspectionExists = new("SPECIAL_INSPECTION_EXISTS", "inspection_id");

    public static readonly Reason1<NotFound> SpecialInspectionNotFound = new("SPECIAL_INSPECTION_NOT_FOUND", "inspection_id");

    /// <summary>Findings are recorded while the special inspection is open.</summary>
    public static readonly Reason1<FailedPrecondition> SpecialInspectionClosed = new("SPECIAL_INSPECTION_CLOSED", "inspection_id");

    /// <summary>A circular is published once its special inspection is closed, so the findings it names no longer change.</summary>
    public static readonly Reason1<FailedPrecondition> SpecialInspectionOpen = new("SPECIAL_INSPECTION_OPEN", "inspection_id");

    public static readonly Reason1<NotFound> CircularNotFound = new("CIRCULAR_NOT_FOUND", "circular_id");

    /// <summary>A published circular (通报) never changes: a correction is a new circular that names it.</summary>
    public static readonly Reason1<FailedPrecondition> CircularAlreadyPublished = new("CIRCULAR_PUBLISHED", "circular_id");
}
