using System.Threading.Channels;
using Marten;
using Shuangsuiji.ServiceDefaults.Telemetry;
using Shuangsuiji.Directories.Departments;
using Shuangsuiji.Directories.Entities;
using Shuangsuiji.Directories.Tags;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Directories.Imports;

public sealed record ImportRequest(ImportKind Kind, string DepartmentId, string FileName, FileFormat Format);

/// <summary>
/// Runs an import job: reads the file as a stream, cuts it into batches and applies each batch in its own
/// transaction — decide against the current rows, append the batch's events, let the projections write the
/// rows. Several workers (one per core by default, Directories:ImportWorkers) apply batches side by side, each owning a share of the
/// entities, so PostgreSQL and the service work at once. The reader runs at most two batches ahead of each
/// worker, so memory stays flat whatever the size of the file. A failure keeps every batch already
/// committed; the job records how far it got.
/// </summary>
public sealed class Importer(IDocumentStore store, IEnumerable<IImportKind> kinds, TimeProvider clock, int workerCount, PlatformMetrics metrics)
{
    public const int BatchSize = 5_000;

    public async Task<ImportJob> RunAsync(ImportRequest request, IAsyncEnumerable<SourceRow> rows, CommandContext command,
        Func<ImportJob, Task> progress, CancellationToken ct)
    {
        var kind = kinds.FirstOrDefault(k => k.Kind == request.Kind)
            ?? throw new InvalidFieldException("kind", $"{request.Kind} cannot be imported", $"不能导入 {request.Kind}");
        if (!command.Caller.ActsFor(request.DepartmentId))
            throw new ForbiddenException($"{command.Caller.DepartmentId} may not import for {request.DepartmentId}",
                $"{command.Caller.DepartmentId} 不能为 {request.DepartmentId} 导入", Reasons.DepartmentOnly.About(request.DepartmentId));
        if (command.Caller.Role is not (Shuangsuiji.Kernel.Roles.Staff or Shuangsuiji.Kernel.Roles.System))
            throw new ForbiddenException($"a {command.Caller.Role} may not import into the directories", $"{command.Caller.Role} 角色无权向名录库导入",
                Reasons.RoleNotAllowed.About(command.Caller.Role));

        DepartmentTree departments;
        TagCatalog tags;
        await using (var query = store.QuerySession())
        {
            departments = await DepartmentTrees.LoadAsync(query, ct);
            tags = await TagCatalogs.LoadAsync(query, ct);
        }
        if (departments.Find(request.DepartmentId) is not { Retired: false })
            throw new InvalidFieldException("department_id", $"no active department {request.DepartmentId}", $"没有部门 {request.DepartmentId}（或已撤销）",
                Reasons.UnknownReference);

        var jobId = $"{command.Now:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";
        var stream = ImportJob.StreamId(jobId);
        await using (var session = store.OpenSession(command))
        {
            session.Events.StartStream<ImportJob>(stream,
                new ImportStarted(jobId, request.Kind, request.DepartmentId, request.FileName, request.Format, command.Caller, command.Now));
            await session.SaveChangesAsync(ct);
        }

        try
        {
            await using var rowEnumerator = rows.GetAsyncEnumerator(ct);
            if (!await rowEnumerator.MoveNextAsync()) throw new InvalidFieldException("file", "is empty", "文件为空", Reasons.FieldRequired);
            var columns = new ColumnMap(rowEnumerator.Current.Values, kind.Columns);
            var run = new ImportRun(jobId, command, columns, departments, tags, departments.Scope(request.DepartmentId));

            // Rows go to workers by lock stripe of their key: one record's rows stay in one worker, in file order.
            var workers = Math.Clamp(workerCount, 1, DirectoryLocks.Stripes);
            var queues = Enumerable.Range(0, workers).Select(_ => Channel.CreateBounded<List<SourceRow>>(2)).ToArray();
            var reading = Task.Run(async () =>
            {
                try
                {
                    var pending = Enumerable.Range(0, workers).Select(_ => new List<SourceRow>(BatchSize)).ToArray();
                    while (await rowEnumerator.MoveNextAsync())
                    {
                        var row = rowEnumerator.Current;
                        var worker = DirectoryLocks.StripeOf(columns[row, kind.KeyColumn] ?? "") % workers;
                        pending[worker].Add(row);
                        if (pending[worker].Count < BatchSize) continue;
                        await queues[worker].Writer.WriteAsync(pending[worker], ct);
                        pending[worker] = new List<SourceRow>(BatchSize);
                    }
                    for (var w = 0; w < workers; w++)
                    {
                        if (pending[w].Count > 0) await queues[w].Writer.WriteAsync(pending[w], ct);
                        queues[w].Writer.Complete();
                    }
                }
                catch (Exception e)
                {
                    foreach (var queue in queues) queue.Writer.TryComplete(e);
                }
            }, ct);

            // Workers hand their finished batches to one reporter, which appends the summaries to the job's own
            // stream in turn and reports progress, so no worker waits for another's bookkeeping.
            var finished = Channel.CreateUnbounded<(ImportCounts Counts, IReadOnlyList<Rejection> Rejected)>();
            var totals = ImportCounts.Zero;
            var reporting = Task.Run(async () =>
            {
                var number = 0;
                await foreach (var (counts, rejected) in finished.Reader.ReadAllAsync(ct))
                {
                    totals = totals.Plus(counts);
                    Count(request.Kind, counts);
                    await AppendAsync(command, stream, new ImportBatchCompleted(jobId, ++number, counts, rejected, clock.GetUtcNow()), ct);
                    await progress(await LoadAsync(jobId, ct));
                }
            }, ct);
            try
            {
                await Task.WhenAll(queues.Select((queue, worker) => Task.Run(async () =>
                {
                    await foreach (var batch in queue.Reader.ReadAllAsync(ct))
                        await finished.Writer.WriteAsync(await ApplyBatchAsync(kind, run, worker, batch, ct), ct);
                }, ct)));
            }
            finally
            {
                finished.Writer.Complete();
            }
            await reporting;
            await reading;
            await AppendAsync(command, stream, new ImportCompleted(jobId, totals, clock.GetUtcNow()), ct);
        }
        catch (Exception e)
        {
            // The job says how it ended; the batches committed before stay. A cancelled upload ends the same way.
            await AppendAsync(command, stream, new ImportFailed(jobId, e is DomainException ? e.Message : $"{e.GetType().Name}: {e.Message}",
                clock.GetUtcNow()), CancellationToken.None);
            throw;
        }
        return await LoadAsync(jobId, ct);
    }

