using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Disclosure.ItemLists;

/// <summary>What the public may know of a department: its internal units stay out of disclosure's log.</summary>
public sealed record DepartmentFact(string DepartmentId, long Version, string Name, string Level, string RegionCode, string? ParentId, bool Retired,
    string? SuccessorId, DateTimeOffset At)
{
    public static DepartmentFact Of(DepartmentChanged m) => new(m.DepartmentId, m.Version, m.Name, m.Level, m.RegionCode, m.ParentId, m.Retired, m.SuccessorId, m.At);
}

/// <summary>
/// A department as the public sees it: name, level, region, and whether reform retired it. The snapshot of the
/// department's stream in disclosure's log (stream = the department's id), which keeps the newest state received.
/// </summary>
public sealed record PublicDepartment(
    string Id, string Name, string Level, string RegionCode, string? ParentId, bool Retired, string? SuccessorId, long SourceVersion) : IAggregate<PublicDepartment>
{
    public long Version { get; set; }

    public static PublicDepartment When(PublicDepartment? state, object @event) => (state, @event) switch
    {
        ({ } s, DepartmentFact e) when s.SourceVersion >= e.Version => s,
        (_, DepartmentFact e) => new PublicDepartment(e.DepartmentId, e.Name, e.Level, e.RegionCode, e.ParentId, e.Retired, e.SuccessorId, e.Version),
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to department {state?.Id ?? "(new)"}"),
    };
}
