using System.Globalization;
using Shuangsuiji.Supervision.Targets;
using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Supervision.Reports;

/// <summary>
/// What a report covers: a month ("2022-05", the monthly report, due by the 20th of the next month) or a quarter
/// ("2022-Q2", the summary, due by 2 Apr, 2 Jul, 9 Oct and 20 Dec as the work plan sets them). Either deadline on a day
/// off by the working-day calendar moves to the next working day.
/// </summary>
public sealed record ReportPeriod(int Year, int? Month, int? Quarter)
{
    private static readonly (int Month, int Day)[] SummaryDue = [(4, 2), (7, 2), (10, 9), (12, 20)];

    public string Code => Month is { } m ? $"{Year}-{m:00}" : $"{Year}-Q{Quarter}";

    public bool IsSummary => Quarter is not null;

    /// <summary>The fourth quarter's summary is the year's (年度工作总结), due on 20 December and written in full.</summary>
    public bool IsYearSummary => Quarter == 4;

    public int LastMonth => Month ?? Quarter!.Value * 3;

    public Period Covered => Month is { } m ? Period.Month(Year, m) : new Period(new DateOnly(Year, LastMonth - 2, 1), Period.Month(Year, LastMonth).To);

    public Period YearToDate => Period.YearTo(Year, LastMonth);

    /// <summary>
    /// When a report can be confirmed: after its month; a summary from the first day of its quarter's last month, since
    /// the seed wants the year's summary by 20 December.
    /// </summary>
    public DateOnly OpensOn => IsSummary ? new DateOnly(Year, LastMonth, 1) : Covered.To.AddDays(1);

    public DateOnly DueOn(WorkingDayCalendar calendar) => Due(calendar).On;

    /// <summary>
    /// The due date; on a day off, the next working day, provisional when the calendar has not that year's holiday notice.
    /// </summary>
    public Deadline Due(WorkingDayCalendar calendar)
    {
        var due = Month is { } m ? new DateOnly(Year, m, 20).AddMonths(1)
            : new DateOnly(Year, SummaryDue[Quarter!.Value - 1].Month, SummaryDue[Quarter.Value - 1].Day);
        return calendar.OnOrAfter(due);
    }

    public static ReportPeriod Parse(string text)
    {
        text = text.Trim();
        if (text.Length == 7 && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
            return new ReportPeriod(month.Year, month.Month, null);
        if (text.Length == 7 && text[4..6] == "-Q" && int.TryParse(text[..4], out var year) && text[6] is >= '1' and <= '4')
            return new ReportPeriod(year, null, text[6] - '0');
        throw new InvalidFieldException("period", $"\"{text}\" is neither a month (2022-05) nor a quarter (2022-Q2)", $"“{text}”既不是月份（2022-05）也不是季度（2022-Q2）");
    }
}
