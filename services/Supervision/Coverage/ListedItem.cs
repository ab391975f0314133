using Marten;
using Shuangsuiji.Contracts.Catalog;
using Shuangsuiji.Supervision.Activity;

namespace Shuangsuiji.Supervision.Coverage;

/// <summary>
/// An item of a department's list of random-inspection items (随机抽查事项清单) as the catalog last reported it: its own items
/// and those it claimed (认领); <see cref="Listed"/> is false once retired or the claim withdrawn.
/// </summary>
public sealed record ListedItem(string Id, string DepartmentId, string Code, bool Listed, long Version) : IKept
{
    public static ListedItem From(InspectionItemChanged m) => new(m.ItemId, m.DepartmentId, m.Code, m.Change != "retired", m.Version);

    public static ListedItem From(ItemClaimChanged m) => new(m.ItemId, m.DepartmentId, m.Code, !m.Withdrawn, m.Version);
}

public sealed class InspectionItemConsumer(IDocumentStore store, TimeProvider clock)
    : KeptConsumer<InspectionItemChanged, ListedItem>(store, clock, ListedItem.From);

public sealed class ItemClaimConsumer(IDocumentStore store, TimeProvider clock)
    : KeptConsumer<ItemClaimChanged, ListedItem>(store, clock, ListedItem.From);
