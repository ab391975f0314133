using JasperFx.Events;
using Marten;
using Npgsql;
using Shuangsuiji.Contracts.Catalog;
using Shuangsuiji.Contracts.Supervision;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Disclosure.Checkpoints;
using Shuangsuiji.Disclosure.ItemLists;
using Shuangsuiji.Disclosure.Plans;
using Shuangsuiji.Disclosure.Tasks;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Disclosure.Results;

/// <summary>
/// Builds every public record again from disclosure's own event log (the public facts it received): drops the
/// departments, item lists, plans, task announcements, results, checkpoints and the export feed, then replays the log in order. The records are pure
/// folds of their streams, so the same log gives the same records. The streams' states are held in memory
/// while replaying (a few hundred bytes per record).
/// </summary>
public sealed class PublicRecordsRebuild(IDocumentStore store, NpgsqlDataSource db, PublicTables tables)
{
    private const int PageSize = 5_000;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        foreach (var type in new[] { typeof(PublicDepartment), typeof(PublicListItem), typeof(PublicPlan), typeof(PublicTask), typeof(PublicResult), typeof(PublicCheckpoint) })
            await store.Advanced.Clean.DeleteDocumentsByTypeAsync(type, ct);
        await using (var truncate = db.CreateCommand($"truncate {tables.Feed}")) await truncate.ExecuteNonQueryAsync(ct);

        var departments = new Dictionary<string, PublicDepartment>();
        var items = new Dictionary<string, PublicListItem>();
        var plans = new Dictionary<string, PublicPlan>();
        var tasks = new Dictionary<string, PublicTask>();
        var results = new Dictionary<string, PublicResult>();
        var checkpoints = new Dictionary<string, PublicCheckpoint>();
        var after = 0L;
        while (true)
        {
            await using var session = store.LightweightSession();
            var page = await session.Events.QueryAllRawEvents().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(PageSize).ToListAsync(ct);
            if (page.Count == 0) break;
            foreach (var e in page)
            {
                // The same events per record as the store's registration (DisclosureStore).
                switch (e.Data)
                {
                    case DepartmentFact: Fold(departments, e); break;
                    case InspectionItemChanged or ItemClaimChanged: Fold(items, e); break;
                    case PlanVersionPublished: Fold(plans, e); break;
                    case TaskAnnounced: Fold(tasks, e); break;
                    case ResultPublished or HandlingPublished: Fold(results, e); break;
                    case CheckpointPublished: Fold(checkpoints, e); break;
                }
                PublicFeed.Write(e, session, tables);
            }
            await session.SaveChangesAsync(ct);
            after = page[^1].Sequence;
        }

        await using (var session = store.LightweightSession())
        {
            session.Store<PublicDepartment>([.. departments.Values]);
            session.Store<PublicListItem>([.. items.Values]);
            session.Store<PublicPlan>([.. plans.Values]);
            session.Store<PublicTask>([.. tasks.Values]);
            session.Store<PublicResult>([.. results.Values]);
            session.Store<PublicCheckpoint>([.. checkpoints.Values]);
            await session.SaveChangesAsync(ct);
        }
        return departments.Count + items.Count + plans.Count + tasks.Count + results.Count + checkpoints.Count;
    }

    private static void Fold<T>(Dictionary<string, T> states, IEvent e) where T : class, IAggregate<T>
    {
        var next = T.When(states.GetValueOrDefault(e.StreamKey!), e.Data);
        next.Version = e.Version;
        states[e.StreamKey!] = next;
    }
}
