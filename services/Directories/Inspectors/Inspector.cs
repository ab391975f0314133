using Shuangsuiji.Kernel;

namespace Shuangsuiji.Directories.Inspectors;

public enum InspectorStatus { Active, OnLeave, Transferred, Retired }

/// <summary>The law-enforcement certificate (执法证) an inspector must hold, valid on the day of a check.</summary>
public sealed record Certificate(string Number, DateOnly ValidFrom, DateOnly ValidTo)
{
    public bool ValidOn(DateOnly day) => ValidFrom <= day && day <= ValidTo;
}

/// <summary>Personal data: stored here, shown only to the inspector's own department, never published or sent on the bus.</summary>
public sealed record PersonalData(string? IdNumber, string? Phone);

/// <summary>What an inspector's department records of them, apart from status, specialties, conflicts and personal data.</summary>
public sealed record InspectorProfile(string Name, string? Unit, Certificate Certificate, string Region);

public sealed record InspectorRegistered(string InspectorId, string DepartmentId, InspectorProfile Profile, IReadOnlyList<string> Specialties,
    PersonalData Personal, Caller By, DateTimeOffset At);

public sealed record InspectorAmended(string InspectorId, InspectorProfile Profile, Caller By, DateTimeOffset At);

public sealed record InspectorPersonalDataChanged(string InspectorId, PersonalData Personal, Caller By, DateTimeOffset At);

public sealed record InspectorSpecialtiesChanged(string InspectorId, IReadOnlyList<string> Specialties, Caller By, DateTimeOffset At);

public sealed record InspectorStatusChanged(string InspectorId, InspectorStatus Status, string Reason, DateOnly EffectiveOn, Caller By, DateTimeOffset At);

/// <summary>回避: the inspector declared a conflict of interest with an entity (their own, or a relative's); draws must recuse them.</summary>
public sealed record ConflictDeclared(string InspectorId, string Uscc, string Reason, Caller By, DateTimeOffset At);

public sealed record ConflictWithdrawn(string InspectorId, string Uscc, string Reason, Caller By, DateTimeOffset At);

/// <summary>An enforcement inspector of the inspector directory (执法检查人员名录库), stream and id "inspector:department:id".</summary>
public sealed record Inspector(
    string Id, string InspectorId, string DepartmentId, InspectorProfile Profile, InspectorStatus Status, IReadOnlyList<string> Specialties,
    IReadOnlyList<string> Conflicts, PersonalData Personal, DateTimeOffset UpdatedAt)
    : IAggregate<Inspector>
{
    public long Version { get; set; }

    /// <summary>Inspector ids are the department's own (e.g. its staff numbers), so the stream is named by both.</summary>
    public static string StreamId(string departmentId, string inspectorId) => $"inspector:{departmentId}:{inspectorId}";

    /// <summary>The department keeping the inspector of stream <paramref name="streamId"/> (codes never hold ':').</summary>
    public static string? DepartmentOf(string streamId) => streamId.Split(':') is ["inspector", var department, _] ? department : null;

    public static Inspector When(Inspector? state, object @event) => (state, @event) switch
    {
        (null, InspectorRegistered e) => new Inspector(StreamId(e.DepartmentId, e.InspectorId), e.InspectorId, e.DepartmentId, e.Profile,
            InspectorStatus.Active, e.Specialties, [], e.Personal, e.At),
        ({ } s, InspectorAmended e) => s with { Profile = e.Profile, UpdatedAt = e.At },
        ({ } s, InspectorPersonalDataChanged e) => s with { Personal = e.Personal, UpdatedAt = e.At },
        ({ } s, InspectorSpecialtiesChanged e) => s with { Specialties = e.Specialties, UpdatedAt = e.At },
        ({ } s, InspectorStatusChanged e) => s with { Status = e.Status, UpdatedAt = e.At },
        ({ } s, ConflictDeclared e) => s with { Conflicts = [.. s.Conflicts.Append(e.Uscc).Order()], UpdatedAt = e.At },
        ({ } s, ConflictWithdrawn e) => s with { Conflicts = [.. s.Conflicts.Where(u => u != e.Uscc)], UpdatedAt = e.At },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to inspector {state?.Id ?? "(new)"}"),
    };
}