    /// <summary>
    /// One batch in one transaction: lock the worker's stripes, decide against the current rows, append the
    /// data events to the worker's stream; the entity table is written by the projection in the same commit.
    /// </summary>
    private async Task<(ImportCounts, IReadOnlyList<Rejection>)> ApplyBatchAsync(IImportKind kind, ImportRun run, int worker,
        IReadOnlyList<SourceRow> rows, CancellationToken ct)
    {
        await using var session = store.OpenSession(run.Command with { Now = clock.GetUtcNow() });
        await session.BeginTransactionAsync(ct);
        await DirectoryLocks.LockAsync(session.Connection!, DirectoryLocks.OfWorker(worker, Math.Clamp(workerCount, 1, DirectoryLocks.Stripes)), ct);
        // When the name index's pending list is full, the inserting transaction merges it into the index, in
        // chunks of work_mem: with the default 4 MB that merge costs more than the inserts themselves.
        await using (var memory = new Npgsql.NpgsqlCommand("set local work_mem = '128MB'", session.Connection))
            await memory.ExecuteNonQueryAsync(ct);
        var result = await kind.ApplyAsync(run, rows[0].Line, run.WorkerStream(worker), rows, session, ct);
        var appended = session.PendingChanges.Streams().SelectMany(s => s.Events).ToList();
        await session.SaveChangesAsync(ct);
        run.Wrote(appended.Select(e => e.Sequence));
        return result;
    }

    public async Task<ImportJob> LoadAsync(string jobId, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.LoadAsync<ImportJob>(ImportJob.StreamId(jobId), ct)
            ?? throw new NotFoundException($"no import job {jobId}", $"没有导入任务 {jobId}", DirectoriesReasons.ImportJobNotFound.About(jobId));
    }

    private void Count(ImportKind kind, ImportCounts counts)
    {
        var tag = new KeyValuePair<string, object?>("kind", kind.ToString());
        foreach (var (outcome, rows) in new[] { ("added", counts.Added), ("changed", counts.Changed), ("unchanged", counts.Unchanged), ("rejected", counts.Rejected) })
            if (rows > 0) metrics.ImportRows.Add(rows, tag, new KeyValuePair<string, object?>("outcome", outcome));
    }

    private async Task AppendAsync(CommandContext command, string stream, object e, CancellationToken ct)
    {
        await using var session = store.OpenSession(command);
        session.Events.Append(stream, e);
        await session.SaveChangesAsync(ct);
    }
}
