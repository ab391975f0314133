namespace Shuangsuiji.Contracts.Catalog;

/// <summary>A joint inspection item (联合抽查事项) of a published list: the departments' items it combines, "department:code".</summary>
public sealed record JointItemInfo(string Code, string Name, IReadOnlyList<string> ItemIds, string? Note);

/// <summary>
/// A version of a region's joint-inspection item list (联合抽查事项清单) published by its office: the whole list, public from
/// <paramref name="At"/>. <paramref name="Reason"/> is the reason of a version after the first.
/// </summary>
public sealed record JointItemListPublished(string Region, long Version, IReadOnlyList<JointItemInfo> Items, string? Reason, DateTimeOffset At);
