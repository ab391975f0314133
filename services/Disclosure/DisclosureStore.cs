using Marten;
using Shuangsuiji.Contracts.Catalog;
using Shuangsuiji.Contracts.Supervision;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Disclosure.Checkpoints;
using Shuangsuiji.Disclosure.Circulars;
using Shuangsuiji.Disclosure.ItemLists;
using Shuangsuiji.Disclosure.Plans;
using Shuangsuiji.Disclosure.Results;
using Shuangsuiji.Disclosure.Tasks;
using Shuangsuiji.ServiceDefaults.EventStore;

namespace Shuangsuiji.Disclosure;

public static class DisclosureStore
{
    public static void Configure(StoreOptions options)
    {
        // The public facts received are disclosure's own event log; each record is a stream's snapshot. Stored
        // names are part of the log: never rename them, add new ones instead. Departments and item list entries are
        // streams named by their ids.
        options.AddAggregate<PublicDepartment>((typeof(DepartmentFact), "department_fact"));
        options.AddAggregate<PublicListItem>((typeof(InspectionItemChanged), "inspection_item_changed"), (typeof(ItemClaimChanged), "item_claim_changed"));
        options.Schema.For<PublicListItem>().Index(i => i.DepartmentId);
        options.AddAggregate<PublicJointItemList>((typeof(JointItemListPublished), "joint_item_list_published"));
        options.AddAggregate<PublicPlan>((typeof(PlanVersionPublished), "plan_version_published"));
        options.AddAggregate<PublicTask>((typeof(TaskAnnounced), "task_announced"));
        options.AddAggregate<PublicResult>((typeof(ResultPublished), "result_published"), (typeof(HandlingPublished), "handling_published"));
        options.Schema.For<PublicPlan>().Index(p => p.DepartmentId);
        options.AddAggregate<PublicCheckpoint>((typeof(CheckpointPublished), "checkpoint_published"));
        options.Schema.For<PublicCheckpoint>().Index(c => c.TreeSize);
        options.AddAggregate<PublicCircular>((typeof(CircularPublished), "circular_published"));
        options.Schema.For<PublicCircular>().Index(c => c.Corrects);
        options.Schema.For<PublicResult>().Index(x => x.Uscc).Index(x => x.DepartmentId).Index(x => x.TaskId);
    }
}
