namespace Shuangsuiji.Supervision.Activity;

/// <summary>
/// Everything the office's figures and alerts for a year are computed from: the departments, and the year's tasks, results,
/// return visits and published plans as last reported, and the draws executed that year that their tasks refused. A city's
/// year is thousands of tasks and tens of thousands of results, which a query loads in well under a second
/// (<see cref="YearActivities"/>); the figures are then pure functions of it.
/// </summary>
public sealed record YearActivity(
    int Year, IReadOnlyList<KeptDepartment> Departments, IReadOnlyList<KeptTask> Tasks, IReadOnlyList<KeptResult> Results,
    IReadOnlyList<KeptVisit> Visits, IReadOnlyList<KeptPlan> Plans, IReadOnlyList<KeptUnrecordedDraw>? UnrecordedDraws = null)
{
    private readonly Dictionary<string, KeptTask> tasksById = Tasks.ToDictionary(t => t.Id);
    private readonly ILookup<string, KeptResult> resultsByTask = Results.ToLookup(r => r.TaskId);

    public KeptTask? Task(string taskId) => tasksById.GetValueOrDefault(taskId);

    public IEnumerable<KeptResult> ResultsOf(string taskId) => resultsByTask[taskId];

    public KeptDepartment? Department(string departmentId) => Departments.FirstOrDefault(d => d.Id == departmentId);
}
