using Marten;
using Shuangsuiji.Contracts.Catalog;
using Shuangsuiji.Contracts.Directories;

namespace Shuangsuiji.Disclosure.ItemLists;

public sealed class DepartmentChangedConsumer(IDocumentStore store, TimeProvider clock) : PublicFactConsumer<DepartmentChanged, PublicDepartment>(store, clock)
{
    protected override string StreamOf(DepartmentChanged fact) => fact.DepartmentId;

    protected override object Public(DepartmentChanged message) => DepartmentFact.Of(message);
}

public sealed class InspectionItemChangedConsumer(IDocumentStore store, TimeProvider clock) : PublicFactConsumer<InspectionItemChanged, PublicListItem>(store, clock)
{
    protected override string StreamOf(InspectionItemChanged fact) => fact.ItemId;
}

public sealed class ItemClaimChangedConsumer(IDocumentStore store, TimeProvider clock) : PublicFactConsumer<ItemClaimChanged, PublicListItem>(store, clock)
{
    protected override string StreamOf(ItemClaimChanged fact) => fact.ItemId;
}
