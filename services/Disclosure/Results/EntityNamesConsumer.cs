using Marten;
using MassTransit;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.ServiceDefaults.Messaging;

namespace Shuangsuiji.Disclosure.Results;

/// <summary>Keeps the entities' names (public register data) from the directories' messages, the newest version of each.</summary>
public sealed class EntityNamesConsumer(IDocumentStore store, TimeProvider clock, PublicTables tables)
    : IdempotentConsumer<MarketEntitiesChanged>(store, clock)
{
    protected override Task Handle(MarketEntitiesChanged m, IDocumentSession session, ConsumeContext<MarketEntitiesChanged> context)
    {
        // One row per entity: a batch naming an entity twice would make the upsert touch its row twice.
        var rows = m.Entities.GroupBy(e => e.Uscc).Select(g => g.MaxBy(e => e.Version)!).ToList();
        session.QueueSqlCommand(tables.UpsertNames, rows.Select(e => e.Uscc).ToArray(), rows.Select(e => e.Name).ToArray(), rows.Select(e => e.Version).ToArray());
        return Task.CompletedTask;
    }
}
