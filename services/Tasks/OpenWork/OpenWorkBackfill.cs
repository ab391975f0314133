using Marten;
using Npgsql;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Results;

namespace Shuangsuiji.Tasks.OpenWork;

/// <summary>
/// Fills <see cref="WorkTable"/> from the tasks and results stored before it was kept, when the host starts: the rows the
/// projection would have written, from the snapshots. Finds nothing to do once the table holds a row.
/// </summary>
public sealed class OpenWorkBackfill(IDocumentStore store, NpgsqlDataSource db, WorkTable table, ILogger<OpenWorkBackfill> log) : IHostedService
{
    private const int Page = 1_000;

    public async Task StartAsync(CancellationToken ct)
    {
        await using (var kept = db.CreateCommand($"select exists (select 1 from {table.Name})"))
            if ((bool)(await kept.ExecuteScalarAsync(ct))!) return;
        await using var query = store.QuerySession();
        var tasks = 0;
        await WriteAsync(query.Query<InspectionTask>().ToAsyncEnumerable(ct), (session, task) =>
        {
            tasks++;
            foreach (var department in task.Departments) session.QueueSqlCommand(table.UpsertTask, WorkTable.TaskValues(task, department));
        }, ct);
        if (tasks == 0) return;
        await WriteAsync(query.Query<EntityResult>().ToAsyncEnumerable(ct), (session, result) =>
        {
            if (ResultShare.Of(result) is { } share) session.QueueSqlCommand(table.ShiftResult, WorkTable.ShiftValues(result.TaskId, result.DepartmentId, null, share));
        }, ct);
        log.LogInformation("open work written for {Count} tasks stored before it was kept", tasks);
    }

    private async Task WriteAsync<T>(IAsyncEnumerable<T> documents, Action<IDocumentSession, T> write, CancellationToken ct)
    {
        await foreach (var page in documents.Chunk(Page).WithCancellation(ct))
        {
            await using var session = store.LightweightSession();
            foreach (var document in page) write(session, document);
            await session.SaveChangesAsync(ct);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
