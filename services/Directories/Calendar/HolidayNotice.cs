using Shuangsuiji.Kernel;

namespace Shuangsuiji.Directories.Calendar;

/// <summary>A public holiday, from and to inclusive.</summary>
public sealed record Holiday(string Name, DateOnly From, DateOnly To);

/// <summary>A weekend day worked (调休上班) for the holiday named.</summary>
public sealed record MakeUpWorkday(DateOnly Date, string Holiday);

/// <summary>
/// A year's State Council holiday notice (国务院办公厅关于××年部分节假日安排的通知): its title and date, the public
/// holidays and the make-up working days. Working days are counted from it (工作日).
/// </summary>
public sealed record HolidayNotice(string Title, DateOnly IssuedOn, IReadOnlyList<Holiday> Holidays, IReadOnlyList<MakeUpWorkday> Workdays);

public sealed record HolidayNoticeRecorded(int Year, HolidayNotice Notice, Caller By, DateTimeOffset At);

/// <summary>A later notice replaces the year's notice (a mistake in the record, or the State Council changed its arrangements); both stay in the history.</summary>
public sealed record HolidayNoticeCorrected(int Year, HolidayNotice Notice, string Reason, Caller By, DateTimeOffset At);

/// <summary>A notice a correction replaced, and why.</summary>
public sealed record ReplacedNotice(HolidayNotice Notice, string Reason, DateTimeOffset ReplacedAt);

/// <summary>The working-day calendar of one year (stream and id "calendar:{year}"): the notice in force and those it replaced.</summary>
public sealed record CalendarYear(string Id, int Year, HolidayNotice Notice, IReadOnlyList<ReplacedNotice> Replaced, DateTimeOffset UpdatedAt)
    : IAggregate<CalendarYear>
{
    public long Version { get; set; }

    public static string StreamId(int year) => $"calendar:{year:0000}";

    public static CalendarYear When(CalendarYear? state, object @event) => (state, @event) switch
    {
        (null, HolidayNoticeRecorded e) => new CalendarYear(StreamId(e.Year), e.Year, e.Notice, [], e.At),
        ({ } s, HolidayNoticeCorrected e) => s with { Notice = e.Notice, Replaced = [.. s.Replaced, new ReplacedNotice(s.Notice, e.Reason, e.At)], UpdatedAt = e.At },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to {state?.Id ?? "a new calendar year"}"),
    };
}
