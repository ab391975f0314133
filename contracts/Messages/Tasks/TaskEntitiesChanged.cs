namespace Shuangsuiji.Contracts.Tasks;

/// <summary>
/// An inspection task closed (published by the joint-inspection tasks service): its entities, which the draw engine put in
/// the task when it executed the task's draw, are free again for other tasks' draws (docs/domain.md, rules: an entity in an
/// open task is not drawn into another, unless the tasks are merged into one joint visit).
/// </summary>
public sealed record TaskEntitiesChanged(string TaskId, DateTimeOffset At);
