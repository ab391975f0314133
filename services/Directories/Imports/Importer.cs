using System.Threading.Channels;
using Marten;
using Npgsql;
using Shuangsuiji.Directories.Departments;
using Shuangsuiji.Directories.Entities;
using Shuangsuiji.Directories.Tags;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Grpc;

namespace Shuangsuiji.Directories.Imports;

public sealed record ImportRequest(ImportKind Kind, string DepartmentId, string FileName, FileFormat Format);

/// <summary>
/// Runs an import job: reads the file as a stream, cuts it into batches and applies each batch in its own
/// transaction — decide against the current rows, append the batch's events, let the projections write the
/// rows. The reader runs ahead of the writer by at most two batches, so memory stays flat whatever the size
/// of the file. A failure keeps every batch already committed; the job records how far it got.
/// </summary>
public sealed class Importer(IDocumentStore store, IEnumerable<IImportKind> kinds, TimeProvider clock)
{
    public const int BatchSize = 5_000;

    public async Task<ImportJob> RunAsync(ImportRequest request, IAsyncEnumerable<SourceRow> rows, CommandContext command,
        Func<ImportJob, Task> progress, CancellationToken ct)
    {
        var kind = kinds.FirstOrDefault(k => k.Kind == request.Kind) ?? throw new InvalidFieldException("kind", $"{request.Kind} cannot be imported");
        if (!command.Caller.ActsFor(request.DepartmentId))
            throw new ForbiddenException($"{command.Caller.DepartmentId} may not import for {request.DepartmentId}");
        if (command.Caller.Role is not (ServiceDefaults.Auth.Roles.Staff or ServiceDefaults.Auth.Roles.System))
            throw new ForbiddenException($"a {command.Caller.Role} may not import into the directories");

        DepartmentTree departments;
        TagCatalog tags;
        await using (var query = store.QuerySession())
        {
            departments = await DepartmentTree.LoadAsync(query, ct);
            tags = await TagCatalog.LoadAsync(query, ct);
        }
        if (departments.Find(request.DepartmentId) is not { Retired: false })
            throw new InvalidFieldException("department_id", $"no active department {request.DepartmentId}");

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
            if (!await rowEnumerator.MoveNextAsync()) throw new InvalidFieldException("file", "is empty");
            var columns = new ColumnMap(rowEnumerator.Current.Values, kind.Columns);
            var run = new ImportRun(jobId, command, columns, departments, tags, departments.Scope(request.DepartmentId));

            var batches = Channel.CreateBounded<List<SourceRow>>(2);
            var reading = Task.Run(async () =>
            {
                try
                {
                    var batch = new List<SourceRow>(BatchSize);
                    while (await rowEnumerator.MoveNextAsync())
                    {
                        batch.Add(rowEnumerator.Current);
                        if (batch.Count < BatchSize) continue;
                        await batches.Writer.WriteAsync(batch, ct);
                        batch = new List<SourceRow>(BatchSize);
                    }
                    if (batch.Count > 0) await batches.Writer.WriteAsync(batch, ct);
                    batches.Writer.Complete();
                }
                catch (Exception e)
                {
                    batches.Writer.Complete(e);
                }
            }, ct);

            var totals = ImportCounts.Zero;
            var number = 0;
            await foreach (var batch in batches.Reader.ReadAllAsync(ct))
            {
                totals = totals.Plus(await ApplyBatchAsync(kind, run, ++number, batch, ct));
                await progress(await LoadAsync(jobId, ct));
            }
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

    private async Task<ImportCounts> ApplyBatchAsync(IImportKind kind, ImportRun run, int number, IReadOnlyList<SourceRow> rows, CancellationToken ct)
    {
        await using var session = store.OpenSession(run.Command with { Now = clock.GetUtcNow() });
        await session.BeginTransactionAsync(ct);
        await LockDirectoryAsync(session.Connection!, ct);
        var (counts, rejected) = await kind.ApplyAsync(run, number, rows, session, ct);
        session.Events.Append(run.Stream, new ImportBatchCompleted(run.JobId, number, counts, rejected, clock.GetUtcNow()));
        var appended = session.PendingChanges.Streams().SelectMany(s => s.Events).ToList();
        await session.SaveChangesAsync(ct);
        foreach (var e in appended) run.Wrote(e.Sequence);
        return counts;
    }

    /// <summary>
    /// Entity writes (imports and single commands) take turns: each decides against rows no one else is
    /// changing, so a concurrent import cannot make a decision stale. A batch holds the lock for milliseconds.
    /// </summary>
    public static async Task LockDirectoryAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("select pg_advisory_xact_lock(hashtext('shuangsuiji.market_entities'))", connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<ImportJob> LoadAsync(string jobId, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.LoadAsync<ImportJob>(ImportJob.StreamId(jobId), ct) ?? throw new NotFoundException($"no import job {jobId}");
    }

    private async Task AppendAsync(CommandContext command, string stream, object e, CancellationToken ct)
    {
        await using var session = store.OpenSession(command);
        session.Events.Append(stream, e);
        await session.SaveChangesAsync(ct);
    }
}
