namespace Shuangsuiji.Kernel;

/// <summary>
/// A department as the services that scope by the department tree keep it (from the directories' DepartmentChanged, which
/// ServiceDefaults' DepartmentChangedConsumer stores): its parent (the same system one level up), its region and level,
/// and whether it is an office of the leading group (领导小组办公室: the only place for the supervisor role, which
/// supervises its region). Deciders take it as what they know of a department.
/// </summary>
public sealed record KnownDepartment(string Id, string Name, string Level, string RegionCode, string? ParentId, bool Office, bool Retired, long Version,
    string? SuccessorId = null);
