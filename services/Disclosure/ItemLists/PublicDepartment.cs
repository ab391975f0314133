namespace Shuangsuiji.Disclosure.ItemLists;

/// <summary>A department as the public sees it: name, level, region, and whether reform retired it.</summary>
public sealed record PublicDepartment(
    string Id, string Name, string Level, string RegionCode, string? ParentId, bool Retired, string? SuccessorId, long SourceVersion);
