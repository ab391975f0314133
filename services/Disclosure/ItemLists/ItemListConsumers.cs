using Marten;
using MassTransit;
using Shuangsuiji.Contracts.Catalog;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.ServiceDefaults.Messaging;

namespace Shuangsuiji.Disclosure.ItemLists;

public sealed class DepartmentChangedConsumer(IDocumentStore store, TimeProvider clock)
    : IdempotentConsumer<DepartmentChanged>(store, clock)
{
    protected override async Task Handle(DepartmentChanged m, IDocumentSession session, ConsumeContext<DepartmentChanged> context)
    {
        var current = await session.LoadAsync<PublicDepartment>(m.DepartmentId, context.CancellationToken);
        if (current?.SourceVersion >= m.Version) return;
        session.Store(new PublicDepartment(m.DepartmentId, m.Name, m.Level, m.RegionCode, m.ParentId, m.Retired, m.SuccessorId, m.Version));
    }
}

public sealed class InspectionItemChangedConsumer(IDocumentStore store, TimeProvider clock)
    : IdempotentConsumer<InspectionItemChanged>(store, clock)
{
    protected override async Task Handle(InspectionItemChanged m, IDocumentSession session, ConsumeContext<InspectionItemChanged> context)
    {
        var entry = await session.LoadAsync<PublicListItem>(m.ItemId, context.CancellationToken)
            ?? new PublicListItem(m.ItemId, m.DepartmentId, m.Code, PublicListItem.Own, null, null, false, []);
        if (entry.Has(m.Version)) return;
        session.Store(entry.With(new PublicRevision(m.Version, m.Change, m.Content, m.Reason, m.EffectiveOn, m.At)));
    }
}

public sealed class ItemClaimChangedConsumer(IDocumentStore store, TimeProvider clock)
    : IdempotentConsumer<ItemClaimChanged>(store, clock)
{
    protected override async Task Handle(ItemClaimChanged m, IDocumentSession session, ConsumeContext<ItemClaimChanged> context)
    {
        var entry = await session.LoadAsync<PublicListItem>(m.ItemId, context.CancellationToken)
            ?? new PublicListItem(m.ItemId, m.DepartmentId, m.Code, PublicListItem.Claimed, m.SourceItemId, m.LocalKind, m.Withdrawn, []);
        if (entry.Has(m.Version)) return;
        // The claim's current terms come from its newest message; an older one only fills in the history.
        var current = m.Version > entry.LatestVersion()
            ? entry with { SourceItemId = m.SourceItemId, LocalKind = m.LocalKind, Withdrawn = m.Withdrawn }
            : entry;
        session.Store(current.With(new PublicRevision(m.Version, m.Change, null, m.Reason, null, m.At)));
    }
}
