namespace Shuangsuiji.Contracts.Directories;

/// <summary>
/// A department was created or changed. Carries its whole state as of <paramref name="Version"/>, which may be
/// newer than the change named (the relay sends the latest state it has); keep the newest version seen.
/// </summary>
/// <param name="Change">created, renamed, unit-added, unit-removed, retired, merged (retired into <paramref name="SuccessorId"/> by
/// 机构改革), absorbed (another department was merged into this one): the change that caused this message</param>
/// <param name="Level">province, city, county</param>
/// <param name="Kind">member (成员单位) or office (领导小组办公室: the region's supervising office, a party to its draws)</param>
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
    DateTimeOffset At,
    string Kind = "member");
