using System.Text;
using Google.Api;
using Google.Protobuf;
using Grpc.Core;
using Marten;
using Shuangsuiji.Disclosure.Results;
using Shuangsuiji.Disclosure.Tasks;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Disclosure;

public sealed partial class PublicRecordsApi
{
    private const int MaxNameMatches = 1000;
    private const int MaxExportLines = 10_000;
    private const int DueSoonDays = 7;

    public override async Task<Proto.SearchPublicResultsResponse> SearchResults(Proto.SearchPublicResultsRequest r, ServerCallContext call)
    {
        var (uscc, name, departmentId, taskId) = (r.Uscc.Trim().ToUpperInvariant(), r.Name.Trim(), r.DepartmentId.Trim(), r.TaskId.Trim());
        if (uscc.Length == 0 && name.Length == 0 && departmentId.Length == 0 && taskId.Length == 0)
            throw new InvalidFieldException("uscc", "give a USCC, a fragment of the entity's name, a department or a task",
                "请给出统一社会信用代码、对象名称的片段、部门或任务", Reasons.FieldRequired);
        if (name.Length is 1 or > 100)
            throw new InvalidFieldException("name", "give two to a hundred characters of the entity's name", "请给出对象名称中的 2 至 100 个字符", Reasons.FieldOutOfRange);
        var from = Optional(r.From, "from");
        var to = Optional(r.To, "to");
        var (offset, size) = Page(r.PageSize, r.PageToken);
        var ct = call.CancellationToken;

        await using var query = store.QuerySession();
        IQueryable<PublicResult> results = query.Query<PublicResult>().Where(x => x.Result != null);
        if (uscc.Length > 0) results = results.Where(x => x.Uscc == uscc);
        if (name.Length > 0)
        {
            var named = (await tables.NamedAsync(db, name, MaxNameMatches, ct)).ToArray();
            results = results.Where(x => named.Contains(x.Uscc));
        }
        if (departmentId.Length > 0) results = results.Where(x => x.DepartmentId == departmentId);
        if (taskId.Length > 0) results = results.Where(x => x.TaskId == taskId);
        if (from is { } f) results = results.Where(x => x.Result!.PublishedOn >= f);
        if (to is { } t) results = results.Where(x => x.Result!.PublishedOn <= t);
        var page = await results.OrderByDescending(x => x.Result!.PublishedOn).ThenBy(x => x.Id).Skip(offset).Take(size).ToListAsync(ct);
        // A first page that is not full is the whole answer (a search by USCC mostly): no need to count.
        var total = offset == 0 && page.Count < size ? page.Count : await results.CountAsync(ct);

        var (names, tasks) = await NamesOfAsync(page, ct);
        return new Proto.SearchPublicResultsResponse
        {
            Results = { page.Select(x => ToProto(x, names.GetValueOrDefault(x.Uscc), tasks.GetValueOrDefault(x.TaskId))) },
            NextPageToken = NextToken(offset, size, total), Total = total,
        };
    }

