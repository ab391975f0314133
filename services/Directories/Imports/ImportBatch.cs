using Marten;
using Shuangsuiji.Directories.Departments;
using Shuangsuiji.Directories.Entities;
using Shuangsuiji.Directories.Tags;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Directories.Imports;

/// <summary>What every batch of one import job shares: the job, the caller, the columns, the reference data.</summary>
public sealed class ImportRun(string jobId, CommandContext command, ColumnMap columns, DepartmentTree departments, TagCatalog tags, IReadOnlySet<string> scope)
{
    private readonly HashSet<long> written = [];
    private readonly Lock writtenLock = new();

    public string JobId { get; } = jobId;
    /// <summary>The job's own stream (start, batch summaries, end); each worker appends its data events to a stream of its own.</summary>
    public string Stream => ImportJob.StreamId(JobId);

    public string WorkerStream(int worker) => ImportJob.WorkerStreamId(JobId, worker);
    public CommandContext Command { get; } = command;
    public ColumnMap Columns { get; } = columns;
    public DepartmentTree Departments { get; } = departments;
    public TagCatalog Tags { get; } = tags;

    /// <summary>The registering authorities whose entities this job may change.</summary>
    public IReadOnlySet<string> Scope { get; } = scope;

    /// <summary>Whether an entity's latest change came from this job: a second row for it is a duplicate.</summary>
    public bool WroteLast(MarketEntity entity)
    {
        lock (writtenLock) return written.Contains(entity.LastChange);
    }

    public void Wrote(IEnumerable<long> sequences)
    {
        lock (writtenLock) written.UnionWith(sequences);
    }

    /// <summary>Rows whose shape is wrong are rejected before any kind looks at them.</summary>
    public IEnumerable<(SourceRow Row, Rejection? Rejection)> Screen(IReadOnlyList<SourceRow> rows) => rows.Select(row =>
        (row, row.Problem is { } problem ? new Rejection(row.Line, problem, "CSV 格式有误：引号的位置不对")
            : row.Values.Length != Columns.Width ? new Rejection(row.Line, $"{row.Values.Length} fields, but the header has {Columns.Width}",
                $"该行有 {row.Values.Length} 个字段，而列名行有 {Columns.Width} 个")
            : null));

    /// <summary>The current rows of the entities a screened batch names in its USCC column, in one read.</summary>
    public Task<Dictionary<string, MarketEntity>> EntitiesNamedAsync(EntityTable table, IEnumerable<(SourceRow Row, Rejection? Rejection)> screened,
        IDocumentSession session, CancellationToken ct) =>
        table.LoadManyAsync(session.Connection!, [.. screened.Where(s => s.Rejection is null).Select(s => Columns[s.Row, "uscc"] ?? "").Distinct()], ct);
}

/// <summary>One kind of file (entities, risk classes, assignments, inspectors): its columns and how a batch of rows is applied.</summary>
public interface IImportKind
{
    ImportKind Kind { get; }

    /// <summary>The column that names the record a row changes (rows for one record go to one worker, in file order).</summary>
    string KeyColumn => "uscc";

    IReadOnlyList<(string Name, string[] Aliases, bool Required)> Columns { get; }

    /// <summary>Decides the batch and appends its events to <paramref name="stream"/> (the caller saves); returns its counts and rejections.</summary>
    Task<(ImportCounts Counts, IReadOnlyList<Rejection> Rejected)> ApplyAsync(ImportRun run, int batch, string stream, IReadOnlyList<SourceRow> rows,
        IDocumentSession session, CancellationToken ct);
}
