using System.Text;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.ServiceDefaults.Calendar;

namespace Shuangsuiji.Domain.Tests.Tasks;

public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.Official;

    private static DateOnly D(int month, int day, int year = 2022) => new(year, month, day);

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
        Assert.Equal(D(10, 9), Calendar.ResultsDue(D(9, 5)));
        Assert.Equal(20, Calendar.WorkingDaysBetween(D(9, 5), D(10, 9)));
    }

    [Fact]
    public void A_mid_September_deadline_counts_the_make_up_weekend_but_not_the_holidays()
    {
        // 16, 19–23, 26–30 Sep are 11 working days; 8 and 9 Oct are the 12th and 13th; 10–14 and 17–18 Oct make 20.
        Assert.Equal(D(10, 18), Calendar.ResultsDue(D(9, 15)));
        Assert.Equal(D(10, 8), Calendar.AddWorkingDays(D(9, 30), 1));
        Assert.Equal(0, Calendar.WorkingDaysBetween(D(9, 30), D(10, 7)));
    }

    [Fact]
    public void An_unreachable_entity_found_before_the_National_Day_is_listed_within_10_working_days() =>
        Assert.Equal(D(10, 17), Calendar.AbnormalListingDue(D(9, 28)));

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
        Assert.Equal(D(1, 3, 2023), Calendar.AddWorkingDays(D(12, 30), 1));

    // Weekdays, less the holidays on weekdays, plus the make-up days, as the notices give them: a typo in the data
    // file changes a count. (Not the 250 "制度工作日" of wage rules, which ignores the calendar; 248 from 2025.)
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
    public void Dates_outside_the_data_are_refused_not_guessed()
    {
        Assert.Equal([2022, 2023, 2024, 2025, 2026], Calendar.Years);
        Assert.Contains("2021", Assert.Throws<RuleViolationException>(() => Calendar.IsWorkingDay(D(12, 31, 2021))).Message);
        Assert.Contains("2027", Assert.Throws<RuleViolationException>(() => Calendar.ResultsDue(D(12, 20, 2026))).Message);
    }

    [Fact]
    public void Results_published_within_twenty_calendar_days_are_on_time_before_the_next_years_notice()
    {
        // Checked 5 September 2022: due 9 October.
        Assert.Equal((true, false), (Calendar.ResultsPublishedInTime(D(9, 5), D(10, 9)), Calendar.ResultsPublishedInTime(D(9, 5), D(10, 10))));
        // Checked 20 December 2026, 2027 not in the data: certain within 20 calendar days, unknown after.
        Assert.Equal((true, null), (Calendar.ResultsPublishedInTime(D(12, 20, 2026), D(1, 9, 2027)), Calendar.ResultsPublishedInTime(D(12, 20, 2026), D(1, 10, 2027))));
    }

    [Theory]
    [InlineData("""{"years":[{"year":2030,"notice":"n","holidays":[],"workdays":[{"date":"2030-01-07","for":"x"}]}]}""")] // a Monday
    [InlineData("""{"years":[{"year":2030,"notice":"n","holidays":[{"name":"x","from":"2030-01-05","to":"2030-01-06"}],"workdays":[{"date":"2030-01-05","for":"x"}]}]}""")]
    [InlineData("""{"years":[{"year":2030,"notice":"n","holidays":[{"name":"x","from":"2030-01-06","to":"2030-01-05"}],"workdays":[]}]}""")]
    public void Mistakes_in_the_calendar_file_fail_on_loading(string json) =>
        Assert.Throws<InvalidDataException>(() => WorkingDayCalendar.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json))));
}
