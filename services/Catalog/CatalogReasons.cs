using Shuangsuiji.Kernel;

namespace Shuangsuiji.Catalog;

/// <summary>The catalog's refusals a program can act on (docs/api.md); the field checks and defaults are the kernel's <see cref="Reasons"/>.</summary>
public static class CatalogReasons
{
    public static readonly Reason1<NotFound> ItemNotFound = new("ITEM_NOT_FOUND", "item_id");

    /// <summary>The department's list has (or had, as a claim) an item with this code.</summary>
    public static readonly Reason1<AlreadyExists> ItemExists = new("ITEM_EXISTS", "item_id");

    /// <summary>The item is retired, or its claim withdrawn: it is neither claimed nor given forms.</summary>
    public static readonly Reason1<FailedPrecondition> ItemClosed = new("ITEM_CLOSED", "item_id");

    /// <summary>A claimed item is its upper-level department's: only that department amends, retires or keeps its basic form.</summary>
    public static readonly Reason2<FailedPrecondition> ItemClaimed = new("ITEM_IS_CLAIMED", "item_id", "source_item_id");

    /// <summary>The department's own item is retired, not withdrawn.</summary>
    public static readonly Reason1<FailedPrecondition> NotAClaim = new("NOT_A_CLAIM", "item_id");

    public static readonly Reason1<FailedPrecondition> ClaimWithdrawn = new("CLAIM_WITHDRAWN", "item_id");

    /// <summary>A province-level department has no upper level to claim from.</summary>
    public static readonly Reason1<FailedPrecondition> NoUpperLevel = new("NO_UPPER_LEVEL", "department_id");

    /// <summary>The item claimed is not on the list of the claimer's upper-level department.</summary>
    public static readonly Reason1<InvalidArgument> NotUpperLevelItem = new("NOT_UPPER_LEVEL_ITEM", "parent_id");

    /// <summary>A revision takes effect no earlier than the item's latest one.</summary>
    public static readonly Reason1<InvalidArgument> BeforeLatestRevision = new("BEFORE_LATEST_REVISION", "latest_effective_on");

    /// <summary>
    /// "Not yet": the department has no such internal unit as far as the catalog knows. A unit added a moment ago arrives
    /// from the directories within the retry delay.
    /// </summary>
    public static readonly Reason2<InvalidArgument> UnitNotKnown = new("INTERNAL_UNIT_NOT_KNOWN", "department_id", "internal_unit")
    {
        RetryAfter = TimeSpan.FromSeconds(1),
    };

    public static readonly Reason2<NotFound> FormNotFound = new("FORM_NOT_FOUND", "item_id", "form_code");

    public static readonly Reason2<AlreadyExists> FormExists = new("FORM_EXISTS", "item_id", "form_code");

    /// <summary>A claimed item's basic form is kept by the department it was claimed from; the claimer adds custom forms.</summary>
    public static readonly Reason2<FailedPrecondition> BasicFormUpstream = new("BASIC_FORM_KEPT_UPSTREAM", "item_id", "department_id");

    /// <summary>A joint inspection item (联合抽查事项) combines items of at least two departments.</summary>
    public static readonly Reason1<InvalidArgument> OneDepartment = new("JOINT_ITEM_NEEDS_TWO_DEPARTMENTS", "code");
}
