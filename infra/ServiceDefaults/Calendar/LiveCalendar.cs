using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.ServiceDefaults.Calendar;

/// <summary>
/// The working-day calendar as the service's store holds it now, for what the service computes on request and in its
/// watches. Reloaded at start, after each notice this host consumes, and every Calendar:RefreshSeconds (default 30), so
/// that every host of a service follows a notice one of them consumed.
/// </summary>
public sealed class LiveCalendar(IDocumentStore store)
{
    private volatile WorkingDayCalendar current = WorkingDayCalendar.Empty;

    public WorkingDayCalendar Current => current;

    public async Task RefreshAsync(CancellationToken ct)
    {
        await using var query = store.QuerySession();
        current = await KeptHolidayNotice.CalendarAsync(query, ct);
    }
}

internal sealed class LiveCalendarRefresh(LiveCalendar calendar, TimeProvider clock, IConfiguration config, ILogger<LiveCalendarRefresh> log)
    : PeriodicScan(clock, TimeSpan.FromSeconds(config.GetValue("Calendar:RefreshSeconds", 30.0)), log)
{
    protected internal override bool OnEveryHost => true;

    protected override Task ScanAsync(CancellationToken ct) => calendar.RefreshAsync(ct);
}
