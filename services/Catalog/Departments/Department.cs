namespace Shuangsuiji.Catalog.Departments;

/// <summary>The catalog's copy of a department, kept from the directories' DepartmentChanged messages.</summary>
public sealed record Department(
    string Id, string Name, string Level, string RegionCode, string? ParentId, IReadOnlyList<string> UnitCodes, bool Retired, long SourceVersion);
