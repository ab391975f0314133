using System.Globalization;
using System.Text.Json;
using Npgsql;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Results;

namespace Shuangsuiji.Tasks.OpenWork;

/// <summary>What one result adds to its department's open work: its status, the day its check ended while it is not approved, an open follow-up.</summary>
public sealed record ResultShare(ResultStatus Status, DateOnly? OpenCheckEndedOn, bool FollowUpOpen)
{
    public static ResultShare? Of(EntityResult? result) => result is null ? null : new ResultShare(result.Status,
        result.Status == ResultStatus.Approved ? null : result.Entry.CheckEndedOn,
        result.Status == ResultStatus.Approved && result.Entry.FindsProblem && result.FollowUpClosedOn is null);
}

/// <summary>A row of the table as read: the task's fields for the department, its results by status, its open results by the day their check ended.</summary>
public sealed record WorkRow(
    string TaskId, string Name, InspectionTaskStatus Status, DepartmentStage Stage, bool Leads, int PartnersJoined, int PartnersInvited, int PartnersDeclined,
    int Entities, IReadOnlyDictionary<DateOnly, int> Overdue, IReadOnlyDictionary<ResultStatus, int> Results, int FollowUpsOpen,
    IReadOnlyDictionary<DateOnly, int> OpenChecks);

/// <summary>
/// 待办's source: one row per task and department (every department the task has, the lead first invited), kept in the
/// transaction of each task or result event by <see cref="OpenWorkProjection"/>. Task events set the task's columns;
/// a result event moves its counts by the difference it made (results are entered side by side, so each change is an
/// increment of the row in SQL, never a read and a write back). A plain table rather than documents: the counts are
/// changed in place. Open rows (the task not closed, the department not declined) are indexed by department.
/// </summary>
public sealed class WorkTable(string schema)
{
    public string Schema { get; } = schema;

    public string Name { get; } = $"{schema}.open_work";

    private string Count => $"{Schema}.open_work_count";

    public string CreateStatements => $$"""
        create table if not exists {{Name}} (
            task_id text collate "C" not null,
            department_id text collate "C" not null,
            open boolean not null,
            name text not null,
            status text not null,
            stage text not null,
            leads boolean not null,
            partners_joined int not null,
            partners_invited int not null,
            partners_declined int not null,
            entities int not null,
            overdue jsonb not null,
            results jsonb not null default '{}',
            follow_ups_open int not null default 0,
            open_checks jsonb not null default '{}',
            primary key (task_id, department_id));
        create index if not exists open_work_department on {{Name}} (department_id) where open;
        -- A count kept in a jsonb object by key ('' for none), moved by delta; a key whose count falls to 0 goes.
        do $do$ begin
            if not exists (select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = '{{Schema}}' and p.proname = 'open_work_count') then
                create function {{Count}}(counts jsonb, key text, delta int) returns jsonb language sql immutable as $f$
                    select case when key = '' or delta = 0 then counts
                        when coalesce((counts->>key)::int, 0) + delta = 0 then counts - key
                        else counts || jsonb_build_object(key, coalesce((counts->>key)::int, 0) + delta) end $f$;
            end if;
        end $do$;
        """;

    /// <summary>The task's columns for one of its departments; the result columns stay as they are.</summary>
    public string UpsertTask => $"""
        insert into {Name} (task_id, department_id, open, name, status, stage, leads, partners_joined, partners_invited, partners_declined, entities, overdue)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
        on conflict (task_id, department_id) do update set open = excluded.open, name = excluded.name, status = excluded.status,
            stage = excluded.stage, leads = excluded.leads, partners_joined = excluded.partners_joined, partners_invited = excluded.partners_invited,
            partners_declined = excluded.partners_declined, entities = excluded.entities, overdue = excluded.overdue
        """;

    public static object[] TaskValues(InspectionTask task, TaskDepartment department)
    {
        var partners = task.Departments.Skip(1).ToList();
        var overdue = task.Overdue.Where(o => o.DepartmentId == department.DepartmentId).GroupBy(o => o.DueOn)
            .ToDictionary(g => Key(g.Key), g => g.Sum(o => o.Usccs.Count));
        return
        [
            task.TaskId, department.DepartmentId, task.Status != InspectionTaskStatus.Closed && department.Stage != DepartmentStage.Declined,
            task.Name, task.Status.ToString(), department.Stage.ToString(), task.LeadId == department.DepartmentId,
            partners.Count(d => d.Inspects), partners.Count(d => d.Stage == DepartmentStage.Invited), partners.Count(d => d.Stage == DepartmentStage.Declined),
            task.Entities.Count, JsonSerializer.Serialize(overdue),
        ];
    }

    /// <summary>A result's change: its old share out of the counts, its new one in.</summary>
    public string ShiftResult => $"""
        update {Name} set results = {Count}({Count}(results, ?, -1), ?, 1), open_checks = {Count}({Count}(open_checks, ?, -1), ?, 1),
            follow_ups_open = follow_ups_open + ?
        where task_id = ? and department_id = ?
        """;

    public static object[] ShiftValues(string taskId, string departmentId, ResultShare? before, ResultShare after) =>
    [
        before?.Status.ToString() ?? "", after.Status.ToString(), Key(before?.OpenCheckEndedOn), Key(after.OpenCheckEndedOn),
        (after.FollowUpOpen ? 1 : 0) - (before?.FollowUpOpen == true ? 1 : 0), taskId, departmentId,
    ];

    /// <summary>The department's open rows, by task id.</summary>
    public async Task<IReadOnlyList<WorkRow>> OpenOfAsync(NpgsqlDataSource db, string departmentId, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"""
            select task_id, name, status, stage, leads, partners_joined, partners_invited, partners_declined, entities, overdue::text, results::text,
                follow_ups_open, open_checks::text
            from {Name} where department_id = $1 and open order by task_id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = departmentId });
        var rows = new List<WorkRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(new WorkRow(reader.GetString(0), reader.GetString(1), Enum.Parse<InspectionTaskStatus>(reader.GetString(2)),
                Enum.Parse<DepartmentStage>(reader.GetString(3)), reader.GetBoolean(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7),
                reader.GetInt32(8), Counts(reader.GetString(9), Day), Counts(reader.GetString(10), Enum.Parse<ResultStatus>),
                reader.GetInt32(11), Counts(reader.GetString(12), Day)));
        return rows;
    }

    private static Dictionary<TKey, int> Counts<TKey>(string json, Func<string, TKey> key) where TKey : notnull =>
        JsonSerializer.Deserialize<Dictionary<string, int>>(json)!.ToDictionary(p => key(p.Key), p => p.Value);

    private static DateOnly Day(string key) => DateOnly.ParseExact(key, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Key(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
