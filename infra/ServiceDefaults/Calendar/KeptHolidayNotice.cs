using Marten;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.ServiceDefaults.Calendar;

/// <summary>A year's holiday notice as the directories last published it (document id: the year).</summary>
public sealed record KeptHolidayNotice(string Id, HolidayNoticeChanged Notice)
{
    public long Version => Notice.Version;

    public static string IdOf(int year) => year.ToString("0000");

    /// <summary>The working-day calendar of the notices a store holds.</summary>
    public static async Task<WorkingDayCalendar> CalendarAsync(IQuerySession session, CancellationToken ct) =>
        HolidayNotices.Calendar((await session.Query<KeptHolidayNotice>().ToListAsync(ct)).Select(k => k.Notice));
}
