using System.Text.Json;
using JasperFx;
using Marten;
using Marten.Exceptions;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Directories.Calendar;

/// <summary>
/// The State Council notices the platform ships with (holidays.json, embedded), recorded when the host starts for every
/// year that has no notice yet, attributed to the platform (<see cref="CalendarDecider.Seed"/>) and checked by the same
/// rules as the office's: a mistake in the file stops the host. A year the office recorded keeps its notice.
/// </summary>
public sealed class CalendarSeed(IDocumentStore store, TimeProvider clock) : IHostedService
{
    public static IReadOnlyList<(int Year, HolidayNotice Notice)> Notices { get; } = Load();

    /// <summary>The calendar of the shipped notices alone, for what runs without the platform (tests).</summary>
    public static WorkingDayCalendar WorkingDays { get; } = Notices.Aggregate(WorkingDayCalendar.Empty, (calendar, n) => calendar.With(n.Year,
        n.Notice.Holidays.SelectMany(h => Enumerable.Range(0, h.To.DayNumber - h.From.DayNumber + 1).Select(h.From.AddDays)),
        n.Notice.Workdays.Select(w => w.Date)));

    public async Task StartAsync(CancellationToken ct)
    {
        var ctx = new CommandContext(CalendarDecider.Seed, "calendar-seed", "calendar-seed", clock.GetUtcNow());
        foreach (var (year, notice) in Notices)
        {
            await using var session = store.OpenSession(ctx);
            try
            {
                await session.Decide<CalendarYear>(CalendarYear.StreamId(year), null, state => CalendarDecider.SeedYear(state, year, notice, ctx), ct);
            }
            catch (Exception e) when (e is ConcurrencyException or ExistingStreamIdCollisionException)
            {
                // Another host starting beside this one recorded the year first.
            }
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    private static IReadOnlyList<(int Year, HolidayNotice Notice)> Load()
    {
        using var stream = typeof(CalendarSeed).Assembly.GetManifestResourceStream("holidays.json")
            ?? throw new InvalidOperationException("the embedded resource holidays.json is missing");
        var file = JsonSerializer.Deserialize<SeedFile>(stream, JsonSerializerOptions.Web) ?? throw new InvalidDataException("holidays.json is empty");
        return [.. file.Years.Select(y => (y.Year, new HolidayNotice(y.Title, y.IssuedOn, y.Holidays, y.Workdays)))];
    }

    private sealed record SeedFile(IReadOnlyList<SeedYear> Years);

    private sealed record SeedYear(int Year, string Title, DateOnly IssuedOn, IReadOnlyList<Holiday> Holidays, IReadOnlyList<MakeUpWorkday> Workdays);
}
