using Npgsql;
using Shuangsuiji.Contracts.Draws;

namespace Shuangsuiji.Draws.Candidates;

/// <summary>An entity as a draw sees it (no name, no address: the table keeps the name only to publish it with the draws).</summary>
public sealed record CandidateRow(string Uscc, string Type, string Industry, string Division, string Status, string[] Tags,
    string[] SubLibraries, string? RiskClass);

public sealed record InspectionRow(string Uscc, string ItemId, DateOnly InspectedOn);

/// <summary>An entity in an inspection task, open (from the task's draw) or no longer (the task closed).</summary>
public sealed record TaskEntityRow(string TaskId, string Uscc, bool Open);

/// <summary>
/// The draw engine's own copy of the entity directory and of recent inspections, kept from the bus messages
/// (the directories' event store stays the source of truth; replaying their messages rebuilds this). Every
/// applied message gets the next number of a sequence, applied one at a time, so the numbers follow commit
/// order; replaced versions move to a history table. A draw records the number its candidates were read at,
/// and the candidates as of that number can always be read again: the lists behind a draw's hashes are
/// rebuilt, never stored (ten million codes would take seconds to write).
/// </summary>
public sealed class CandidateTable(string schema)
{
    public string Schema { get; } = schema;

    public string Name { get; } = $"{schema}.candidates";

    public string History { get; } = $"{schema}.candidate_history";

    public string Inspections { get; } = $"{schema}.inspections";

    public string Sequence { get; } = $"{schema}.candidate_seq";

    public string TaskEntities { get; } = $"{schema}.task_entities";

    // The columns of an entity's version, in the current table and in its history.
    private const string EntityColumns = """
            type text not null,
            industry text collate "C" not null,
            division text collate "C" not null,
            status text not null,
            registering_authority text not null,
            tags text[] not null,
            sub_libraries text[] not null,
            risk_class text,
            version bigint not null,
        """;

    public string CreateStatements => $"""
        create sequence if not exists {Sequence};
        create table if not exists {Name} (
            uscc text collate "C" primary key,
        {EntityColumns}
            seq bigint not null default 0);
        alter table {Name} add column if not exists seq bigint not null default 0;
        -- The registered name, published with the entities a draw gives its task (disclosure shows it on their results).
        -- Not in the history: no draw reads a name.
        alter table {Name} add column if not exists name text;
        -- No index by division: draws read the index in memory, and every index slows applying changes.
        drop index if exists {Schema}.candidates_division;
        create index if not exists candidates_seq on {Name} (seq);
        -- Each version an entity had until a later message replaced it: valid from seq_from up to (not including) seq_to.
        create table if not exists {History} (
            uscc text collate "C" not null,
        {EntityColumns}
            seq_from bigint not null,
            seq_to bigint not null);
        create index if not exists candidate_history_to on {History} (seq_to);
        create table if not exists {Inspections} (
            uscc text collate "C" not null,
            item_id text not null,
            inspected_on date not null,
            task_id text not null,
            inspector_ids text[] not null,
            primary key (uscc, item_id, inspected_on, task_id));
        alter table {Inspections} add column if not exists seq bigint not null default 0;
        create index if not exists inspections_seq on {Inspections} (seq);
        -- Entities of inspection tasks, in the task from seq_from until the task closed at seq_to.
        create table if not exists {TaskEntities} (
            task_id text not null,
            uscc text collate "C" not null,
            seq_from bigint not null,
            seq_to bigint,
            primary key (task_id, uscc));
        create index if not exists task_entities_from on {TaskEntities} (seq_from);
        create index if not exists task_entities_to on {TaskEntities} (seq_to);
        drop table if exists {Schema}.draw_candidates;
        """;

    /// <summary>
    /// Queued first in every transaction that changes candidates or inspections: one at a time, so a sequence number
    /// is only taken once every smaller one is committed. Its own statement, so the next sees what the last committed.
    /// </summary>
    public string ApplyInTurn => $"select pg_advisory_xact_lock(hashtext('{Sequence}'))";

