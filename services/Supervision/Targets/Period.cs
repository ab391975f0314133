using Shuangsuiji.Kernel;

namespace Shuangsuiji.Supervision.Targets;

/// <summary>The days a figure counts, both ends included.</summary>
public sealed record Period(DateOnly From, DateOnly To)
{
    public int Year => From.Year;

    public bool Contains(DateOnly? date) => date is { } d && d >= From && d <= To;

    public static Period Month(int year, int month) => new(new DateOnly(year, month, 1), new DateOnly(year, month, DateTime.DaysInMonth(year, month)));

    /// <summary>From 1 January to the end of the month.</summary>
    public static Period YearTo(int year, int month) => new(new DateOnly(year, 1, 1), Month(year, month).To);

    public static Period WholeYear(int year) => YearTo(year, 12);

    /// <summary>A month (1–12) or, for 0, the whole year; the field names the request's.</summary>
    public static Period Of(int year, int month)
    {
        if (year is < 2000 or > 2100) throw new InvalidFieldException("year", $"{year} is not a year of the platform", $"{year} 不是平台的有效年份", Reasons.FieldOutOfRange);
        return month switch
        {
            0 => WholeYear(year),
            >= 1 and <= 12 => Month(year, month),
            _ => throw new InvalidFieldException("month", $"{month} is not 1–12 (or 0 for the year)", $"{month} 不在 1–12 之间（全年为 0）", Reasons.FieldOutOfRange),
        };
    }
}
