using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Shuangsuiji.ServiceDefaults.Telemetry;

/// <summary>
/// The platform's own instruments, in one meter per host ("Shuangsuiji", exported with the framework's on /metrics and by
/// OTLP): every event a service stores, by its type — draws executed, results published, imports finished and the rest are
/// read from it by type, so no service counts its facts twice —, rows read by the directories' imports by outcome, and
/// what the hosts sample (<see cref="SubscriptionProgress"/>, the tasks service's deadlines).
/// </summary>
public sealed class PlatformMetrics
{
    public const string MeterName = "Shuangsuiji";

    /// <summary>The source of the platform's own spans (the relay's publish of a stored event, in the trace of its command).</summary>
    public static readonly ActivitySource Activities = new(MeterName);

    public PlatformMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        EventsStored = Meter.CreateCounter<long>("shuangsuiji.events.stored", "{event}", "Events stored by the service, by event_type.");
        ImportRows = Meter.CreateCounter<long>("shuangsuiji.import.rows", "{row}", "Rows of imported files read, by kind and outcome (added, changed, unchanged, rejected).");
    }

    public Meter Meter { get; }

    public Counter<long> EventsStored { get; }

    public Counter<long> ImportRows { get; }
}
