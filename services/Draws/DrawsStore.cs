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
        // Stored names are part of the event log: never rename them, add new ones instead. A draw and a department's
        // matching are folded from their streams when read (their events hold megabytes of picks and teams, stored once);
        // the draw's small summary is kept as a document, found by task.
        options.AddAggregate<Draw>(ProjectionLifecycle.Live,
            (typeof(DrawPrepared), "draw_prepared"),
            (typeof(SecretCommitted), "secret_committed"),
            (typeof(SecretRevealed), "secret_revealed"),
            (typeof(PublicValueRecorded), "public_value_recorded"),
            (typeof(DrawAttemptRefused), "draw_attempt_refused"),
            (typeof(DrawCancelled), "draw_cancelled"),
            (typeof(DrawExecuted), "draw_executed"));
        options.AddSnapshot<DrawSummary>(ProjectionLifecycle.Inline, typeof(DrawPrepared), typeof(SecretCommitted), typeof(DrawCancelled), typeof(DrawExecuted));
        options.Events.MapEventType<TaskDrawOpened>("task_draw_opened");
        options.Schema.For<DrawSummary>().Index(d => d.TaskId);
        options.Projections.Add(new OpenTaskEntities(new CandidateTable(options.DatabaseSchemaName)), ProjectionLifecycle.Inline);
        options.AddAggregate<Matching.DepartmentMatch>(ProjectionLifecycle.Live,
            (typeof(Matching.InspectorsMatched), "inspectors_matched"),
            (typeof(Matching.InspectorReplaced), "inspector_replaced"));
        options.Schema.For<DrawDepartment>().UseOptimisticConcurrency(true);
        options.Schema.For<Matching.DrawInspector>().Index(i => i.DepartmentId).UseOptimisticConcurrency(true);
    }

    /// <summary>
    /// A draw over millions of candidates stores megabytes of picks and teams in one event: lz4 compresses them several
    /// times faster than PostgreSQL's default, to a similar size.
    /// </summary>
    public static string StorageStatements(string schema) => $"""
        alter table {schema}.mt_events alter column data set compression lz4;
        """;
}