    public override async Task<HttpBody> ExportResults(Proto.ExportPublicResultsRequest r, ServerCallContext call)
    {
        var csv = r.Format.Trim().ToLowerInvariant() switch
        {
            "" or "jsonl" => false,
            "csv" => true,
            var other => throw new InvalidFieldException("format", $"{other} is not jsonl or csv", $"{other} 不是 jsonl 或 csv"),
        };
        if (r.After < 0) throw new InvalidFieldException("after", "is a cursor from an earlier line, never negative", "须为此前某行给出的游标，不能为负数", Reasons.FieldOutOfRange);
        if (r.Limit is < 0 or > MaxExportLines)
            throw new InvalidFieldException("limit", $"must be between 1 and {MaxExportLines}", $"须在 1 到 {MaxExportLines} 之间", Reasons.FieldOutOfRange);
        var (from, to) = (Optional(r.From, "from"), Optional(r.To, "to"));

        await using var command = db.CreateCommand($"""
            select f.cursor, f.kind, f.fact::text, n.name from {tables.Feed} f left join {tables.EntityNames} n on n.uscc = f.uscc
            where f.cursor > @after and (@from::date is null or f.on_date >= @from) and (@to::date is null or f.on_date <= @to)
            order by f.cursor limit @limit
            """);
        command.Parameters.AddWithValue("after", r.After);
        command.Parameters.AddWithValue("from", (object?)from ?? DBNull.Value);
        command.Parameters.AddWithValue("to", (object?)to ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", r.Limit == 0 ? MaxExportLines : r.Limit);
        var text = new StringBuilder();
        if (csv) text.AppendLine(ServiceDefaults.Files.Csv.Line(ExportLine.CsvHeader));
        await using (var reader = await command.ExecuteReaderAsync(call.CancellationToken))
            while (await reader.ReadAsync(call.CancellationToken))
            {
                var line = ExportLine.Of(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
                text.AppendLine(csv ? line.ToCsv() : line.ToJson());
            }
        return new HttpBody
        {
            ContentType = csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
            Data = ByteString.CopyFromUtf8(text.ToString()),
        };
    }

    /// <summary>
    /// A department's publication on time: its results published by their due date (20 working days after the check)
    /// or later, and its tasks with results still to publish whose last due date is near or past.
    /// </summary>
    public override async Task<Proto.Timeliness> GetTimeliness(Proto.GetTimelinessRequest r, ServerCallContext call)
    {
        var departmentId = Require.Code(r.DepartmentId, "department_id");
        var ct = call.CancellationToken;
        var today = Today;
        await using var query = store.QuerySession();
        var published = await query.Query<PublicResult>().Where(x => x.DepartmentId == departmentId && x.Result != null)
            .Select(x => new { x.TaskId, x.Result!.CheckedTo, x.Result.PublishedOn, x.Result.DueOn, x.Result.DueOnProvisional }).ToListAsync(ct);
        var inTime = published.Select(x => PublicResult.InTime(x.CheckedTo, x.PublishedOn, x.DueOn, x.DueOnProvisional)).ToList();
        var tasks = await query.Query<PublicTask>().Where(t => t.Departments.Any(d => d.DepartmentId == departmentId) && t.ResultsDueOn != null)
            .ToListAsync(ct);
        var publishedOf = published.CountBy(x => x.TaskId).ToDictionary();
        var open = tasks.Select(t => new Proto.TaskDue
            {
                TaskId = t.TaskId, Name = t.Name, ResultsDueOn = Date(t.ResultsDueOn), ResultsDueOnProvisional = t.ResultsDueOnProvisional,
                Entities = t.EntityCount, Published = publishedOf.GetValueOrDefault(t.TaskId),
            })
            .Where(t => t.Published < t.Entities).OrderBy(t => t.ResultsDueOn, StringComparer.Ordinal).ToList();
        var horizon = Date(today.AddDays(DueSoonDays));
        return new Proto.Timeliness
        {
            DepartmentId = departmentId, AsOf = Date(today),
            PublishedOnTime = inTime.Count(x => x == true),
            PublishedLate = inTime.Count(x => x == false),
            DueSoon = { open.Where(t => string.CompareOrdinal(t.ResultsDueOn, Date(today)) >= 0 && string.CompareOrdinal(t.ResultsDueOn, horizon) <= 0) },
            Overdue = { open.Where(t => string.CompareOrdinal(t.ResultsDueOn, Date(today)) < 0) },
        };
    }

    /// <summary>
    /// The page's entity names and task names in one statement: a search by USCC is the portal's and the national
    /// system's most frequent call, and a second round trip (and connection) for the tasks was a good part of its time.
    /// </summary>
    private async Task<(Dictionary<string, string> Entities, Dictionary<string, string> Tasks)> NamesOfAsync(IReadOnlyList<PublicResult> page, CancellationToken ct)
    {
        var (entities, tasks) = (new Dictionary<string, string>(), new Dictionary<string, string>());
        if (page.Count == 0) return (entities, tasks);
        await using var command = db.CreateCommand($"""
            select true, uscc, name from {tables.EntityNames} where uscc = any(@usccs)
            union all
            select false, data ->> 'taskId', data ->> 'name' from {store.Options.FindOrResolveDocumentType(typeof(PublicTask)).TableName.QualifiedName}
            where id = any(@tasks)
            """);
        command.Parameters.AddWithValue("usccs", page.Select(x => x.Uscc).Distinct().ToArray());
        command.Parameters.AddWithValue("tasks", page.Select(x => PublicTask.StreamId(x.TaskId)).Distinct().ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            if (!reader.IsDBNull(2)) (reader.GetBoolean(0) ? entities : tasks)[reader.GetString(1)] = reader.GetString(2);
        return (entities, tasks);
    }

    private static DateOnly? Optional(string value, string field) => string.IsNullOrWhiteSpace(value) ? null : Require.Date(value, field);

    private static Proto.PublicResult ToProto(PublicResult x, string? entityName, string? taskName)
    {
        var r = x.Result!;
        return new Proto.PublicResult
        {
            TaskId = x.TaskId, TaskName = taskName ?? "", DepartmentId = x.DepartmentId, Uscc = x.Uscc, EntityName = entityName ?? "",
            Items = { r.Items.Select(i => new Proto.PublicItemOutcome { ItemId = i.ItemId, Checked = i.Checked, ProblemFound = i.ProblemFound }) },
            Categories = { r.Categories }, PendingReasons = { r.PendingReasons }, CheckedFrom = Date(r.CheckedFrom), CheckedTo = Date(r.CheckedTo),
            PublishedOn = Date(r.PublishedOn), DueOn = Date(r.DueOn), DueOnProvisional = r.DueOnProvisional,
            Handling = { x.Handling?.Steps.Select(s => new Proto.PublicHandlingStep { Kind = s.Kind, On = Date(s.On), Target = s.Target ?? "" }) ?? [] },
            HandlingClosedOn = Date(x.Handling?.ClosedOn),
        };
    }
}
