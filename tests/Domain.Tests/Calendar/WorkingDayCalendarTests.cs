using Shuangsuiji.Directories.Calendar;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Domain.Tests.Calendar;

/// <summary>The working-day calendar of the notices the platform ships with (2022–2026), and what it does beyond them.</summary>
public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = CalendarSeed.WorkingDays;

    private static DateOnly D(int month, int day, int year = 2022) => new(year, month, day);

    private static Deadline Known(DateOnly on) => new(on, false);

    [Theory]
    [InlineData("2022-01-01", false)] // 元旦
    [InlineData("2022-01-03", false)]
    [InlineData("2022-01-29", true)]  // Saturday worked for 春节
    [InlineData("2022-01-30", true)]  // Sunday worked for 春节
    [InlineData("2022-01-31", false)]
    [InlineData("2022-02-04", false)]
    [InlineData("2022-02-07", true)]
    [InlineData("2022-04-02", true)]  // Saturday worked for 清明节
    [InlineData("2022-04-05", false)]
    [InlineData("2022-04-24", true)]  // Sunday worked for 劳动节
    [InlineData("2022-05-04", false)]
    [InlineData("2022-05-07", true)]  // Saturday worked for 劳动节
    [InlineData("2022-06-03", false)] // 端午节
    [InlineData("2022-09-12", false)] // 中秋节, a Monday
    [InlineData("2022-10-07", false)] // 国庆节
    [InlineData("2022-10-08", true)]
    [InlineData("2022-10-09", true)]  // the Sunday the seed's deadline falls on
    [InlineData("2022-10-15", false)] // an ordinary Saturday
    [InlineData("2022-10-17", true)]  // an ordinary Monday
    public void The_2022_calendar_follows_the_State_Council_notice(string date, bool working) =>
        Assert.Equal(working, Calendar.IsWorkingDay(DateOnly.Parse(date)));

    [Fact]
    public void A_check_ending_on_5_September_2022_is_due_on_Sunday_9_October()
    {
        Assert.Equal(Known(D(10, 9)), Calendar.ResultsDue(D(9, 5)));
        Assert.Equal(20, Calendar.WorkingDaysBetween(D(9, 5), D(10, 9)));
    }

    [Fact]
    public void A_mid_September_deadline_counts_the_make_up_weekend_but_not_the_holidays()
    {
        // 16, 19–23, 26–30 Sep are 11 working days; 8 and 9 Oct are the 12th and 13th; 10–14 and 17–18 Oct make 20.
        Assert.Equal(Known(D(10, 18)), Calendar.ResultsDue(D(9, 15)));
        Assert.Equal(D(10, 8), Calendar.AddWorkingDays(D(9, 30), 1));
        Assert.Equal(0, Calendar.WorkingDaysBetween(D(9, 30), D(10, 7)));
    }

    [Fact]
    public void An_unreachable_entity_found_before_the_National_Day_is_listed_within_10_working_days() =>
        Assert.Equal(Known(D(10, 17)), Calendar.AbnormalListingDue(D(9, 28)));

    [Fact]
    public void Spring_Festival_make_up_days_are_counted()
    {
        Assert.Equal(D(1, 29), Calendar.AddWorkingDays(D(1, 28), 1));
        Assert.Equal(D(2, 7), Calendar.AddWorkingDays(D(1, 29), 2));
        Assert.Equal(3, Calendar.WorkingDaysBetween(D(1, 28), D(2, 7)));
    }

    [Fact]
    public void Counting_backwards_is_negative() =>
        Assert.Equal(-20, Calendar.WorkingDaysBetween(D(10, 9), D(9, 5)));

    [Fact]
    public void A_deadline_can_cross_into_the_next_year() =>
        // 2023's New Year holiday runs 31 Dec 2022 – 2 Jan 2023.
        Assert.Equal(Known(D(1, 3, 2023)), Calendar.Deadline(D(12, 30), 1));

    // Weekdays, less the holidays on weekdays, plus the make-up days, as the notices give them: a typo in the seed changes
    // a count. (Not the 250 "制度工作日" of wage rules, which ignores the calendar; 248 from 2025.)
    [Theory]
    [InlineData(2022, 249)]
    [InlineData(2023, 249)]
    [InlineData(2024, 251)]
    [InlineData(2025, 248)]
    [InlineData(2026, 248)]
    public void Each_year_has_the_working_days_its_notice_gives(int year, int days) =>
        Assert.Equal(days, Calendar.WorkingDaysBetween(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31))
            + (Calendar.IsWorkingDay(new DateOnly(year, 1, 1)) ? 1 : 0));

    [Fact]
    public void A_year_without_a_notice_counts_Monday_to_Friday_and_what_is_counted_through_it_is_provisional()
    {
        Assert.Equal([2022, 2023, 2024, 2025, 2026], Calendar.Years);
        Assert.True(Calendar.IsWorkingDay(D(1, 1, 2027))); // a Friday, whatever the 2027 notice will say
        Assert.False(Calendar.IsWorkingDay(D(1, 2, 2027)));
        // Checked on 7 December 2026: 18 working days are left in December, then 1 and 4 January 2027.
        Assert.Equal(new Deadline(D(1, 4, 2027), true), Calendar.ResultsDue(D(12, 7, 2026)));
        // Within the year, but on its last two days: a New Year holiday of the next notice may begin on 30 December.
        Assert.Equal(new Deadline(D(12, 30, 2026), true), Calendar.ResultsDue(D(12, 2, 2026)));
        Assert.Equal(Known(D(12, 29, 2026)), Calendar.ResultsDue(D(12, 1, 2026)));
    }

    [Fact]
    public void A_recorded_notice_makes_the_deadline_known_and_a_correction_replaces_the_notice_it_corrects()
    {
        // A 2027 notice made up for the test: New Year from Friday 1 to Sunday 3 January.
        var with2027 = Calendar.With(2027, [D(1, 1, 2027), D(1, 2, 2027), D(1, 3, 2027)], []);
        Assert.Equal(Known(D(1, 5, 2027)), with2027.ResultsDue(D(12, 7, 2026)));
        Assert.Equal(Known(D(12, 30, 2026)), with2027.ResultsDue(D(12, 2, 2026)));
        // Corrected: Saturday 9 January worked as well. 29–31 December, 4–8 and 9 January: the 10th working day is 11 January, not 12.
        var corrected = with2027.With(2027, [D(1, 1, 2027), D(1, 2, 2027), D(1, 3, 2027)], [D(1, 9, 2027)]);
        Assert.Equal(Known(D(1, 12, 2027)), with2027.AbnormalListingDue(D(12, 28, 2026)));
        Assert.Equal(Known(D(1, 11, 2027)), corrected.AbnormalListingDue(D(12, 28, 2026)));
        // A correction replaces the notice: the earlier one's holidays no longer count.
        Assert.True(with2027.With(2027, [D(1, 1, 2027)], []).IsWorkingDay(D(1, 4, 2027)));
        Assert.False(with2027.With(2027, [D(1, 4, 2027)], []).IsWorkingDay(D(1, 4, 2027)));
        Assert.True(with2027.With(2027, [D(1, 4, 2027)], []).IsWorkingDay(D(1, 1, 2027)));
    }

    [Fact]
    public void A_due_date_on_a_day_off_moves_to_the_next_working_day()
    {
        Assert.Equal(Known(D(7, 4)), Calendar.OnOrAfter(D(7, 2)));   // a Saturday off
        Assert.Equal(Known(D(10, 9)), Calendar.OnOrAfter(D(10, 9))); // a make-up working Sunday
        Assert.Equal(new Deadline(D(4, 2, 2027), true), Calendar.OnOrAfter(D(4, 2, 2027)));
    }

    [Fact]
    public void Results_are_on_time_by_a_known_due_date_and_within_twenty_calendar_days_whatever_the_calendar()
    {
        // Checked 5 September 2022: due 9 October.
        Assert.Equal((true, false), (WorkingDayCalendar.PublishedInTime(D(9, 5), D(10, 9), Known(D(10, 9))),
            WorkingDayCalendar.PublishedInTime(D(9, 5), D(10, 10), Known(D(10, 9)))));
        // Checked 7 December 2026, due provisionally 4 January 2027: certain within 20 calendar days, unknown after.
        var provisional = new Deadline(D(1, 4, 2027), true);
        Assert.Equal((true, null), (WorkingDayCalendar.PublishedInTime(D(12, 7, 2026), D(12, 27, 2026), provisional),
            WorkingDayCalendar.PublishedInTime(D(12, 7, 2026), D(12, 28, 2026), provisional)));
    }
}