    /// <summary>
    /// A message's entity states, upserted in one statement; an older version never overwrites a newer one. The states
    /// come as eleven arrays, one per column (tags and sub-libraries each joined by "\n"), sent in binary: no temporary
    /// table to create and drop per message, and nothing to take apart from JSON. Each code is looked up in a lateral
    /// subquery the planner cannot turn into a hash join over the whole table (see the directories' EntityTable).
    /// A first version (a new entity: most of a large import) is a plain insert unless the table has the entity already
    /// (a later version came first): an upsert's speculative insertion probes the key once more and writes a second WAL
    /// record per row. Safe because messages are applied one at a time (<see cref="ApplyInTurn"/>).
    /// </summary>
    public string Upsert => $"""
        with incoming as (
            select i.uscc collate "C" as uscc, i.name, i.type, i.industry, i.division, i.status, i.registering_authority,
                string_to_array(i.tags, E'\n') as tags, string_to_array(i.sub_libraries, E'\n') as sub_libraries, i.risk_class, i.version
            from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[])
                as i(uscc, name, type, industry, division, status, registering_authority, tags, sub_libraries, risk_class, version)),
        batch as (select nextval('{Sequence}') as seq),
        replaced as (
            insert into {History} (uscc, type, industry, division, status, registering_authority, tags, sub_libraries, risk_class, version, seq_from, seq_to)
            select t.uscc, t.type, t.industry, t.division, t.status, t.registering_authority, t.tags, t.sub_libraries, t.risk_class, t.version, t.seq, b.seq
            from incoming i cross join batch b, {RowOf("i.uscc")} t
            where i.version > 1 and t.version < i.version),
        added as (
            insert into {Name} (uscc, name, type, industry, division, status, registering_authority, tags, sub_libraries, risk_class, version, seq)
            select i.uscc, i.name, i.type, i.industry, i.division, i.status, i.registering_authority, i.tags, i.sub_libraries, i.risk_class, i.version, b.seq
            from incoming i cross join batch b left join {RowOf("i.uscc")} h on true
            where i.version = 1 and h.uscc is null)
        insert into {Name} as t (uscc, name, type, industry, division, status, registering_authority, tags, sub_libraries, risk_class, version, seq)
        select i.uscc, i.name, i.type, i.industry, i.division, i.status, i.registering_authority, i.tags, i.sub_libraries, i.risk_class, i.version, b.seq
        from incoming i cross join batch b
        where i.version > 1
        on conflict (uscc) do update set name = excluded.name, type = excluded.type, industry = excluded.industry, division = excluded.division,
            status = excluded.status, registering_authority = excluded.registering_authority, tags = excluded.tags,
            sub_libraries = excluded.sub_libraries, risk_class = excluded.risk_class, version = excluded.version, seq = excluded.seq
        where t.version < excluded.version
        """;

    public string RecordInspection => $"""
        insert into {Inspections} (uscc, item_id, inspected_on, task_id, inspector_ids, seq)
        values (?, ?, ?::date, ?, array(select jsonb_array_elements_text(?::jsonb)), nextval('{Sequence}'))
        on conflict do nothing
        """;

    public string OpenTask => $"""
        insert into {TaskEntities} (task_id, uscc, seq_from)
        select ?, u, nextval('{Sequence}') from jsonb_array_elements_text(?::jsonb) as u
        on conflict do nothing
        """;

    public string CloseTask => $"update {TaskEntities} set seq_to = nextval('{Sequence}') where task_id = ? and seq_to is null";

