namespace Shuangsuiji.Contracts.Catalog;

/// <summary>A check form (检查表单) was defined or revised; carries the whole template of that version.</summary>
/// <param name="Kind">basic, custom</param>
public sealed record FormTemplateChanged(
    string FormId,
    string DepartmentId,
    string ItemId,
    string FormCode,
    string Kind,
    string Name,
    IReadOnlyList<FormFieldInfo> Fields,
    long Version,
    string? Reason,
    DateTimeOffset At);
