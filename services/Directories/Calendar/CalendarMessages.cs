using JasperFx.Events;
using Marten;
using MassTransit;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.ServiceDefaults.Messaging;

namespace Shuangsuiji.Directories.Calendar;

/// <summary>A year's notice as the state-carrying <see cref="HolidayNoticeChanged"/>, for every service that counts working days.</summary>
public static class CalendarMessages
{
    public static async Task<object?> ToMessageAsync(IEvent e, IQuerySession session, CancellationToken ct)
    {
        if (e.Data is not (HolidayNoticeRecorded or HolidayNoticeCorrected)) return null;
        var year = await session.LoadAsync<CalendarYear>(e.StreamKey!, ct)
            ?? throw new InvalidOperationException($"{e.StreamKey} has events but no snapshot");
        return Of(year);
    }

    /// <summary>The year as it now stands: its notice, and the reason of the last correction if it was corrected.</summary>
    public static HolidayNoticeChanged Of(CalendarYear year) =>
        new(year.Year, year.Version, year.Replaced.Count == 0 ? "recorded" : "corrected", year.Notice.Title, year.Notice.IssuedOn,
            [.. year.Notice.Holidays.Select(h => new HolidayInfo(h.Name, h.From, h.To))],
            [.. year.Notice.Workdays.Select(w => new MakeUpWorkdayInfo(w.Date, w.Holiday))],
            year.Replaced.LastOrDefault()?.Reason, year.UpdatedAt);
}

/// <summary>
/// Answers a service that asks for the notices (it started after they were published) with each year's message again,
/// under the id and headers the relay gave it for the year's latest change: a service that has it already skips it.
/// </summary>
public sealed class HolidayNoticesRequestedConsumer(IDocumentStore store, TimeProvider clock) : IdempotentConsumer<HolidayNoticesRequested>(store, clock)
{
    protected override async Task Handle(HolidayNoticesRequested request, IDocumentSession session, ConsumeContext<HolidayNoticesRequested> context)
    {
        var ct = context.CancellationToken;
        foreach (var year in await session.Query<CalendarYear>().OrderBy(y => y.Year).ToListAsync(ct))
        {
            var latest = (await session.Events.FetchStreamAsync(year.Id, token: ct))[^1];
            await context.Publish(CalendarMessages.Of(year), publish =>
            {
                publish.MessageId = latest.Id;
                EventRelay.Attribute(publish, latest);
            }, ct);
        }
    }
}
