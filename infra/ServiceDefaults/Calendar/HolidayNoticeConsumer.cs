using Marten;
using MassTransit;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.ServiceDefaults.Messaging;
using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.ServiceDefaults.Calendar;

/// <summary>
/// What a service recomputes when a year's notice is recorded or corrected (the deadlines it keeps that moved), in the
/// transaction that keeps the notice, attributed to <paramref name="ctx"/>: the caller who recorded the notice.
/// </summary>
public interface ICalendarFollower
{
    Task FollowAsync(CalendarChange change, IDocumentSession session, CommandContext ctx, CancellationToken ct);
}

/// <summary>
/// Keeps each year's newest holiday notice from the directories service (older versions change nothing) and lets the
/// service's <see cref="ICalendarFollower"/>s recompute what the notice moves, in the same transaction.
/// </summary>
public sealed class HolidayNoticeConsumer(IDocumentStore store, TimeProvider clock, LiveCalendar live, IEnumerable<ICalendarFollower> followers)
    : IdempotentConsumer<HolidayNoticeChanged>(store, clock)
{
    private readonly TimeProvider clock = clock;

    protected override async Task Handle(HolidayNoticeChanged notice, IDocumentSession session, ConsumeContext<HolidayNoticeChanged> context)
    {
        var ct = context.CancellationToken;
        var kept = await session.Query<KeptHolidayNotice>().ToListAsync(ct);
        var held = kept.FirstOrDefault(k => k.Notice.Year == notice.Year);
        if (held is not null && held.Version >= notice.Version) return;
        var next = new KeptHolidayNotice(KeptHolidayNotice.IdOf(notice.Year), notice);
        // A racing first notice of the year fails on the key, a racing later one on the version: retried over the winner.
        if (held is null) session.Insert(next);
        else session.Store(next);
        var before = HolidayNotices.Calendar(kept.Select(k => k.Notice));
        var ctx = CommandOf(session, context, clock.GetUtcNow());
        foreach (var follower in followers)
            await follower.FollowAsync(new CalendarChange(notice.Year, before, before.With(notice)), session, ctx, ct);
    }

    protected override Task Committed(HolidayNoticeChanged notice, CancellationToken ct) => live.RefreshAsync(ct);
}
