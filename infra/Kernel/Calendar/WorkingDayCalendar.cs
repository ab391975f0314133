namespace Shuangsuiji.Kernel.Calendar;

/// <summary>A year's holiday notice recorded or corrected: the calendar before and after it.</summary>
/// <param name="Year">the year whose notice was recorded or corrected</param>
/// <param name="Before">the calendar as the service held it</param>
/// <param name="After">the calendar with the year's new notice</param>
public sealed record CalendarChange(int Year, WorkingDayCalendar Before, WorkingDayCalendar After);

/// <summary>
/// A deadline, and whether it was counted through a year whose holiday notice is not recorded yet (Monday to Friday
/// there): such a deadline is provisional (暂按工作日计算) and moves when the notice is recorded.
/// </summary>
public readonly record struct Deadline(DateOnly On, bool Provisional);

/// <summary>
/// Working days (工作日) by the State Council's yearly holiday notices: Monday to Friday, except public holidays, plus
/// the make-up working weekends (调休上班). The notices are data of the platform: the supervising office records them
/// in the directories service, and every service that counts working days keeps them from the bus (ServiceDefaults'
/// HolidayNoticeConsumer). A year without a recorded notice counts Monday to Friday, and what is counted
/// through it is provisional.
/// </summary>
public sealed class WorkingDayCalendar
{
    /// <summary>Results are entered, reviewed and published within 20 working days of the end of the check.</summary>
    public const int ResultsWithinWorkingDays = 20;

    /// <summary>An entity found unreachable goes on the abnormal-operations list within 10 working days.</summary>
    public const int AbnormalListingWithinWorkingDays = 10;

    /// <summary>Each year's notice: its holidays (a New Year holiday may begin in the year before) and make-up working days.</summary>
    private readonly IReadOnlyDictionary<int, (IReadOnlySet<DateOnly> Holidays, IReadOnlySet<DateOnly> MakeUpWorkdays)> notices;
    private readonly HashSet<DateOnly> holidays;
    private readonly HashSet<DateOnly> makeUpWorkdays;

    private WorkingDayCalendar(IReadOnlyDictionary<int, (IReadOnlySet<DateOnly> Holidays, IReadOnlySet<DateOnly> MakeUpWorkdays)> notices)
    {
        this.notices = notices;
        holidays = [.. notices.Values.SelectMany(n => n.Holidays)];
        makeUpWorkdays = [.. notices.Values.SelectMany(n => n.MakeUpWorkdays)];
    }

    /// <summary>No notice recorded: every year counts Monday to Friday, provisionally.</summary>
    public static WorkingDayCalendar Empty { get; } = new(new Dictionary<int, (IReadOnlySet<DateOnly>, IReadOnlySet<DateOnly>)>());

    /// <summary>The calendar with <paramref name="year"/>'s notice (a correction replaces the notice it corrects).</summary>
    public WorkingDayCalendar With(int year, IEnumerable<DateOnly> yearHolidays, IEnumerable<DateOnly> yearMakeUpWorkdays) =>
        new(new Dictionary<int, (IReadOnlySet<DateOnly>, IReadOnlySet<DateOnly>)>(notices)
        {
            [year] = (yearHolidays.ToHashSet(), yearMakeUpWorkdays.ToHashSet()),
        });

    /// <summary>The years whose notice is recorded.</summary>
    public IReadOnlyList<int> Years => [.. notices.Keys.Order()];

    public bool Holds(int year) => notices.ContainsKey(year);

    public bool IsWorkingDay(DateOnly date) =>
        makeUpWorkdays.Contains(date) || (!holidays.Contains(date) && date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

    /// <summary>The n-th working day after <paramref name="date"/> (n ≥ 1); the date itself never counts.</summary>
    public DateOnly AddWorkingDays(DateOnly date, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var day = date;
        for (var counted = 0; counted < n;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day)) counted++;
        }
        return day;
    }

    /// <summary>
    /// Working days after <paramref name="from"/> up to and including <paramref name="to"/>, so that
    /// WorkingDaysBetween(d, AddWorkingDays(d, n)) == n; negative when <paramref name="to"/> is earlier.
    /// </summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        if (to < from) return -WorkingDaysBetween(to, from);
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
            if (IsWorkingDay(day)) count++;
        return count;
    }

    /// <summary>The n-th working day after <paramref name="from"/>, provisional if a day counted lies in a year without its notice.</summary>
    public Deadline Deadline(DateOnly from, int workingDays)
    {
        var on = AddWorkingDays(from, workingDays);
        return new Deadline(on, !Covers(from.AddDays(1), on));
    }

    public Deadline ResultsDue(DateOnly checkEndedOn) => Deadline(checkEndedOn, ResultsWithinWorkingDays);

    public Deadline AbnormalListingDue(DateOnly foundUnreachableOn) => Deadline(foundUnreachableOn, AbnormalListingWithinWorkingDays);

    /// <summary>The same day if it is a working day, else the next one: a due date on a day off moves to the next working day.</summary>
    public Deadline OnOrAfter(DateOnly due)
    {
        var on = IsWorkingDay(due) ? due : AddWorkingDays(due, 1);
        return new Deadline(on, !Covers(due, on));
    }

    /// <summary>Whether every day from <paramref name="first"/> to <paramref name="last"/> is known from a recorded notice.</summary>
    public bool Covers(DateOnly first, DateOnly last)
    {
        if (last < first) return true;
        // A New Year holiday may begin on 30 December (2019's did): the year's last two days are known with the next notice.
        var lastYear = last >= new DateOnly(last.Year, 12, 30) ? last.Year + 1 : last.Year;
        for (var year = first.Year; year <= lastYear; year++)
            if (!Holds(year)) return false;
        return true;
    }

    /// <summary>
    /// Whether results checked by <paramref name="checkEndedOn"/> and published on <paramref name="publishedOn"/> were on
    /// time, by their <paramref name="due"/> date; null (not known yet) while that date is provisional or unknown. Within
    /// 20 calendar days it is certain without the calendar: no calendar day adds more than one working day, so the
    /// deadline is never earlier — and most results are published by then.
    /// </summary>
    public static bool? PublishedInTime(DateOnly checkEndedOn, DateOnly publishedOn, Deadline? due) =>
        due is { Provisional: false } known ? publishedOn <= known.On
        : publishedOn <= checkEndedOn.AddDays(ResultsWithinWorkingDays) ? true
        : null;

    /// <summary>The days from <paramref name="from"/> to <paramref name="to"/>, both included: a holiday's days.</summary>
    public static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to)
    {
        for (var day = from; day <= to; day = day.AddDays(1)) yield return day;
    }
}
