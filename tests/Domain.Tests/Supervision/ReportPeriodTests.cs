using Shuangsuiji.Directories.Calendar;
using Shuangsuiji.Supervision.Reports;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Domain.Tests.Supervision;

public sealed class ReportPeriodTests
{
    [Theory]
    [InlineData("2022-05", "2022-06-20")]
    [InlineData("2022-12", "2023-01-20")]
    [InlineData("2022-07", "2022-08-22")] // 20 Aug 2022 was a Saturday
    [InlineData("2026-01", "2026-02-24")] // 20 Feb 2026 falls in the Spring Festival holidays (15–23 Feb)
    [InlineData("2026-08", "2026-09-20")] // a Sunday, but a make-up working day
    [InlineData("2022-Q1", "2022-04-02")] // a make-up working Saturday
    [InlineData("2022-Q2", "2022-07-04")] // 2 Jul was a Saturday off
    [InlineData("2022-Q3", "2022-10-09")] // the work plan's Sunday deadline, a make-up working day
    [InlineData("2022-Q4", "2022-12-20")]
    public void Reports_are_due_by_the_20th_and_summaries_on_the_work_plans_dates_or_the_next_working_day(string period, string due) =>
        Assert.Equal(DateOnly.Parse(due), ReportPeriod.Parse(period).DueOn(CalendarSeed.WorkingDays));

    [Fact]
    public void A_report_or_summary_due_in_a_year_without_its_holiday_notice_is_provisional()
    {
        Assert.Equal(new Deadline(new DateOnly(2027, 4, 2), true), ReportPeriod.Parse("2027-Q1").Due(CalendarSeed.WorkingDays));
        Assert.Equal(new Deadline(new DateOnly(2026, 12, 21), false), ReportPeriod.Parse("2026-Q4").Due(CalendarSeed.WorkingDays)); // 20 Dec 2026 is a Sunday
        Assert.Equal(new Deadline(new DateOnly(2027, 1, 20), true), ReportPeriod.Parse("2026-12").Due(CalendarSeed.WorkingDays)); // December's report
    }

    [Theory]
    [InlineData("2022-Q2", "2022-04-01", "2022-06-30", "2022-01-01")]
    [InlineData("2022-02", "2022-02-01", "2022-02-28", "2022-01-01")]
    public void A_period_covers_its_month_or_quarter_and_the_year_to_its_end(string period, string from, string to, string yearFrom)
    {
        var p = ReportPeriod.Parse(period);
        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to)), (p.Covered.From, p.Covered.To));
        Assert.Equal((DateOnly.Parse(yearFrom), DateOnly.Parse(to)), (p.YearToDate.From, p.YearToDate.To));
        Assert.Equal(period, p.Code);
    }

    [Theory]
    [InlineData("2022-05", "2022-06-01")]
    [InlineData("2022-Q4", "2022-12-01")] // the year's summary is due on 20 December
    public void A_report_can_be_confirmed_once_its_month_is_over_and_a_summary_in_its_last_month(string period, string opens) =>
        Assert.Equal(DateOnly.Parse(opens), ReportPeriod.Parse(period).OpensOn);

    [Theory]
    [InlineData("2022-13")]
    [InlineData("2022-Q5")]
    [InlineData("22-05")]
    [InlineData("")]
    public void Anything_else_is_refused_naming_the_field(string period) =>
        Assert.StartsWith("period", Assert.Throws<Shuangsuiji.Kernel.InvalidFieldException>(() => ReportPeriod.Parse(period)).Field);
}
