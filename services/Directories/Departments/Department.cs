using Shuangsuiji.Kernel;

namespace Shuangsuiji.Directories.Departments;

public enum DepartmentLevel { Province, City, County }

/// <summary>A member department (成员单位) inspects; a region's office of the leading group (领导小组办公室) supervises.</summary>
public enum DepartmentKind { Member, Office }

/// <summary>内设机构: an internal unit of a department, e.g. a division that carries out inspections.</summary>
public sealed record InternalUnit(string Code, string Name);

public sealed record DepartmentCreated(
    string DepartmentId, string Name, DepartmentLevel Level, string RegionCode, string? ParentId,
    IReadOnlyList<InternalUnit> Units, Caller By, DateTimeOffset At, DepartmentKind Kind = DepartmentKind.Member);

public sealed record DepartmentRenamed(string DepartmentId, string Name, string Reason, DateOnly EffectiveOn, Caller By, DateTimeOffset At);

public sealed record InternalUnitAdded(string DepartmentId, InternalUnit Unit, Caller By, DateTimeOffset At);

public sealed record InternalUnitRemoved(string DepartmentId, string UnitCode, string Reason, Caller By, DateTimeOffset At);

/// <summary>Institutional reform: the department ends, its duties pass to the successor when there is one.</summary>
public sealed record DepartmentRetired(string DepartmentId, string? SuccessorId, string Reason, DateOnly EffectiveOn, Caller By, DateTimeOffset At);

/// <summary>
/// 机构改革: the department is merged into another, which takes over its duties; it ends here and can no longer be chosen for
/// new work. What the directories keep under it (its inspectors, the entities it registered, its tag categories) stays
/// under its code as history: enforcement certificates are issued anew by the successor, which registers its people again.
/// </summary>
public sealed record DepartmentMerged(string DepartmentId, string IntoId, string Reason, DateOnly EffectiveOn, Caller By, DateTimeOffset At);

/// <summary>The other side of <see cref="DepartmentMerged"/>, on the successor's stream.</summary>
public sealed record DepartmentAbsorbed(string DepartmentId, string AbsorbedId, string Reason, DateOnly EffectiveOn, Caller By, DateTimeOffset At);

/// <summary>联络员: the member unit's contact for the office; personal data (the phones and the email), see DirectoriesAuditMask.</summary>
public sealed record LiaisonOfficer(string Name, string Position, string OfficePhone, string Mobile, string Email);

public sealed record LiaisonOfficerNamed(string DepartmentId, LiaisonOfficer Officer, Caller By, DateTimeOffset At);

/// <summary>A leading-group member department (领导小组成员单位) at province, city or county level.</summary>
public sealed record Department(
    string Id, string Name, DepartmentLevel Level, string RegionCode, string? ParentId,
    IReadOnlyList<InternalUnit> Units, bool Retired, string? SuccessorId, DateTimeOffset UpdatedAt)
    : IAggregate<Department>
{
    public long Version { get; set; }

    public DepartmentKind Kind { get; init; }

    public bool Merged { get; init; }

    public IReadOnlyList<string> AbsorbedIds { get; init; } = [];

    public LiaisonOfficer? Liaison { get; init; }

    public static Department When(Department? state, object @event) => (state, @event) switch
    {
        (null, DepartmentCreated e) => new Department(e.DepartmentId, e.Name, e.Level, e.RegionCode, e.ParentId, e.Units, false, null, e.At) { Kind = e.Kind },
        ({ } s, DepartmentRenamed e) => s with { Name = e.Name, UpdatedAt = e.At },
        ({ } s, InternalUnitAdded e) => s with { Units = [.. s.Units, e.Unit], UpdatedAt = e.At },
        ({ } s, InternalUnitRemoved e) => s with { Units = [.. s.Units.Where(u => u.Code != e.UnitCode)], UpdatedAt = e.At },
        ({ } s, DepartmentRetired e) => s with { Retired = true, SuccessorId = e.SuccessorId, UpdatedAt = e.At },
        ({ } s, DepartmentMerged e) => s with { Retired = true, Merged = true, SuccessorId = e.IntoId, UpdatedAt = e.At },
        ({ } s, DepartmentAbsorbed e) => s with { AbsorbedIds = [.. s.AbsorbedIds, e.AbsorbedId], UpdatedAt = e.At },
        ({ } s, LiaisonOfficerNamed e) => s with { Liaison = e.Officer, UpdatedAt = e.At },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to department {state?.Id ?? "(new)"}"),
    };
}
