using Shuangsuiji.Directories.Entities;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Directories.Imports;

public enum ImportKind { Entities, RiskClasses, Assignments, Inspectors }

public enum ImportStatus { Running, Completed, Failed }

public sealed record ImportCounts(int Read, int Added, int Changed, int Unchanged, int Rejected)
{
    public static readonly ImportCounts Zero = new(0, 0, 0, 0, 0);

    public ImportCounts Plus(ImportCounts o) =>
        new(Read + o.Read, Added + o.Added, Changed + o.Changed, Unchanged + o.Unchanged, Rejected + o.Rejected);
}

public sealed record ImportStarted(string JobId, ImportKind Kind, string DepartmentId, string FileName, FileFormat Format, Caller By, DateTimeOffset At);

/// <summary>One batch of rows done: its counts and every row it rejected, with line number and reason.</summary>
public sealed record ImportBatchCompleted(string JobId, int Batch, ImportCounts Counts, IReadOnlyList<Rejection> Rejected, DateTimeOffset At);

public sealed record ImportCompleted(string JobId, ImportCounts Totals, DateTimeOffset At);

public sealed record ImportFailed(string JobId, string Reason, DateTimeOffset At);

/// <summary>
/// An import job (stream and id "import:job id"): who loaded which file, how far it got and what it came to. The data
/// events of each batch (<see cref="EntitiesImported"/> …) are on the same stream.
/// </summary>
public sealed record ImportJob(
    string Id, string JobId, ImportKind Kind, string DepartmentId, string FileName, ImportStatus Status, ImportCounts Counts,
    string StartedBy, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Failure)
    : IAggregate<ImportJob>
{
    public long Version { get; set; }

    public static string StreamId(string jobId) => $"import:{jobId}";

    public static string WorkerStreamId(string jobId, int worker) => $"import:{jobId}/{worker}";

    public static ImportJob When(ImportJob? state, object @event) => (state, @event) switch
    {
        (null, ImportStarted e) => new ImportJob(StreamId(e.JobId), e.JobId, e.Kind, e.DepartmentId, e.FileName, ImportStatus.Running, ImportCounts.Zero,
            e.By.UserId, e.At, null, null),
        ({ } s, ImportBatchCompleted e) => s with { Counts = s.Counts.Plus(e.Counts) },
        ({ } s, ImportCompleted e) => s with { Status = ImportStatus.Completed, Counts = e.Totals, FinishedAt = e.At },
        ({ } s, ImportFailed e) => s with { Status = ImportStatus.Failed, Failure = e.Reason, FinishedAt = e.At },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to import job {state?.Id ?? "(new)"}"),
    };
}
