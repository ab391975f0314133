using Marten;
using Marten.Services;

namespace Shuangsuiji.ServiceDefaults.Telemetry;

/// <summary>Counts the events of every committed session by type (<see cref="PlatformMetrics.EventsStored"/>).</summary>
public sealed class EventCounting(PlatformMetrics metrics) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var type in commit.GetEvents().GroupBy(e => e.EventTypeName))
            metrics.EventsStored.Add(type.Count(), new KeyValuePair<string, object?>("event_type", type.Key));
        return Task.CompletedTask;
    }
}
