using Shuangsuiji.Directories.Calendar;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Grpc;
using static Shuangsuiji.Domain.Tests.Given;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Calendar;

/// <summary>The office records a year's State Council notice, checked as a whole; a later notice corrects it with a reason.</summary>
public sealed class CalendarDeciderTests
{
    // The day the office records the 2027 notice (the State Council issues it in the autumn or early winter before).
    private static readonly CommandContext Office = As("130300-OFFICE", Roles.Supervisor) with
    {
        Caller = new("supervisor-130300-OFFICE", "130300-OFFICE", Roles.Supervisor) { Region = "130300" }, Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(8)),
    };

    private static DateOnly D(int month, int day, int year = 2027) => new(year, month, day);

    /// <summary>A 2027 notice made up for the tests (the real one was not issued when they were written).</summary>
    private static readonly HolidayNotice Notice2027 = new("国务院办公厅关于2027年部分节假日安排的通知（测试用）", D(11, 20, 2026),
        [new("元旦", D(1, 1), D(1, 3)), new("春节", D(2, 5), D(2, 12)), new("国庆节", D(10, 1), D(10, 7))],
        [new(D(2, 14), "春节"), new(D(10, 9), "国庆节")]);

    private static CalendarYear Recorded() =>
        State<CalendarYear>([.. CalendarDecider.Record(null, 2027, Notice2027, Office)]);

    [Fact]
    public void The_office_records_a_years_notice_once()
    {
        var recorded = Single<HolidayNoticeRecorded>(CalendarDecider.Record(null, 2027, Notice2027, Office));
        Assert.Equal((2027, Notice2027.Title, 3, 2), (recorded.Year, recorded.Notice.Title, recorded.Notice.Holidays.Count, recorded.Notice.Workdays.Count));
        Assert.Equal(Office.Caller, recorded.By);
        Assert.Equal("calendar:2027", Recorded().Id);
        Assert.Throws<AlreadyExistsException>(() => CalendarDecider.Record(Recorded(), 2027, Notice2027, Office));
    }

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.System)]
    [InlineData(Roles.Reviewer)]
    public void Only_the_supervising_office_records_and_corrects_notices(string role)
    {
        Assert.Throws<ForbiddenException>(() => CalendarDecider.Record(null, 2027, Notice2027, As("130300-AMR", role) with { Now = Office.Now }));
        Assert.Throws<ForbiddenException>(() => CalendarDecider.Correct(Recorded(), 2027, Notice2027, "更正", As("130300-AMR", role) with { Now = Office.Now }));
    }

    [Fact]
    public void A_county_office_does_not_record_the_platforms_notices()
    {
        var county = Office with { Caller = new("office-haigang", "130302-OFFICE", Roles.Supervisor) { Region = "130302" } };
        Assert.Throws<ForbiddenException>(() => CalendarDecider.Record(null, 2027, Notice2027, county));
    }

    public static TheoryData<string, HolidayNotice> Mistakes => new()
    {
        { "title", Notice2027 with { Title = " " } },
        { "issued_on", Notice2027 with { IssuedOn = D(12, 8, 2026) } }, // after today
        { "issued_on", Notice2027 with { IssuedOn = D(12, 1, 2025) } }, // two years before
        { "holidays", Notice2027 with { Holidays = [] } },
        { "holidays[1].name", Notice2027 with { Holidays = [Notice2027.Holidays[0], Notice2027.Holidays[1] with { Name = "" }] } },
        { "holidays[1].to", Notice2027 with { Holidays = [Notice2027.Holidays[0], new("春节", D(2, 12), D(2, 5))] } }, // ends before it starts
        { "holidays[0].to", Notice2027 with { Holidays = [new("元旦", D(12, 31, 2026), D(12, 31, 2026))] } }, // not in the year
        { "holidays[0].from", Notice2027 with { Holidays = [new("春节", D(1, 1), D(3, 1))] } }, // longer than a month
        { "holidays[1].from", Notice2027 with { Holidays = [Notice2027.Holidays[1], new("元宵", D(2, 12), D(2, 13))] } }, // overlaps
        { "holidays[1].name", Notice2027 with { Holidays = [Notice2027.Holidays[0], Notice2027.Holidays[0] with { From = D(5, 1), To = D(5, 1) }] } },
        { "workdays[0].date", Notice2027 with { Workdays = [new(D(2, 15), "春节")] } }, // a Monday
        { "workdays[0].date", Notice2027 with { Workdays = [new(D(12, 27, 2026), "元旦")] } }, // a Sunday of the year before
        { "workdays[1].date", Notice2027 with { Workdays = [new(D(2, 14), "春节"), new(D(2, 14), "春节")] } }, // twice
        { "workdays[0].date", Notice2027 with { Workdays = [new(D(1, 2), "元旦")] } }, // both a holiday and a make-up day
        { "workdays[0].holiday", Notice2027 with { Workdays = [new(D(2, 14), "清明节")] } }, // no such holiday in the notice
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_mistaken_notice_is_refused_naming_the_field(string field, HolidayNotice notice)
    {
        Assert.Equal(field, Assert.Throws<InvalidFieldException>(() => CalendarDecider.Record(null, 2027, notice, Office)).Field);
        Assert.Equal(field, Assert.Throws<InvalidFieldException>(() => CalendarDecider.Correct(Recorded(), 2027, notice, "更正", Office)).Field);
    }

    [Theory]
    [InlineData(1999)]
    [InlineData(2028)] // more than a year ahead
    public void A_notice_is_for_a_year_up_to_the_next(int year) =>
        Assert.Equal("year", Assert.Throws<InvalidFieldException>(() => CalendarDecider.Record(null, year, Notice2027, Office)).Field);

    [Fact]
    public void A_later_notice_corrects_the_year_with_a_reason_and_the_replaced_one_stays_in_the_history()
    {
        var correction = Notice2027 with { Holidays = [.. Notice2027.Holidays.Select(h => h.Name == "春节" ? h with { From = D(2, 6) } : h)] };
        var corrected = Single<HolidayNoticeCorrected>(CalendarDecider.Correct(Recorded(), 2027, correction, " 录入错误：春节自2月6日起 ", Office));
        Assert.Equal("录入错误：春节自2月6日起", corrected.Reason);
        var year = State<CalendarYear>(new HolidayNoticeRecorded(2027, Notice2027, Office.Caller, Office.Now), corrected);
        Assert.Equal((D(2, 6), 2L), (year.Notice.Holidays[1].From, year.Version));
        Assert.Equal(D(2, 5), Assert.Single(year.Replaced).Notice.Holidays[1].From);

        Assert.Equal("reason", Assert.Throws<InvalidFieldException>(() => CalendarDecider.Correct(Recorded(), 2027, correction, " ", Office)).Field);
        Assert.Throws<NotFoundException>(() => CalendarDecider.Correct(null, 2027, correction, "更正", Office));
        Assert.Throws<RuleViolationException>(() => CalendarDecider.Correct(Recorded(), 2027, Notice2027, "更正", Office));
    }

    [Fact]
    public void The_platform_seeds_a_year_without_a_notice_and_leaves_a_recorded_one_alone()
    {
        var seed = new CommandContext(CalendarDecider.Seed, "seed", "seed", Office.Now);
        Assert.Equal(CalendarDecider.Seed, Single<HolidayNoticeRecorded>(CalendarDecider.SeedYear(null, 2027, Notice2027, seed)).By);
        Assert.Empty(CalendarDecider.SeedYear(Recorded(), 2027, Notice2027 with { Title = "另一份通知" }, seed));
    }

    [Fact]
    public void The_notices_the_platform_ships_with_pass_the_offices_rules()
    {
        var seed = new CommandContext(CalendarDecider.Seed, "seed", "seed", Office.Now);
        Assert.Equal([2022, 2023, 2024, 2025, 2026], CalendarSeed.Notices.Select(n => n.Year));
        Assert.All(CalendarSeed.Notices, n => Assert.Equal(n.Notice, Single<HolidayNoticeRecorded>(CalendarDecider.SeedYear(null, n.Year, n.Notice, seed)).Notice,
            new NoticeComparer()));
    }

    private sealed class NoticeComparer : IEqualityComparer<HolidayNotice>
    {
        public bool Equals(HolidayNotice? x, HolidayNotice? y) =>
            x is not null && y is not null && x.Title == y.Title && x.IssuedOn == y.IssuedOn && x.Holidays.SequenceEqual(y.Holidays) && x.Workdays.SequenceEqual(y.Workdays);

        public int GetHashCode(HolidayNotice obj) => obj.Title.GetHashCode();
    }
}
