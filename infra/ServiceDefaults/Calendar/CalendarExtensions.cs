using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Shuangsuiji.Contracts.Directories;

namespace Shuangsuiji.ServiceDefaults.Calendar;

public static class CalendarExtensions
{
    /// <summary>
    /// A service that counts working days follows the holiday notices the directories publish: it keeps them in its
    /// store (its bus takes <see cref="HolidayNoticeConsumer"/>: AddConsumer in AddBus) and injects <see cref="LiveCalendar"/>;
    /// what it keeps that a notice moves, an <see cref="ICalendarFollower"/> recomputes. At start it asks for every
    /// year's notice, which it may have missed (started for the first time after they were published).
    /// </summary>
    public static IHostApplicationBuilder AddWorkingDayCalendar(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.Services.ConfigureMarten(o => o.Schema.For<KeptHolidayNotice>().UseOptimisticConcurrency(true));
        builder.Services.AddSingleton<LiveCalendar>();
        builder.Services.AddHostedService<LiveCalendarRefresh>();
        builder.Services.AddHostedService(sp => new HolidayNoticesRequest(serviceName, sp.GetRequiredService<IBus>(),
            sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<HolidayNoticesRequest>>()));
        return builder;
    }
}

/// <summary>Asks for every year's holiday notice once the host (and with it the bus, so the answers find its queue) has started.</summary>
internal sealed class HolidayNoticesRequest(string service, IBus bus, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<HolidayNoticesRequest> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var started = new TaskCompletionSource();
        await using (lifetime.ApplicationStarted.Register(started.SetResult))
            await started.Task.WaitAsync(stop);
        try
        {
            await bus.Publish(new HolidayNoticesRequested(service, clock.GetUtcNow()), stop);
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            // The notices still arrive as they are recorded; only one missed before the first start would be missing.
            log.LogWarning(e, "could not ask for the holiday notices");
        }
    }
}
