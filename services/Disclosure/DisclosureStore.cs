using Marten;
using Shuangsuiji.Disclosure.ItemLists;

namespace Shuangsuiji.Disclosure;

public static class DisclosureStore
{
    public static void Configure(StoreOptions options)
    {
        options.Schema.For<PublicListItem>().Index(i => i.DepartmentId).UseOptimisticConcurrency(true);
        // Consumers of the same record may race; the loser retries instead of overwriting.
        options.Schema.For<PublicDepartment>().UseOptimisticConcurrency(true);
    }
}
