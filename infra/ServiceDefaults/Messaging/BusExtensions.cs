using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Shuangsuiji.ServiceDefaults.Messaging;

public static class BusExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ (ConnectionStrings:RabbitMq, an amqp:// URI with user, password and virtual host).
    /// Queues are named after the service, so each service gets its own copy of every message it consumes.
    /// A failing message is retried (<see cref="Redelivery"/>), then moved to its queue's _error queue, so it never blocks
    /// the others, and the host says so (<see cref="ParkedMessages"/>).
    /// Bus:QuorumQueues=true makes every queue a quorum queue, for a RabbitMQ cluster.
    /// </summary>
    public static IHostApplicationBuilder AddBus(
        this IHostApplicationBuilder builder, string serviceName, Action<IBusRegistrationConfigurator>? consumers = null)
    {
        builder.Services.AddSingleton<ParkedMessages>();
        builder.Services.AddReceiveObserver(sp => sp.GetRequiredService<ParkedMessages>());
        builder.Services.AddHealthChecks().AddCheck<ParkedMessages>("parked-messages");
        builder.Services.AddMassTransit(bus =>
        {
            // MassTransit would otherwise report the host's framework, OS and time zone to its vendor: a government
            // platform sends nothing out of its own network.
            bus.DisableUsageTelemetry();
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, false));
            consumers?.Invoke(bus);
            bus.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                var config = context.GetRequiredService<IConfiguration>();
                if (config.GetValue<bool>("Bus:QuorumQueues") && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                    rabbit.SetQuorumQueue();
            });
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var config = context.GetRequiredService<IConfiguration>();
                var uri = config.GetConnectionString("RabbitMq")
                    ?? throw new InvalidOperationException("ConnectionStrings:RabbitMq is not configured");
                rabbit.Host(new Uri(uri));
                rabbit.UseCompactJson();
                rabbit.UseMessageRetry(r => r.SetRetryPolicy(Redelivery.Policy));
                rabbit.ConfigureEndpoints(context);
            });
        });
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            // Queues and bindings exist before the host reports started; nothing published early is lost.
            o.WaitUntilStarted = true;
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });
        return builder;
    }

    /// <summary>
    /// Messages as JSON without indentation. MassTransit indents by default: a third of an import batch's message would
    /// be spaces and newlines, for every consumer to skip. Anything else that publishes contract messages (the
    /// benchmarks) writes them the same way.
    /// </summary>
    public static void UseCompactJson(this IRabbitMqBusFactoryConfigurator rabbit) =>
        rabbit.ConfigureJsonSerializerOptions(json =>
        {
            json.WriteIndented = false;
            return json;
        });
}
