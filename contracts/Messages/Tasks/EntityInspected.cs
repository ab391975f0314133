namespace Shuangsuiji.Contracts.Tasks;

/// <summary>
/// An entity was inspected for an item on a date (published by the joint-inspection tasks service once its
/// result is entered). The draw engine leaves out entities inspected for the same item recently, and an
/// entity's last inspectors when matching. Inspectors appear by id only.
/// </summary>
public sealed record EntityInspected(string Uscc, string ItemId, DateOnly InspectedOn, string TaskId, IReadOnlyList<string> InspectorIds);
