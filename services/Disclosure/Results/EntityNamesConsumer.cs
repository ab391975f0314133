using Marten;
using MassTransit;
using Shuangsuiji.Contracts.Draws;
using Shuangsuiji.ServiceDefaults.Messaging;

namespace Shuangsuiji.Disclosure.Results;

/// <summary>
/// Keeps the names of drawn entities (public register data), which come with each draw: only a drawn entity can have a
/// public result, so the names of the province's other millions of entities are never copied here (copying them took a
/// fifth of the machine during a large import). A name from an older version of the entity never replaces a newer one.
/// </summary>
public sealed class EntityNamesConsumer(IDocumentStore store, TimeProvider clock, PublicTables tables)
    : IdempotentConsumer<TaskEntitiesDrawn>(store, clock)
{
    protected override Task Handle(TaskEntitiesDrawn m, IDocumentSession session, ConsumeContext<TaskEntitiesDrawn> context)
    {
        var names = (m.Names ?? []).GroupBy(n => n.Uscc).Select(g => g.MaxBy(n => n.Version)!).ToList();
        if (names.Count > 0)
            session.QueueSqlCommand(tables.UpsertNames, names.Select(n => n.Uscc).ToArray(), names.Select(n => n.Name).ToArray(),
                names.Select(n => n.Version).ToArray());
        return Task.CompletedTask;
    }
}
