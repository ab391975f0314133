using System.Reflection;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shuangsuiji.ServiceDefaults.EventStore;

namespace Shuangsuiji.AuditTrail;

public static class AuditTrailExtensions
{
    /// <summary>
    /// The audit trail of the host's event store: the hash chain of every stored event, kept by a subscription of the
    /// daemon (<see cref="AuditChainWriter"/>), and the read API the host maps with <see cref="AuditTrailEndpoints.MapAuditTrail"/>,
    /// which applies the <see cref="AuditMask"/> the service declares in its own assembly.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression WithAuditTrail(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten)
    {
        var services = marten.Services;
        services.AddSingleton(sp => new AuditLog(sp.GetRequiredService<EventStoreName>().Service, sp.GetRequiredService<EventStoreName>().Schema));
        services.AddSingleton(sp => AuditMask.Of(Assembly.Load(sp.GetRequiredService<EventStoreName>().Application)));
        // First among the hosted services, so that the chain's table exists before the daemon starts.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp =>
            TableSetup.Runner(sp, (sp.GetRequiredService<AuditLog>().Schema, sp.GetRequiredService<AuditLog>().CreateStatements))));
        services.ConfigureMarten(o => o.Events.MapEventType<AuditTrailRead>(AuditTrailRead.StoredName));
        return marten.AddSubscriptionWithServices<AuditChainWriter>(ServiceLifetime.Singleton, o =>
        {
            o.Name = AuditChainWriter.SubscriptionName;
            // The writer reads the stored rows itself; the daemon only has to hand it each range of sequence numbers.
            // Letting it load just the rarest events (reads of the trail) spares it deserialising every event a second
            // time, an import's 5,000-row batches included: a page still spans every number up to its ceiling.
            o.IncludeType<AuditTrailRead>();
        });
    }
}
