using Marten;
using Shuangsuiji.ServiceDefaults;
using Shuangsuiji.ServiceDefaults.Calendar;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.Supervision.Activity;
using Shuangsuiji.Supervision.Coverage;
using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Supervision.Alerts;

/// <summary>
/// Every Supervision:AlertScanSeconds (default 60) evaluates the alert rules over this year's and last year's activity
/// and the coverage of the year's plans (<see cref="ItemCoverage"/>), and appends what changed: new alerts raised, alerts whose condition is gone cleared. One host of the service scans at a
/// time; appends expect the version seen, so a scan that overlaps the next holder's at a hand-over raises nothing twice.
/// </summary>
public sealed class AlertWatch(IDocumentStore store, LiveCalendar calendar, TimeProvider clock, IConfiguration config, ILogger<AlertWatch> log)
    : PeriodicScan(clock, TimeSpan.FromSeconds(config.GetValue("Supervision:AlertScanSeconds", 60.0)), log)
{
    public static readonly Caller Watch = new("alert-watch", "", Roles.System);

    protected override async Task ScanAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        var today = ChinaDate.Of(now);
        foreach (var year in new[] { today.Year - 1, today.Year })
        {
            await using var query = store.QuerySession();
            var activity = await YearActivities.LoadAsync(query, year, ct);
            var coverage = ItemCoverage.Of(await query.Query<ListedItem>().Where(i => i.Listed).ToListAsync(ct), activity.Plans);
            var conditions = AlertRules.Evaluate(activity, today, calendar.Current).Concat(ItemCoverage.Alerts(year, coverage)).ToDictionary(c => c.AlertId);
            var known = (await query.LoadManyAsync<Alert>(ct, conditions.Keys.Select(Alert.StreamId))).ToDictionary(a => a.AlertId);
            var open = await query.Query<Alert>().Where(a => a.Year == year && a.ClearedOn == null && a.Kind != AlertRules.BelowTarget).ToListAsync(ct);

            var ctx = new CommandContext(Watch, $"alerts:{today:yyyy-MM-dd}", "alert-watch", now);
            await using var session = store.OpenSession(ctx);
            foreach (var c in conditions.Values)
            {
                var alert = known.GetValueOrDefault(c.AlertId);
                if (alert is { Cleared: false }) continue;
                var raised = new AlertRaised(c.AlertId, c.Kind, year, c.DepartmentId, c.Subject, c.Message, today, c.DueOn, Watch, now);
                if (alert is null) session.Events.StartStream<Alert>(Alert.StreamId(c.AlertId), raised);
                else session.Events.Append(alert.Id, alert.Version + 1, raised);
            }
            foreach (var gone in open.Where(a => !conditions.ContainsKey(a.AlertId)))
                session.Events.Append(gone.Id, gone.Version + 1, new AlertCleared(gone.AlertId, today, Watch, now));
            await session.SaveChangesAsync(ct);
        }
    }
}
