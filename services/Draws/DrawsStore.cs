using JasperFx.Events.Projections;
using Marten;
using Shuangsuiji.Draws.Candidates;
using Shuangsuiji.Draws.Drawing;
using Shuangsuiji.ServiceDefaults.EventStore;

namespace Shuangsuiji.Draws;

public static class DrawsStore
{
    public static void Configure(StoreOptions options)
    {
        // Stored names are part of the event log: never rename them, add new ones instead.
        options.AddAggregate<Draw>(
            (typeof(DrawPrepared), "draw_prepared"),
            (typeof(SecretCommitted), "secret_committed"),
            (typeof(SecretRevealed), "secret_revealed"),
            (typeof(DrawExecuted), "draw_executed"));
        // A department's matching is folded from its stream when read (see DepartmentMatch): no inline snapshot.
        options.Events.MapEventType(typeof(Matching.InspectorsMatched), "inspectors_matched");
        options.Events.MapEventType(typeof(Matching.InspectorReplaced), "inspector_replaced");
        options.Projections.Add(new SnapshotProjection<Matching.DepartmentMatch>(
            new HashSet<Type> { typeof(Matching.InspectorsMatched), typeof(Matching.InspectorReplaced) }), ProjectionLifecycle.Live);
        options.Schema.For<Draw>().Index(d => d.TaskId);
        options.Schema.For<DrawDepartment>().UseOptimisticConcurrency(true);
        options.Schema.For<Matching.DrawInspector>().Index(i => i.DepartmentId).UseOptimisticConcurrency(true);
    }

    /// <summary>
    /// A draw over millions of candidates stores megabytes of picks and teams in one event (and its picks again in the
    /// draw's snapshot): lz4 compresses them several times faster than PostgreSQL's default, to a similar size.
    /// </summary>
    public static string StorageStatements(string schema) => $"""
        alter table {schema}.mt_events alter column data set compression lz4;
        alter table {schema}.mt_doc_draw alter column data set compression lz4;
        """;
}
