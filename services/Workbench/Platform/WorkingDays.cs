using Microsoft.Extensions.Caching.Memory;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Kernel.Calendar;
using Shuangsuiji.Workbench.Layout;

namespace Shuangsuiji.Workbench.Platform;

/// <summary>The working-day calendar (工作日) from the public holiday notices, for the to-do list's "due within 3 working days".</summary>
public sealed class WorkingDays(IServiceProvider services, IMemoryCache cache)
{
    public const string CacheKey = "calendar";

    public async Task<WorkingDayCalendar> CalendarAsync(CancellationToken ct) =>
        await cache.GetOrCreateAsync(CacheKey, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10);
            var answer = await services.GetRequiredService<HolidayCalendar.HolidayCalendarClient>()
                .ListHolidayNoticesAsync(new ListHolidayNoticesRequest(), cancellationToken: ct);
            return answer.Years.Aggregate(WorkingDayCalendar.Empty, (calendar, year) => calendar.With(year.Year,
                year.Notice.Holidays.SelectMany(h => WorkingDayCalendar.Days(Labels.Date(h.From), Labels.Date(h.To))),
                year.Notice.Workdays.Select(w => Labels.Date(w.Date))));
        }) ?? WorkingDayCalendar.Empty;
}
