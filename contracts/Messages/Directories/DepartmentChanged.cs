namespace Shuangsuiji.Contracts.Directories;

/// <summary>A department was created or changed; carries its whole state after <paramref name="Version"/>.</summary>
/// <param name="Change">created, renamed, unit-added, unit-removed, retired</param>
/// <param name="Level">province, city, county</param>
public sealed record DepartmentChanged(
    string DepartmentId,
    long Version,
    string Change,
    string Name,
    string Level,
    string RegionCode,
    string? ParentId,
    IReadOnlyList<InternalUnitInfo> Units,
    bool Retired,
    string? SuccessorId,
    string? Reason,
    DateOnly? EffectiveOn,
    DateTimeOffset At);
