using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Directories.V1;

namespace Shuangsuiji.Directories.Calendar;

/// <summary>The working-day calendar: the office records and corrects the State Council notices; anyone reads them.</summary>
public sealed class CalendarApi(IDocumentStore store, Commands commands) : Proto.HolidayCalendar.HolidayCalendarBase
{
    public override Task<Proto.HolidayNoticeYear> RecordHolidayNotice(Proto.RecordHolidayNoticeRequest r, ServerCallContext call)
    {
        var notice = Notice(r.Title, r.IssuedOn, r.Holidays, r.Workdays);
        return Change(r.Year, null, call, (state, ctx) => CalendarDecider.Record(state, r.Year, notice, ctx));
    }

    public override Task<Proto.HolidayNoticeYear> CorrectHolidayNotice(Proto.CorrectHolidayNoticeRequest r, ServerCallContext call)
    {
        var notice = Notice(r.Title, r.IssuedOn, r.Holidays, r.Workdays);
        return Change(r.Year, r.HasExpectedVersion ? r.ExpectedVersion : null, call,
            (state, ctx) => CalendarDecider.Correct(state, r.Year, notice, r.Reason, ctx));
    }

    [AllowAnonymous]
    public override async Task<Proto.ListHolidayNoticesResponse> ListHolidayNotices(Proto.ListHolidayNoticesRequest r, ServerCallContext call)
    {
        await using var query = store.QuerySession();
        var years = await query.Query<CalendarYear>().OrderBy(y => y.Year).ToListAsync(call.CancellationToken);
        return new Proto.ListHolidayNoticesResponse { Years = { years.Select(ToProto) } };
    }

    private async Task<Proto.HolidayNoticeYear> Change(int year, long? expectedVersion, ServerCallContext call,
        Func<CalendarYear?, CommandContext, IReadOnlyList<object>> decide) =>
        ToProto(await commands.Run(call, CalendarYear.StreamId(year), expectedVersion, decide));

    private static HolidayNotice Notice(string title, string issuedOn, IEnumerable<Proto.Holiday> holidays, IEnumerable<Proto.MakeUpWorkday> workdays) =>
        new(title, Require.Date(issuedOn, "issued_on"),
            [.. holidays.Select((h, i) => new Holiday(h.Name, Require.Date(h.From, $"holidays[{i}].from"), Require.Date(h.To, $"holidays[{i}].to")))],
            [.. workdays.Select((w, i) => new MakeUpWorkday(Require.Date(w.Date, $"workdays[{i}].date"), w.Holiday))]);

    private static Proto.HolidayNotice ToProto(HolidayNotice n) => new()
    {
        Title = n.Title,
        IssuedOn = n.IssuedOn.ToString("yyyy-MM-dd"),
        Holidays = { n.Holidays.Select(h => new Proto.Holiday { Name = h.Name, From = h.From.ToString("yyyy-MM-dd"), To = h.To.ToString("yyyy-MM-dd") }) },
        Workdays = { n.Workdays.Select(w => new Proto.MakeUpWorkday { Date = w.Date.ToString("yyyy-MM-dd"), Holiday = w.Holiday }) },
    };

    private static Proto.HolidayNoticeYear ToProto(CalendarYear y) => new()
    {
        Year = y.Year,
        Notice = ToProto(y.Notice),
        Replaced = { y.Replaced.Select(x => new Proto.ReplacedNotice { Notice = ToProto(x.Notice), Reason = x.Reason, ReplacedAt = Timestamp.FromDateTimeOffset(x.ReplacedAt) }) },
        Version = y.Version,
        UpdatedAt = Timestamp.FromDateTimeOffset(y.UpdatedAt),
    };
}
