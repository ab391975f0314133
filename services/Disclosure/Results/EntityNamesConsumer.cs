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
        var rows = m.NewestOfEach();
        session.QueueSqlCommand(tables.UpsertNames, rows.Select(e => e.Uscc).ToArray(), rows.Select(e => e.Name).ToArray(), rows.Select(e => e.Version).ToArray());
        return Task.CompletedTask;
    }
}
