using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Directories.Calendar;

/// <summary>
/// The supervising office keeps the working-day calendar: each year's State Council notice is recorded once and
/// corrected, with a reason, by a later one. A notice is checked as a whole before anything is recorded; each mistake
/// names its field.
/// </summary>
public static class CalendarDecider
{
    /// <summary>The platform itself, recording the notices it ships with (<see cref="CalendarSeed"/>).</summary>
    public static readonly Caller Seed = new("calendar-seed", "platform", Roles.System);

    /// <summary>The longest holiday of any notice so far is 9 days; a range of more than a month is a typing mistake.</summary>
    private const int LongestHolidayDays = 31;

    public static IReadOnlyList<object> Record(CalendarYear? state, int year, HolidayNotice notice, CommandContext ctx)
    {
        RequireOffice(ctx);
        var valid = Valid(year, notice, ctx);
        if (state is not null)
            throw new AlreadyExistsException($"the {year} holiday notice is recorded; a later notice corrects it, with a reason",
                $"{year} 年的放假通知已记录；如有变动，请以后发通知更正并说明理由", DirectoriesReasons.HolidayNoticeExists.About(year));
        return [new HolidayNoticeRecorded(year, valid, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Correct(CalendarYear? state, int year, HolidayNotice notice, string reason, CommandContext ctx)
    {
        RequireOffice(ctx);
        var valid = Valid(year, notice, ctx);
        var why = Require.Text(reason, "reason", 500);
        var current = state ?? throw new NotFoundException($"no holiday notice for {year} is recorded", $"尚未记录 {year} 年的放假通知",
            DirectoriesReasons.HolidayNoticeNotFound.About(year));
        if (Same(valid, current.Notice))
            throw new RuleViolationException($"the correction is the {year} notice as recorded", $"更正的内容与已记录的 {year} 年放假通知相同",
                DirectoriesReasons.CorrectionUnchanged.About(year));
        return [new HolidayNoticeCorrected(year, valid, why, ctx.Caller, ctx.Now)];
    }

    /// <summary>A notice the platform ships with, for a year that has none yet; a year with one keeps it.</summary>
    public static IReadOnlyList<object> SeedYear(CalendarYear? state, int year, HolidayNotice notice, CommandContext ctx) =>
        state is not null ? [] : [new HolidayNoticeRecorded(year, Valid(year, notice, ctx), ctx.Caller, ctx.Now)];

    private static void RequireOffice(CommandContext ctx)
    {
        // The notices hold for the whole platform: the city office records them, not a county's.
        if (!ctx.Caller.IsSupervisor() || !Regions.CityOrWider(ctx.Caller.Region))
            throw new ForbiddenException("only the city office records the holiday notices", "放假通知只能由市双随机办记录", Reasons.OfficeOnly.About(null));
    }

    private static HolidayNotice Valid(int year, HolidayNotice notice, CommandContext ctx)
    {
        var today = ChinaDate.Of(ctx.Now);
        if (year < 2000 || year > today.Year + 1)
            throw new InvalidFieldException("year", $"{year}: a notice is recorded for a year from 2000 to next year ({today.Year + 1})",
                $"{year}：只能记录 2000 年至明年（{today.Year + 1} 年）的通知", Reasons.FieldOutOfRange);
        var title = Require.Text(notice.Title, "title", 200);
        if (notice.IssuedOn > today)
            throw new InvalidFieldException("issued_on", $"{notice.IssuedOn:yyyy-MM-dd} is in the future", $"{notice.IssuedOn:yyyy-MM-dd} 晚于今天", Reasons.DateInFuture.About(today));
        if (notice.IssuedOn.Year < year - 1 || notice.IssuedOn.Year > year)
            throw new InvalidFieldException("issued_on", $"{notice.IssuedOn:yyyy-MM-dd}: the {year} notice is issued in {year - 1} or {year}",
                $"{notice.IssuedOn:yyyy-MM-dd}：{year} 年的通知应于 {year - 1} 年或 {year} 年发布", Reasons.FieldOutOfRange);
        if (notice.Holidays.Count == 0)
            throw new InvalidFieldException("holidays", "is required: the notice's public holidays", "必填：通知中的法定节假日", Reasons.FieldRequired);
        var holidays = Holidays(notice.Holidays, year);
        return new HolidayNotice(title, notice.IssuedOn, holidays, Workdays(notice.Workdays, holidays, year));
    }

    private static Holiday[] Holidays(IReadOnlyList<Holiday> given, int year)
    {
        var holidays = new Holiday[given.Count];
        for (var i = 0; i < given.Count; i++)
        {
            var h = given[i];
            var name = Require.Text(h.Name, $"holidays[{i}].name", 50);
            if (h.To < h.From)
                throw new InvalidFieldException($"holidays[{i}].to", $"{h.To:yyyy-MM-dd} is before its start {h.From:yyyy-MM-dd}", $"{h.To:yyyy-MM-dd} 早于开始日期 {h.From:yyyy-MM-dd}",
                    Reasons.DateTooEarly.About(h.From));
            if (h.To.Year != year)
                throw new InvalidFieldException($"holidays[{i}].to", $"{h.To:yyyy-MM-dd} is not in {year}", $"{h.To:yyyy-MM-dd} 不在 {year} 年内", Reasons.FieldOutOfRange);
            if (h.To.DayNumber - h.From.DayNumber >= LongestHolidayDays)
                throw new InvalidFieldException($"holidays[{i}].from", $"{h.From:yyyy-MM-dd} to {h.To:yyyy-MM-dd} is longer than {LongestHolidayDays} days",
                    $"{h.From:yyyy-MM-dd} 至 {h.To:yyyy-MM-dd} 超过 {LongestHolidayDays} 天", Reasons.FieldOutOfRange);
            if (Array.FindIndex(holidays, 0, i, earlier => earlier.Name == name) >= 0)
                throw new InvalidFieldException($"holidays[{i}].name", $"{name} appears twice", $"{name} 重复出现", Reasons.FieldDuplicate);
            if (holidays.Take(i).FirstOrDefault(earlier => earlier.From <= h.To && h.From <= earlier.To) is { } overlapped)
                throw new InvalidFieldException($"holidays[{i}].from", $"{name} overlaps {overlapped.Name} ({overlapped.From:yyyy-MM-dd} to {overlapped.To:yyyy-MM-dd})",
                    $"{name} 与{overlapped.Name}（{overlapped.From:yyyy-MM-dd} 至 {overlapped.To:yyyy-MM-dd}）重叠", DirectoriesReasons.HolidaysOverlap.About(overlapped.Name));
            holidays[i] = new Holiday(name, h.From, h.To);
        }
        return holidays;
    }

    private static MakeUpWorkday[] Workdays(IReadOnlyList<MakeUpWorkday> given, IReadOnlyList<Holiday> holidays, int year)
    {
        var workdays = new MakeUpWorkday[given.Count];
        for (var i = 0; i < given.Count; i++)
        {
            var (date, field) = (given[i].Date, $"workdays[{i}].date");
            if (date.Year != year || date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                throw new InvalidFieldException(field, $"{date:yyyy-MM-dd} ({date.DayOfWeek}): a make-up working day is a Saturday or Sunday of {year}",
                    $"{date:yyyy-MM-dd}：调休上班日须为 {year} 年的周六或周日");
            if (Array.FindIndex(workdays, 0, i, earlier => earlier.Date == date) >= 0)
                throw new InvalidFieldException(field, $"{date:yyyy-MM-dd} appears twice", $"{date:yyyy-MM-dd} 重复出现", Reasons.FieldDuplicate);
            if (holidays.FirstOrDefault(h => h.From <= date && date <= h.To) is { } holiday)
                throw new InvalidFieldException(field, $"{date:yyyy-MM-dd} is also a holiday ({holiday.Name})", $"{date:yyyy-MM-dd} 同时是节假日（{holiday.Name}）");
            var name = Require.Text(given[i].Holiday, $"workdays[{i}].holiday", 50);
            if (holidays.All(h => h.Name != name))
                throw new InvalidFieldException($"workdays[{i}].holiday", $"no holiday of this notice is named {name}", $"本通知中没有名为{name}的节假日",
                    Reasons.UnknownReference);
            workdays[i] = new MakeUpWorkday(date, name);
        }
        return workdays;
    }

    private static bool Same(HolidayNotice a, HolidayNotice b) =>
        a.Title == b.Title && a.IssuedOn == b.IssuedOn && a.Holidays.SequenceEqual(b.Holidays) && a.Workdays.SequenceEqual(b.Workdays);
}
