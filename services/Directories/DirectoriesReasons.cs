using Shuangsuiji.Kernel;

namespace Shuangsuiji.Directories;

/// <summary>The directories' refusals a program can act on (docs/api.md); the field checks and defaults are the kernel's <see cref="Reasons"/>.</summary>
public static class DirectoriesReasons
{
    public static readonly Reason1<AlreadyExists> DepartmentExists = new("DEPARTMENT_EXISTS", "department_id");

    /// <summary>A department's parent is one level above it: a county's a city's, a city's a province's.</summary>
    public static readonly Reason1<InvalidArgument> WrongParentLevel = new("WRONG_PARENT_LEVEL", "parent_level");

    /// <summary>The region lies outside the parent department's region, or the division outside the authority's.</summary>
    public static readonly Reason1<InvalidArgument> OutsideRegion = new("OUTSIDE_REGION", "region_code");

    public static readonly Reason2<AlreadyExists> UnitExists = new("UNIT_EXISTS", "department_id", "unit_code");

    public static readonly Reason2<NotFound> UnitNotFound = new("UNIT_NOT_FOUND", "department_id", "unit_code");

    /// <summary>A member department merges into a member department, an office into an office.</summary>
    public static readonly Reason1<InvalidArgument> MergeKindDiffers = new("MERGE_KIND_DIFFERS", "into_id");

    /// <summary>A liaison officer is named by the department's administrator or the office, and read by the department and the offices.</summary>
    public static readonly Reason1<PermissionDenied> LiaisonKeeperOnly = new("LIAISON_KEEPER_ONLY", "department_id");

    public static readonly Reason1<AlreadyExists> HolidayNoticeExists = new("HOLIDAY_NOTICE_EXISTS", "year");

    public static readonly Reason1<NotFound> HolidayNoticeNotFound = new("HOLIDAY_NOTICE_NOT_FOUND", "year");

    /// <summary>A correction that changes nothing of the recorded notice.</summary>
    public static readonly Reason1<FailedPrecondition> CorrectionUnchanged = new("CORRECTION_UNCHANGED", "year");

    /// <summary>Two holidays of a notice overlap.</summary>
    public static readonly Reason1<InvalidArgument> HolidaysOverlap = new("HOLIDAYS_OVERLAP", "holiday");

    public static readonly Reason1<AlreadyExists> EntityExists = new("ENTITY_EXISTS", "uscc");

    public static readonly Reason1<NotFound> EntityNotFound = new("ENTITY_NOT_FOUND", "uscc");

    /// <summary>The entity or inspector already has the status asked for.</summary>
    public static readonly Reason1<FailedPrecondition> StatusUnchanged = new("STATUS_UNCHANGED", "status");

    /// <summary>
    /// An entity is kept by its registering authority and the departments above it; a change (or an import row) by
    /// another department is refused.
    /// </summary>
    public static readonly Reason1<PermissionDenied> KeeperOnly = new("KEEPER_ONLY", "department_id");

    /// <summary>Not a unified social credit code: 18 characters of its alphabet with the GB 32100-2015 check character.</summary>
    public static readonly Reason<InvalidArgument> UsccInvalid = new("USCC_INVALID");

    /// <summary>Not a resident identity number (18 characters, GB 11643 check character).</summary>
    public static readonly Reason<InvalidArgument> IdNumberInvalid = new("ID_NUMBER_INVALID");

    /// <summary>A credit risk class not in the configured classes.</summary>
    public static readonly Reason1<InvalidArgument> RiskClassUnknown = new("RISK_CLASS_UNKNOWN", "allowed");

    public static readonly Reason2<NotFound> InspectorNotFound = new("INSPECTOR_NOT_FOUND", "department_id", "inspector_id");

    public static readonly Reason2<NotFound> ConflictNotFound = new("CONFLICT_NOT_FOUND", "inspector_id", "uscc");

    public static readonly Reason1<AlreadyExists> TagCategoryExists = new("TAG_CATEGORY_EXISTS", "category");

    public static readonly Reason1<NotFound> TagCategoryNotFound = new("TAG_CATEGORY_NOT_FOUND", "category");

    public static readonly Reason1<AlreadyExists> TagExists = new("TAG_EXISTS", "tag");

    public static readonly Reason1<NotFound> TagNotFound = new("TAG_NOT_FOUND", "tag");

    public static readonly Reason1<FailedPrecondition> TagAlreadyRetired = new("TAG_ALREADY_RETIRED", "tag");

    /// <summary>The tag library is kept by provincial departments' staff.</summary>
    public static readonly Reason<PermissionDenied> ProvinceOnly = new("PROVINCE_ONLY");

    /// <summary>A tag given is not in the tag library (category/code).</summary>
    public static readonly Reason1<InvalidArgument> TagUnknown = new("TAG_UNKNOWN", "tag");

    /// <summary>A tag given is for the other subject (an entity's tag given to an inspector, or the reverse).</summary>
    public static readonly Reason2<InvalidArgument> TagWrongSubject = new("TAG_WRONG_SUBJECT", "tag", "subject");

    /// <summary>A tag given has been retired: it stays where it was given, but is given no more.</summary>
    public static readonly Reason1<InvalidArgument> TagRetired = new("TAG_RETIRED", "tag");

    public static readonly Reason1<NotFound> ImportJobNotFound = new("IMPORT_JOB_NOT_FOUND", "job_id");

    /// <summary>An uploaded file over the service's limit in bytes (Directories:Imports:MaxFileBytes).</summary>
    public static readonly Reason1<InvalidArgument> FileTooLarge = new("FILE_TOO_LARGE", "max_bytes");

    /// <summary>An uploaded file with more rows than the limit (Directories:Imports:MaxRows).</summary>
    public static readonly Reason1<InvalidArgument> TooManyRows = new("TOO_MANY_ROWS", "max_rows");

    /// <summary>A workbook that unpacks to more than the limit (Directories:Imports:MaxXlsxUnpackedBytes): a zip bomb, or a file to split.</summary>
    public static readonly Reason1<InvalidArgument> WorkbookTooLarge = new("WORKBOOK_TOO_LARGE", "max_bytes");
}