    /// <summary>
    /// Hands over what changed after sequence number <paramref name="after"/>, read in one snapshot, row by row (the
    /// first catch-up of a host reads millions), and returns the number it reaches.
    /// </summary>
    public async Task<long> ChangesAsync(NpgsqlDataSource db, long after, Action<CandidateRow> candidate, Action<InspectionRow> inspection,
        Action<TaskEntityRow> taskEntity, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var seq = after;
        await using (var command = new NpgsqlCommand($"""
            select uscc, type, industry, division, status, tags, sub_libraries, risk_class, seq from {Name} where seq > @after
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("after", after);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                candidate(ReadCandidate(reader));
                seq = Math.Max(seq, reader.GetInt64(8));
            }
        }
        await using (var command = new NpgsqlCommand($"select uscc, item_id, inspected_on, seq from {Inspections} where seq > @after", connection, transaction))
        {
            command.Parameters.AddWithValue("after", after);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                inspection(ReadInspection(reader));
                seq = Math.Max(seq, reader.GetInt64(3));
            }
        }
        await using (var command = new NpgsqlCommand($"""
            select task_id, uscc, seq_to is null, greatest(seq_from, coalesce(seq_to, 0)) from {TaskEntities} where seq_from > @after or seq_to > @after
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("after", after);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                taskEntity(new TaskEntityRow(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
                seq = Math.Max(seq, reader.GetInt64(3));
            }
        }
        await transaction.CommitAsync(ct);
        return seq;
    }

    /// <summary>The candidates in the given divisions (code prefixes), all inspections and open tasks, as they were at sequence number <paramref name="seq"/>.</summary>
    public async Task<CandidateIndex> AsOfAsync(NpgsqlDataSource db, long seq, IReadOnlyList<string> divisions, CancellationToken ct)
    {
        var index = new CandidateIndex();
        const string columns = "uscc, type, industry, division, status, tags, sub_libraries, risk_class";
        await using (var command = db.CreateCommand($"""
            select {columns} from {Name} where seq <= @seq and division like any(@divisions)
            union all
            select {columns} from {History} where seq_from <= @seq and seq_to > @seq and division like any(@divisions)
            """))
        {
            command.Parameters.AddWithValue("seq", seq);
            command.Parameters.AddWithValue("divisions", divisions.Select(d => d + "%").ToArray());
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) index.Apply(ReadCandidate(reader));
        }
        await using (var command = db.CreateCommand($"select uscc, item_id, inspected_on from {Inspections} where seq <= @seq"))
        {
            command.Parameters.AddWithValue("seq", seq);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) index.Apply(ReadInspection(reader));
        }
        await using (var command = db.CreateCommand($"select task_id, uscc from {TaskEntities} where seq_from <= @seq and (seq_to is null or seq_to > @seq)"))
        {
            command.Parameters.AddWithValue("seq", seq);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) index.Apply(new TaskEntityRow(reader.GetString(0), reader.GetString(1), true));
        }
        index.Compact();
        return index;
    }

    /// <summary>The entities of the given tasks as of sequence number <paramref name="seq"/>, and whether each task was closed then.</summary>
    public async Task<Dictionary<string, (IReadOnlyList<string> Usccs, bool Closed)>> EntitiesOfTasksAsync(NpgsqlDataSource db, IReadOnlyList<string> tasks,
        long seq, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"""
            select task_id, uscc, seq_to is not null and seq_to <= @seq from {TaskEntities} where task_id = any(@tasks) and seq_from <= @seq
            """);
        command.Parameters.AddWithValue("tasks", tasks.ToArray());
        command.Parameters.AddWithValue("seq", seq);
        var rows = new List<(string Task, string Uscc, bool Closed)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) rows.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
        return rows.GroupBy(r => r.Task).ToDictionary(g => g.Key, g => ((IReadOnlyList<string>)[.. g.Select(r => r.Uscc)], g.All(r => r.Closed)));
    }

    /// <summary>The names (and versions) of the given entities the table knows a name of.</summary>
    public async Task<List<DrawnEntityName>> NamesAsync(NpgsqlDataSource db, IReadOnlyList<string> usccs, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"select t.uscc, t.name, t.version from unnest(@ids) as k(uscc), {RowOf("k.uscc")} t where t.name is not null");
        command.Parameters.AddWithValue("ids", usccs.ToArray());
        var names = new List<DrawnEntityName>(usccs.Count);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) names.Add(new DrawnEntityName(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        return names;
    }

    /// <summary>
    /// The table's row of the code <paramref name="uscc"/> (a column of the query), looked up by primary key in a lateral
    /// subquery the planner cannot turn into a hash join over the whole table (see the directories' EntityTable).
    /// </summary>
    private string RowOf(string uscc) => $"lateral (select * from {Name} c where c.uscc = {uscc} limit 1)";

    private static CandidateRow ReadCandidate(NpgsqlDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
        r.GetFieldValue<string[]>(5), r.GetFieldValue<string[]>(6), r.IsDBNull(7) ? null : r.GetString(7));

    private static InspectionRow ReadInspection(NpgsqlDataReader r) => new(r.GetString(0), r.GetString(1), r.GetFieldValue<DateOnly>(2));

    /// <summary>The inspectors of each entity's latest inspection: they do not go again next time.</summary>
    public async Task<Dictionary<string, string[]>> LastInspectorsAsync(NpgsqlConnection connection, IReadOnlyList<string> usccs, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            select distinct on (i.uscc) i.uscc, i.inspector_ids
            from {Inspections} i join unnest(@usccs) as d(uscc) on d.uscc = i.uscc
            order by i.uscc, i.inspected_on desc
            """, connection);
        command.Parameters.AddWithValue("usccs", usccs.ToArray());
        var result = new Dictionary<string, string[]>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result[reader.GetString(0)] = reader.GetFieldValue<string[]>(1);
        return result;
    }
}

/// <summary>Which entities a draw looks at; empty lists mean no restriction, divisions are code prefixes.</summary>
public sealed record CandidateScope(IReadOnlyList<string> Divisions, IReadOnlyList<string> Industries, IReadOnlyList<string> EntityTypes,
    IReadOnlyList<string> Tags, IReadOnlyList<string> SubLibraries);
