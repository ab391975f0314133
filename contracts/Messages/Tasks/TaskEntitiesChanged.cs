namespace Shuangsuiji.Contracts.Tasks;

/// <summary>
/// The entities of an inspection task from its draw until it is closed (published by the joint-inspection tasks
/// service). An entity in an open task is not drawn into another, unless the tasks are merged into one joint
/// visit (docs/domain.md, rules). <c>Open</c>: these entities are now in the task; not open: the task is closed and all of
/// its entities are free again (the list may then be empty).
/// </summary>
public sealed record TaskEntitiesChanged(string TaskId, IReadOnlyList<string> Usccs, bool Open, DateTimeOffset At);
