namespace Shuangsuiji.Contracts.Tasks;

/// <summary>
/// A department submitted its result for a drawn entity of a task (published by the tasks service). From then on
/// the draw engine no longer replaces that department's inspectors for the entity (docs/domain.md, rules).
/// </summary>
public sealed record ResultEntered(string TaskId, string DepartmentId, string Uscc, DateTimeOffset At);
