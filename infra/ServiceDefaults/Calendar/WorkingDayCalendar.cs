using System.Text.Json;
using Shuangsuiji.ServiceDefaults.Grpc;

namespace Shuangsuiji.ServiceDefaults.Calendar;

/// <summary>
/// Working days (工作日) by the State Council's yearly holiday notices: Monday to Friday, except public holidays,
/// plus the make-up working weekends (调休上班). Only the years of the data file are known; any other date is an
/// error, because a guessed calendar would move legal deadlines.
/// </summary>
public sealed class WorkingDayCalendar
{
    /// <summary>Results are entered, reviewed and published within 20 working days of the end of the check.</summary>
    public const int ResultsWithinWorkingDays = 20;

    /// <summary>An entity found unreachable goes on the abnormal-operations list within 10 working days.</summary>
    public const int AbnormalListingWithinWorkingDays = 10;

    private readonly HashSet<DateOnly> holidays;
    private readonly HashSet<DateOnly> makeUpWorkdays;
    private readonly SortedSet<int> years;

    private WorkingDayCalendar(HashSet<DateOnly> holidays, HashSet<DateOnly> makeUpWorkdays, SortedSet<int> years) =>
        (this.holidays, this.makeUpWorkdays, this.years) = (holidays, makeUpWorkdays, years);

    /// <summary>The calendar shipped with the platform (infra/ServiceDefaults/Calendar/holidays.json), the same in every service.</summary>
    public static WorkingDayCalendar Official { get; } = LoadOfficial();

    public IReadOnlyCollection<int> Years => years;

    public bool IsWorkingDay(DateOnly date)
    {
        Covered(date);
        if (makeUpWorkdays.Contains(date)) return true;
        return !holidays.Contains(date) && date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

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
        Covered(from);
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
            if (IsWorkingDay(day)) count++;
        return count;
    }

    public DateOnly ResultsDue(DateOnly checkEndedOn) => AddWorkingDays(checkEndedOn, ResultsWithinWorkingDays);

    public DateOnly AbnormalListingDue(DateOnly foundUnreachableOn) => AddWorkingDays(foundUnreachableOn, AbnormalListingWithinWorkingDays);

    /// <summary>
    /// Whether results checked by <paramref name="checkEndedOn"/> and published on <paramref name="publishedOn"/> were on time;
    /// null (not known yet) while the calendar does not hold the year the deadline falls in (each December, until the
    /// next notice is added). Within 20 calendar days it is certain without the calendar: no calendar day adds more than
    /// one working day, so the deadline is never earlier — and most results are published by then, which spares them
    /// the calendar's refusal (an exception) in the supervision figures.
    /// </summary>
    public bool? ResultsPublishedInTime(DateOnly checkEndedOn, DateOnly publishedOn) =>
        publishedOn <= checkEndedOn.AddDays(ResultsWithinWorkingDays) ? true
        : Known(() => ResultsDue(checkEndedOn)) is { } due ? publishedOn <= due : null;

    /// <summary>A deadline (or a count of working days), or null while the calendar does not hold the year it falls in (never a guess).</summary>
    public static T? Known<T>(Func<T> deadline) where T : struct
    {
        try
        {
            return deadline();
        }
        catch (RuleViolationException)
        {
            return null;
        }
    }

    private void Covered(DateOnly date)
    {
        if (!years.Contains(date.Year))
            throw new RuleViolationException(
                $"the working-day calendar has no data for {date.Year} (it covers {string.Join(", ", years)}); add that year's State Council holiday notice to infra/ServiceDefaults/Calendar/holidays.json");
    }

    private static WorkingDayCalendar LoadOfficial()
    {
        using var stream = typeof(WorkingDayCalendar).Assembly.GetManifestResourceStream("holidays.json")
            ?? throw new InvalidOperationException("the embedded resource holidays.json is missing");
        return Parse(stream);
    }

    /// <summary>Reads a calendar file; mistakes in the data fail here, not in a deadline months later.</summary>
    public static WorkingDayCalendar Parse(Stream json)
    {
        var file = JsonSerializer.Deserialize<CalendarFile>(json, JsonSerializerOptions.Web)
            ?? throw new InvalidDataException("the calendar file is empty");
        var holidays = new HashSet<DateOnly>();
        var workdays = new HashSet<DateOnly>();
        var years = new SortedSet<int>();
        foreach (var year in file.Years)
        {
            if (!years.Add(year.Year)) throw new InvalidDataException($"the calendar lists {year.Year} twice");
            foreach (var h in year.Holidays)
            {
                if (h.To < h.From) throw new InvalidDataException($"{year.Year} {h.Name}: ends before it starts");
                for (var day = h.From; day <= h.To; day = day.AddDays(1)) holidays.Add(day);
            }
            foreach (var w in year.Workdays)
            {
                if (w.Date.Year != year.Year || w.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                    throw new InvalidDataException($"{year.Year}: make-up working day {w.Date:yyyy-MM-dd} must be a Saturday or Sunday of that year");
                workdays.Add(w.Date);
            }
        }
        if (holidays.Intersect(workdays).Order().ToList() is [var clash, ..])
            throw new InvalidDataException($"{clash:yyyy-MM-dd} is both a holiday and a make-up working day");
        return new WorkingDayCalendar(holidays, workdays, years);
    }

    private sealed record CalendarFile(IReadOnlyList<CalendarYear> Years);

    private sealed record CalendarYear(int Year, string Notice, IReadOnlyList<Holiday> Holidays, IReadOnlyList<MakeUpWorkday> Workdays);

    private sealed record Holiday(string Name, DateOnly From, DateOnly To);

    private sealed record MakeUpWorkday(DateOnly Date, string For);
}
