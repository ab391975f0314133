using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Supervision.Activity;

/// <summary>The newest state of a record another service reported, kept as a document (state-carrying messages: the newest version wins).</summary>
public interface IKept
{
    string Id { get; }

    long Version { get; }
}

/// <summary>A member department: its level and region decide which report form it fills and which region's figures it counts in.</summary>
public sealed record KeptDepartment(string Id, string Name, string Level, string RegionCode, bool Retired, long Version) : IKept
{
    public static KeptDepartment From(DepartmentChanged m) => new(m.DepartmentId, m.Name, m.Level, m.RegionCode, m.Retired, m.Version);
}

/// <summary>A task as the tasks service last reported it; Year is that of its check period's start.</summary>
public sealed record KeptTask(string Id, int Year, TaskProgressed State) : IKept
{
    public long Version => State.Version;

    public static KeptTask From(TaskProgressed m) => new(m.TaskId, m.CheckFrom.Year, m);
}

/// <summary>
/// A department's result for an entity. Year is that of the end of its check (an inspection counts then), PublishedYear
/// that of its approval, which may be the next.
/// </summary>
public sealed record KeptResult(string Id, string TaskId, int Year, int? PublishedYear, ResultProgressed State) : IKept
{
    public long Version => State.Version;

    /// <summary>
    /// Whether the approved result was published by its deadline; null while unapproved or while that cannot be told yet
    /// (a provisional due date: the tasks service reports the result again when the year's holiday notice moves it).
    /// A method, not a property: the record is stored as a document and this is not part of it.
    /// </summary>
    public bool? PublishedOnTime() => State switch
    {
        { ApprovedOn: { } approved, CheckedOn: { } checkedOn } =>
            WorkingDayCalendar.PublishedInTime(checkedOn, approved, State.DueOn is { } due ? new Deadline(due, State.DueOnProvisional) : null),
        _ => null,
    };

    public static KeptResult From(ResultProgressed m) =>
        new(m.ResultId, m.TaskId, (m.CheckedOn ?? DateOnly.FromDateTime(m.At.UtcDateTime)).Year, m.ApprovedOn?.Year, m);
}

public sealed record KeptVisit(string Id, int Year, ReturnVisitProgressed State) : IKept
{
    public long Version => State.Version;

    public static KeptVisit From(ReturnVisitProgressed m) => new(m.VisitId, m.PlannedOn.Year, m);
}

/// <summary>A department's annual plan as last published (the planned tasks it must carry out).</summary>
public sealed record KeptPlan(string Id, string DepartmentId, int Year, PlanVersionPublished State) : IKept
{
    public long Version => State.Version;

    public static KeptPlan From(PlanVersionPublished m) => new(m.PlanId, m.DepartmentId, m.Year, m);
}

/// <summary>An executed draw its task refused (the tasks service's report): the office is alerted, for good.</summary>
public sealed record KeptUnrecordedDraw(string Id, int Year, DrawNotRecorded State) : IKept
{
    public long Version => 1; // the report never changes

    public static KeptUnrecordedDraw From(DrawNotRecorded m) => new(m.DrawId, ChinaDate.Of(m.At).Year, m);
}
