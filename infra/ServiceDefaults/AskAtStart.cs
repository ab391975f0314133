using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Shuangsuiji.ServiceDefaults;

/// <summary>
/// Publishes a request once the host (and with it the bus, so the answers find its queue) has started: a service that keeps
/// a copy of another's records asks for what was published before it first started. A failed request is logged: what
/// changes later still arrives.
/// </summary>
public sealed class AskAtStart(Func<DateTimeOffset, object> request, IBus bus, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<AskAtStart> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var started = new TaskCompletionSource();
        await using (lifetime.ApplicationStarted.Register(started.SetResult))
            await started.Task.WaitAsync(stop);
        var message = request(clock.GetUtcNow());
        try
        {
            await bus.Publish(message, stop);
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            log.LogWarning(e, "could not ask with {Request}", message.GetType().Name);
        }
    }

    /// <summary>Adds the request (as its own hosted service: several of them live side by side).</summary>
    public static void Add(IServiceCollection services, Func<DateTimeOffset, object> request) =>
        services.AddSingleton<IHostedService>(sp => new AskAtStart(request, sp.GetRequiredService<IBus>(), sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AskAtStart>>()));
}
