namespace Shuangsuiji.Contracts.Draws;

/// <summary>
/// A draw was executed (published by the draw engine): the entities drawn for a task, in draw order. The
/// tasks service records them on the task from this message, never from what a client says it drew.
/// </summary>
/// <param name="Departments">the draw's inspecting departments, the lead first</param>
/// <param name="RedrawOf">the earlier draw of the task this one replaces, if any</param>
/// <param name="SampledTasks">a return visit's draw (回访; the task id is the visit's): the closed tasks it sampled</param>
/// <param name="Names">the drawn entities' registered names (public register data) as the draw engine knows them when it
/// publishes the draw: the names the public records of their results show</param>
/// <param name="Strata">the draw's strata as executed, in record order: which credit risk classes each held and how many it
/// gave (null from a draw engine older than this field)</param>
public sealed record TaskEntitiesDrawn(string DrawId, string TaskId, IReadOnlyList<string> Departments, IReadOnlyList<string> Usccs,
    string? RedrawOf, DateTimeOffset At, IReadOnlyList<string>? SampledTasks = null, IReadOnlyList<DrawnEntityName>? Names = null,
    IReadOnlyList<DrawnStratum>? Strata = null);

/// <summary>A stratum of an executed draw.</summary>
/// <param name="RiskClasses">the credit risk classes (A–D) whose entities it held; empty: the entities without a class
/// (a draw none of whose strata names a class is not drawn by credit risk class)</param>
public sealed record DrawnStratum(string Label, IReadOnlyList<string> RiskClasses, int CandidateCount, int Drawn);

/// <param name="Version">the entity's version in the directories, so that a name from an older draw never replaces a newer one</param>
public sealed record DrawnEntityName(string Uscc, string Name, long Version);
