namespace Shuangsuiji.Contracts.Draws;

/// <summary>
/// A department's inspectors assigned to drawn entities of a task (匹配), published by the draw engine: the teams
/// of its matching, in parts of at most <see cref="PartSize"/> entities (a province-wide draw has hundreds of
/// thousands), and after a replacement the entity's team as it is then. An entity for which no team could be formed
/// has no inspectors. The tasks service takes a result's inspectors only from the entity's team. Inspectors appear by
/// id only.
/// </summary>
/// <param name="Version">the version of the department's match the teams are as of: a later one replaces an earlier</param>
public sealed record InspectorsAssigned(string DrawId, string TaskId, string DepartmentId, IReadOnlyList<AssignedTeam> Teams, long Version,
    DateTimeOffset At)
{
    public const int PartSize = 10_000;
}

public sealed record AssignedTeam(string Uscc, IReadOnlyList<string> InspectorIds);
