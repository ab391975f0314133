using System.Diagnostics.Metrics;
using Marten;
using Shuangsuiji.ServiceDefaults;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Calendar;
using Shuangsuiji.ServiceDefaults.Telemetry;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Tasks.Results;

/// <summary>
/// Raises overdue events for open tasks every Tasks:DeadlineScanSeconds (default 60). Several hosts may scan at
/// once: each append expects the version it decided on, so a deadline raised by another host fails here and is
/// seen as raised on the next scan.
/// </summary>
public sealed class DeadlineWatch : PeriodicScan
{
    private readonly IDocumentStore store;
    private readonly LiveCalendar calendar;
    private (int Running, int Overdue)? counted;

    /// <summary>
    /// Also the gauges shuangsuiji.tasks.running and shuangsuiji.tasks.overdue (tasks past a results deadline), as the last
    /// scan of the host that scans found them.
    /// </summary>
    public DeadlineWatch(IDocumentStore store, LiveCalendar calendar, TimeProvider clock, IConfiguration config, PlatformMetrics metrics, ILogger<DeadlineWatch> log)
        : base(clock, TimeSpan.FromSeconds(config.GetValue("Tasks:DeadlineScanSeconds", 60.0)), log)
    {
        this.store = store;
        this.calendar = calendar;
        metrics.Meter.CreateObservableGauge("shuangsuiji.tasks.running", () => counted is { } c ? [new Measurement<int>(c.Running)] : Array.Empty<Measurement<int>>(),
            "{task}", "Tasks in their checks or results, not closed.");
        metrics.Meter.CreateObservableGauge("shuangsuiji.tasks.overdue", () => counted is { } c ? [new Measurement<int>(c.Overdue)] : Array.Empty<Measurement<int>>(),
            "{task}", "Running tasks with results past their publication deadline.");
    }

    // Statuses are stored as names, so the running ones are listed rather than compared.
    private static readonly InspectionTaskStatus[] Running =
        [.. Enum.GetValues<InspectionTaskStatus>().Where(s => s is >= InspectionTaskStatus.Checking and < InspectionTaskStatus.Closed)];

    protected override async Task ScanAsync(CancellationToken ct)
    {
        await using var query = store.QuerySession();
        var open = await query.Query<InspectionTask>()
            .Where(t => t.Status.IsOneOf(Running)).ToListAsync(ct);
        counted = (open.Count, open.Count(t => t.Overdue.Count > 0));
        foreach (var task in open)
        {
            var results = await query.Query<EntityResult>().Where(r => r.TaskId == task.TaskId).ToListAsync(ct);
            var ctx = new CommandContext(Deadlines.Watch, $"deadlines:{task.TaskId}", "deadline-watch", Clock.GetUtcNow());
            await using var session = store.OpenSession(ctx);
            if (Deadlines.TaskOverdue(task, results, calendar.Current, ctx) is { Count: > 0 } late)
                session.Events.Append(task.Id, task.Version + late.Count, late);
            foreach (var result in results)
                if (Deadlines.ResultOverdue(result, calendar.Current, ctx) is { Count: > 0 } unlisted)
                    session.Events.Append(result.Id, result.Version + unlisted.Count, unlisted);
            await session.SaveChangesAsync(ct);
        }
    }
}
