using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Shuangsuiji.Contracts.Supervision;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.ServiceDefaults.Files;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Disclosure.Results;

/// <summary>
/// Writes every result, handling result and signed checkpoint into the feed in the order the log holds them. Run by Marten's async
/// daemon, which hands events over only up to the point below which every transaction has committed, one page
/// after the other, with its checkpoint in the same transaction as the rows: the feed's numbers (the events'
/// sequence numbers) only ever grow, and a reader that resumes after the last number it saw misses nothing.
/// </summary>
public sealed class PublicFeed(PublicTables tables) : SubscriptionBase
{
    public const string SubscriptionName = "public-feed";

    public override Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations,
        CancellationToken ct)
    {
        foreach (var e in page.Events) Write(e, operations, tables);
        return Task.FromResult<IChangeListener>(NullChangeListener.Instance);
    }

    /// <summary>The feed row of an event, if it is a result, a handling result or a checkpoint; a row already there stays.</summary>
    public static void Write(IEvent e, IDocumentOperations operations, PublicTables tables)
    {
        var (kind, uscc, on) = e.Data switch
        {
            ResultPublished r => (ExportLine.Result, r.Uscc, r.PublishedOn),
            HandlingPublished h => (ExportLine.Handling, h.Uscc, h.ClosedOn),
            // A second head of one size is logged but not published (PublicCheckpoint): the feed keeps the first too.
            CheckpointPublished c when e.Version == 1 => (ExportLine.SignedCheckpoint, null, ChinaDate.Of(c.SignedAt)),
            _ => (null, null, default),
        };
        if (kind is null) return;
        operations.QueueSqlCommand($"insert into {tables.Feed} (cursor, kind, uscc, on_date, fact) values (?, ?, ?, ?::date, ?::jsonb) on conflict do nothing",
            e.Sequence, kind, (object?)uscc ?? DBNull.Value, on.ToString("yyyy-MM-dd"), JsonSerializer.Serialize(e.Data, e.Data.GetType(), ExportLine.Json));
    }
}

/// <summary>
/// One line of the export (docs/public-export.md): a result, a handling result or a signed checkpoint as it became
/// public, with its cursor and the entity's name. Members that do not apply to the kind are left out.
/// </summary>
public sealed record ExportLine(
    long Cursor, string Kind, string? TaskId, string? DepartmentId, string? Uscc, string? EntityName,
    DateOnly? PublishedOn = null, DateOnly? CheckedFrom = null, DateOnly? CheckedTo = null, DateOnly? DueOn = null,
    IReadOnlyList<string>? Categories = null, IReadOnlyList<string>? PendingReasons = null, IReadOnlyList<PublicItemOutcome>? Items = null,
    DateOnly? ClosedOn = null, IReadOnlyList<PublicHandlingStep>? Steps = null, bool? DueOnProvisional = null, ExportCheckpoint? Checkpoint = null)
{
    public const string Result = "result", Handling = "handling", SignedCheckpoint = "checkpoint";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly string[] CsvHeader =
        ["cursor", "kind", "task_id", "department_id", "uscc", "entity_name", "date", "categories", "pending_reasons", "items_checked", "items_with_problem",
         "checked_to", "due_on", "handling_steps", "due_on_provisional", "tree_size", "root_hash"];

    public static ExportLine Of(long cursor, string kind, string fact, string? entityName)
    {
        switch (kind)
        {
            case Result:
                var r = Read<ResultPublished>(cursor, fact);
                return new ExportLine(cursor, kind, r.TaskId, r.DepartmentId, r.Uscc, entityName, r.PublishedOn, r.CheckedFrom, r.CheckedTo, r.DueOn,
                    r.Categories, r.PendingReasons, r.Items, DueOnProvisional: r.DueOnProvisional ? true : null);
            case Handling:
                var h = Read<HandlingPublished>(cursor, fact);
                return new ExportLine(cursor, kind, h.TaskId, h.DepartmentId, h.Uscc, entityName, ClosedOn: h.ClosedOn, Steps: h.Steps);
            default:
                var c = Read<CheckpointPublished>(cursor, fact);
                return new ExportLine(cursor, kind, null, null, null, null, PublishedOn: ChinaDate.Of(c.SignedAt), Checkpoint: ExportCheckpoint.Of(c));
        }
    }

    private static T Read<T>(long cursor, string fact) => JsonSerializer.Deserialize<T>(fact, Json) ?? throw new JsonException($"feed line {cursor} is empty");

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Lists within a cell are separated by "|"; a handling step is "kind date target".</summary>
    public string ToCsv() => Csv.Line([
        Cursor.ToString(), Kind, TaskId, DepartmentId, Uscc, EntityName, Date(PublishedOn ?? ClosedOn), Join(Categories), Join(PendingReasons),
        Join(Items?.Where(i => i.Checked).Select(i => i.ItemId)), Join(Items?.Where(i => i.ProblemFound).Select(i => i.ItemId)), Date(CheckedTo), Date(DueOn),
        Join(Steps?.Select(s => $"{s.Kind} {s.On:yyyy-MM-dd}{(s.Target is null ? "" : $" {s.Target}")}")), DueOnProvisional == true ? "true" : null,
        Checkpoint?.TreeSize.ToString(), Checkpoint?.RootHash,
    ]);

    private static string? Join(IEnumerable<string>? values) => values is null ? null : string.Join('|', values);

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd");
}

/// <summary>A signed head in the export: the members of the head as the API serves it (docs/audit-checkpoints.md).</summary>
public sealed record ExportCheckpoint(long TreeSize, string RootHash, string Time, long PreviousSize, IReadOnlyDictionary<string, long> HighWater,
    string KeyId, string Algorithm, string Signature, string PublicKey, IReadOnlyList<string> ConsistencyProof)
{
    public static ExportCheckpoint Of(CheckpointPublished c) => new(c.TreeSize, c.RootHash, Shuangsuiji.AuditTrail.Checkpoints.TreeHead.TimeText(c.SignedAt),
        c.PreviousSize, c.HighWater, c.KeyId, c.Algorithm, c.Signature, c.PublicKey, c.ConsistencyProof);
}
