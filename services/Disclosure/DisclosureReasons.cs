using Shuangsuiji.Kernel;

namespace Shuangsuiji.Disclosure;

/// <summary>The public records' refusals a program can act on (docs/api.md); the field checks and defaults are the kernel's <see cref="Reasons"/>.</summary>
public static class DisclosureReasons
{
    /// <summary>No task of that id has been announced to the public.</summary>
    public static readonly Reason1<NotFound> PublicTaskNotFound = new("PUBLIC_TASK_NOT_FOUND", "task_id");

    /// <summary>No result of the entity in the task has been published.</summary>
    public static readonly Reason2<NotFound> PublicResultNotFound = new("PUBLIC_RESULT_NOT_FOUND", "uscc", "task_id");

    /// <summary>The department's public list of inspection items has no item of that code.</summary>
    public static readonly Reason2<NotFound> PublicItemNotFound = new("PUBLIC_ITEM_NOT_FOUND", "department_id", "code");

    /// <summary>The region's office has published no joint-inspection item list (or no such version of it).</summary>
    public static readonly Reason1<NotFound> JointItemListNotFound = new("JOINT_ITEM_LIST_NOT_FOUND", "region");

    /// <summary>No checkpoint (of that size, or at all) has been published.</summary>
    public static readonly Reason1<NotFound> CheckpointNotFound = new("CHECKPOINT_NOT_FOUND", "tree_size");

    /// <summary>No circular (通报) of that id has been published.</summary>
    public static readonly Reason1<NotFound> CircularNotFound = new("CIRCULAR_NOT_FOUND", "circular_id");
}
