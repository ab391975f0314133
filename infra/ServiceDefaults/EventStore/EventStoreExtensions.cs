using System.Diagnostics;
using System.Text.Encodings.Web;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Shuangsuiji.ServiceDefaults.Messaging;
using Shuangsuiji.ServiceDefaults.Telemetry;
using Weasel.Core;

namespace Shuangsuiji.ServiceDefaults.EventStore;

public static class EventStoreExtensions
{
    /// <summary>
    /// The service's own Marten event store on PostgreSQL (ConnectionStrings:Postgres; schema Marten:Schema,
    /// default the service name), its async daemon, and the <see cref="EventStoreName"/> other pieces find it by (the audit
    /// trail of infra/AuditTrail, which every host adds). Configuration is read when the store is first built, so tests can
    /// override it. Any number of hosts of a service may share the store: the daemon runs hot/cold, each of its
    /// subscriptions (the relay, the audit chain, the public feed) on one host at a time, held by a PostgreSQL advisory lock
    /// that another host takes within Marten:LeadershipPollingSeconds (default 5) once its holder is gone; the periodic
    /// watches likewise (<see cref="ScanLeadership"/>).
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddEventStore(
        this IHostApplicationBuilder builder, string serviceName, Action<StoreOptions> configure)
    {
        builder.Services.AddSingleton(sp =>
        {
            var config = sp.GetRequiredService<IConfiguration>();
            var connectionString = config.GetConnectionString("Postgres")
                ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not configured");
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            // A connection goes back to the pool as it is: no DISCARD ALL, which threw away the plans of Marten's append
            // function and of every prepared statement and doubled an append's cost. Nothing here leaves session state
            // behind (advisory locks, SET and temporary tables are all per transaction). The statements every command
            // and message repeats are prepared once per connection.
            builder.ConnectionStringBuilder.NoResetOnClose = true;
            builder.ConnectionStringBuilder.MaxAutoPrepare = Math.Max(builder.ConnectionStringBuilder.MaxAutoPrepare, 100);
            // The async daemon polls all the time; only trace database calls that belong to a request or a message.
            return builder.ConfigureTracing(t => t.ConfigureCommandFilter(_ => Activity.Current is not null)).Build();
        });

        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres", tags: ["ready"]);
        builder.Services.AddSingleton<Commands>();
        // First among the hosted services, so that the watches know they share the store before they first scan.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, ScanLeadership.Binding>());
        builder.Services.AddHostedService<ProcessedRecordsRetention>();
        builder.Services.AddSingleton<SubscriptionProgress>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SubscriptionProgress>());
        builder.Services.AddHealthChecks().AddCheck<SubscriptionProgress>("subscriptions");
        builder.Services.AddSingleton(sp => new EventStoreName(serviceName, SchemaName(sp.GetRequiredService<IConfiguration>(), serviceName),
            builder.Environment.ApplicationName));
        return builder.Services.AddMarten(sp =>
            {
                var config = sp.GetRequiredService<IConfiguration>();
                var options = new StoreOptions();
                options.Connection(sp.GetRequiredService<NpgsqlDataSource>());
                options.DatabaseSchemaName = SchemaName(config, serviceName);
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                // Keep Chinese text readable and compact in the stored JSON.
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase,
                    json => json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
                options.Events.StreamIdentity = StreamIdentity.AsString;
                options.Events.MetadataConfig.HeadersEnabled = true;
                options.Events.MetadataConfig.CorrelationIdEnabled = true;
                options.Events.MetadataConfig.CausationIdEnabled = true;
                options.Events.MetadataConfig.UserNameEnabled = true;
                // Wake the relay as soon as events are committed instead of waiting for the next poll.
                options.Events.UseListenNotifyForEventAppends = true;
                options.Projections.LeadershipPollingTime = (int)(config.GetValue("Marten:LeadershipPollingSeconds", 5.0) * 1000);
                // A gap in the sequence numbers is either an append still running (an import's batch, a slow commit) or one
                // that rolled back. The daemon waits while PostgreSQL shows a transaction that may still fill the gap, however
                // long it takes, and skips it only once none is left: an event that commits late is relayed, chained and
                // published like any other, never skipped for good.
                options.Projections.UseTransactionEvidenceForGapSkipping = true;
                options.Projections.SkipStaleGapsDespiteLiveTransactionsAfter = null;
                options.Listeners.Add(new EventCounting(sp.GetRequiredService<PlatformMetrics>()));
                options.Schema.For<ProcessedMessage>();
                options.Schema.For<ProcessedRequest>();
                configure(options);
                return options;
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .AddAsyncDaemon(DaemonMode.HotCold);
    }

    /// <summary>The database schema of the service's store (and of any table it keeps beside it).</summary>
    public static string SchemaName(IConfiguration config, string serviceName) => config["Marten:Schema"] ?? serviceName;

    /// <summary>Publishes the store's committed events on the bus as the contract messages <typeparamref name="TMap"/> maps them to.</summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression PublishesWith<TMap>(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten)
        where TMap : class, IIntegrationEventMap
    {
        marten.Services.AddSingleton<IIntegrationEventMap, TMap>();
        marten.Services.AddSingleton<EventRepublisher>();
        return marten.AddSubscriptionWithServices<EventRelay>(ServiceLifetime.Singleton, o =>
        {
            o.Name = EventRelay.SubscriptionKey;
            o.Options.BatchSize = 500;
        });
    }
}

/// <summary>The service a host's event store belongs to, its database schema, and the host's own assembly (where it declares what it keeps).</summary>
public sealed record EventStoreName(string Service, string Schema, string Application);
