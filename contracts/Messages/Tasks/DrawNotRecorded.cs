namespace Shuangsuiji.Contracts.Tasks;

/// <summary>
/// The draw engine executed a draw that the tasks service could not record on its task or return visit (an unknown
/// task, a party that is not its lead, a task past the time for a draw): its entities are drawn and its record is public,
/// yet the task does not show them. For the city office, whose alert it raises (published by the tasks service).
/// </summary>
/// <param name="DepartmentId">the party that executed the draw, named first in it (the lead)</param>
/// <param name="Reason">why the task refused it, in Chinese as the consoles show refusals</param>
public sealed record DrawNotRecorded(string DrawId, string TaskId, string DepartmentId, string Reason, DateTimeOffset At);
