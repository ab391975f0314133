namespace Shuangsuiji.Contracts.Catalog;

/// <summary>
/// A department's own inspection item got a new revision. <paramref name="Content"/> is the content that
/// takes effect on <paramref name="EffectiveOn"/>; it is null for a retirement, which changes no content.
/// </summary>
/// <param name="Change">created, amended, retired</param>
public sealed record InspectionItemChanged(
    string ItemId,
    string DepartmentId,
    string Code,
    long Version,
    string Change,
    ItemContentInfo? Content,
    DateOnly EffectiveOn,
    string? Reason,
    DateTimeOffset At);
