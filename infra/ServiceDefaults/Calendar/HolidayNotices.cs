using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.ServiceDefaults.Calendar;

/// <summary>The working-day calendar of the holiday notices a service keeps from the bus.</summary>
public static class HolidayNotices
{
    public static WorkingDayCalendar Calendar(IEnumerable<HolidayNoticeChanged> notices) => notices.Aggregate(WorkingDayCalendar.Empty, With);

    /// <summary>The calendar with the notice's year as the notice has it (a correction replaces the notice it corrects).</summary>
    public static WorkingDayCalendar With(this WorkingDayCalendar calendar, HolidayNoticeChanged notice) =>
        calendar.With(notice.Year, notice.Holidays.SelectMany(h => WorkingDayCalendar.Days(h.From, h.To)), notice.Workdays.Select(w => w.Date));
}
