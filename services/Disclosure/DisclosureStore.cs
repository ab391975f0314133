using Marten;
using Shuangsuiji.Contracts.Tasks;
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
        options.Schema.For<PublicListItem>().Index(i => i.DepartmentId).UseOptimisticConcurrency(true);
        // Consumers of the same record may race; the loser retries instead of overwriting.
        options.Schema.For<PublicDepartment>().UseOptimisticConcurrency(true);

        // The public facts received are disclosure's own event log; each record is a stream's snapshot. Stored
        // names are part of the log: never rename them, add new ones instead.
        options.AddAggregate<PublicPlan>((typeof(PlanVersionPublished), "plan_version_published"));
        options.AddAggregate<PublicTask>((typeof(TaskAnnounced), "task_announced"));
        options.AddAggregate<PublicResult>((typeof(ResultPublished), "result_published"), (typeof(HandlingPublished), "handling_published"));
        options.Schema.For<PublicPlan>().Index(p => p.DepartmentId);
        options.Schema.For<PublicResult>().Index(x => x.Uscc).Index(x => x.DepartmentId).Index(x => x.TaskId);
    }
}
