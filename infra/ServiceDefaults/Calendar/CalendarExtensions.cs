using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
        AskAtStart.Add(builder.Services, at => new HolidayNoticesRequested(serviceName, at));
        return builder;
    }
}
