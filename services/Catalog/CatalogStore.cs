using Marten;
using Shuangsuiji.Catalog.Departments;
using Shuangsuiji.Catalog.Forms;
using Shuangsuiji.Catalog.Items;
using Shuangsuiji.Catalog.JointItems;
using Shuangsuiji.ServiceDefaults.EventStore;

namespace Shuangsuiji.Catalog;

public static class CatalogStore
{
    public static void Configure(StoreOptions options)
    {
        options.AddAggregate<InspectionItem>(
            (typeof(ItemCreated), "item_created"),
            (typeof(ItemAmended), "item_amended"),
            (typeof(ItemRetired), "item_retired"),
            (typeof(ItemClaimed), "item_claimed"),
            (typeof(ClaimWithdrawn), "claim_withdrawn"));
        options.AddAggregate<FormTemplate>(
            (typeof(FormDefined), "form_defined"),
            (typeof(FormRevised), "form_revised"));
        options.AddAggregate<JointItemList>((typeof(JointItemListPublished), "joint_item_list_published"));
        options.Schema.For<InspectionItem>().Index(i => i.DepartmentId);
        options.Schema.For<FormTemplate>().Index(f => f.ItemId);
        // Consumers of the same department may race; the loser retries instead of overwriting.
        options.Schema.For<Department>().UseOptimisticConcurrency(true);
    }
}
