using Marten;

namespace Shuangsuiji.Supervision.Activity;

/// <summary>
/// Everything the office's figures and alerts for a year are computed from: the departments, and the year's tasks, results,
/// return visits and published plans as last reported, and the draws executed that year that their tasks refused. A city's year is thousands of tasks and tens of thousands of
/// results, which a query loads in well under a second; the figures are then pure functions of it.
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

    public static async Task<YearActivity> LoadAsync(IQuerySession query, int year, CancellationToken ct) =>
        await LoadAsync(query, year, await query.Query<KeptDepartment>().ToListAsync(ct), ct);

    /// <summary>The year's activity with the <paramref name="departments"/> read before it (to check who may read the figures).</summary>
    public static async Task<YearActivity> LoadAsync(IQuerySession query, int year, IReadOnlyList<KeptDepartment> departments, CancellationToken ct)
    {
        // A result checked this year may belong to a task that began the year before, and one checked in December be
        // published in January.
        var results = await query.Query<KeptResult>().Where(r => r.Year == year || r.PublishedYear == year).ToListAsync(ct);
        var tasks = (await query.Query<KeptTask>().Where(t => t.Year == year).ToListAsync(ct)).ToDictionary(t => t.Id);
        var missing = results.Select(r => r.TaskId).Where(id => !tasks.ContainsKey(id)).Distinct().ToArray();
        if (missing.Length > 0)
            foreach (var task in await query.LoadManyAsync<KeptTask>(ct, missing)) tasks[task.Id] = task;
        var visits = await query.Query<KeptVisit>().Where(v => v.Year == year).ToListAsync(ct);
        var plans = await query.Query<KeptPlan>().Where(p => p.Year == year).ToListAsync(ct);
        var unrecorded = await query.Query<KeptUnrecordedDraw>().Where(d => d.Year == year).ToListAsync(ct);
        return new YearActivity(year, [.. departments], [.. tasks.Values], [.. results], [.. visits], [.. plans], [.. unrecorded]);
    }
}
