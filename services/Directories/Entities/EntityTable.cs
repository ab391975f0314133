using System.Text.Json;
using Npgsql;

namespace Shuangsuiji.Directories.Entities;

/// <summary>
/// The directory of market entities as a plain table, one row per entity, kept by <see cref="EntityProjection"/>
/// in the same transaction as the events. A table rather than documents, because a province has ten million
/// entities: it is loaded in batches, looked up by primary key and searched by trigram index.
/// </summary>
public sealed class EntityTable(string schema)
{
    public string Schema { get; } = schema;

    public string Name { get; } = $"{schema}.market_entities";

    public string CreateStatements => $"""
        create extension if not exists pg_trgm;
        create table if not exists {Name} (
            uscc text collate "C" primary key,
            name text not null,
            type text not null,
            industry text not null,
            division text collate "C" not null,
            address text not null,
            status text not null,
            registering_authority text not null,
            tags text[] not null default '{"{}"}',
            sub_libraries text[] not null default '{"{}"}',
            risk_class text,
            risk_since date,
            risk_history jsonb not null default '[]',
            version bigint not null,
            history bigint[] not null,
            updated_at timestamptz not null);
        create index if not exists market_entities_division on {Name} (division);
        -- No index on the registering authority: exports by authority scan, and every import is cheaper for it.
        drop index if exists {Schema}.market_entities_authority;
        create index if not exists market_entities_tags on {Name} using gin (tags) where tags <> '{"{}"}';
        create index if not exists market_entities_libraries on {Name} using gin (sub_libraries) where sub_libraries <> '{"{}"}';
        -- A large pending list lets inserts append cheaply; autovacuum merges it into the index in the background.
        create index if not exists market_entities_name on {Name} using gin (name gin_trgm_ops) with (gin_pending_list_limit = 65536);
        -- Import batches are large events: lz4 compresses them several times faster than the default.
        alter table {Schema}.mt_events alter column data set compression lz4;
        """;

    // Only the latest of the change sequence numbers: the whole list is read for the history alone.
    private const string Columns =
        "t.uscc, name, type, industry, division, address, status, registering_authority, tags, sub_libraries, risk_history, version, history[cardinality(history)], updated_at";

    public async Task<MarketEntity?> LoadAsync(NpgsqlConnection connection, string uscc, CancellationToken ct) =>
        (await LoadManyAsync(connection, [uscc], ct)).GetValueOrDefault(uscc);

    public async Task<Dictionary<string, MarketEntity>> LoadManyAsync(NpgsqlConnection connection, IReadOnlyCollection<string> usccs, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"select {Columns} from {RowsOfCodes}", connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", [.. usccs]));
        return await ReadAsync(command, ct);
    }

    /// <summary>
    /// The rows of the codes in the array parameter @ids, as relation t. Each code is looked up by primary key, in a
    /// lateral subquery the planner cannot turn into a join: joined, a batch's thousands of codes make it hash the
    /// whole table instead (cheaper by its cost model below about a million rows), a full scan per import batch.
    /// </summary>
    public string RowsOfCodes => $"unnest(@ids) as k(uscc), lateral (select * from {Name} e where e.uscc = k.uscc limit 1) t";

    public async Task<Dictionary<string, MarketEntity>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var result = new Dictionary<string, MarketEntity>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var entity = new MarketEntity(
                reader.GetString(0),
                new EntityData(reader.GetString(1), Enum.Parse<EntityType>(reader.GetString(2)),
                    reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(7)),
                Enum.Parse<RegistrationStatus>(reader.GetString(6)),
                reader.GetFieldValue<string[]>(8), reader.GetFieldValue<string[]>(9),
                JsonSerializer.Deserialize<RiskClassPeriod[]>(reader.GetString(10), Json) ?? [],
                reader.GetInt64(11), reader.GetInt64(12), reader.GetFieldValue<DateTimeOffset>(13));
            result[entity.Uscc] = entity;
        }
        return result;
    }

    public string SelectSql => $"select {Columns} from {Name} t";

    // What the projection runs: each statement takes the event's sequence number, its time and a JSON array of rows.

    public string UpsertData => $"""
        insert into {Name} as t (uscc, name, type, industry, division, address, status, registering_authority, version, history, updated_at)
        select r.uscc, r.name, r.type, r.industry, r.division, r.address, r.status, r.registering_authority, 1, array[?::bigint], ?::timestamptz
        from jsonb_to_recordset(?::jsonb) as r(uscc text, name text, type text, industry text, division text, address text, status text, registering_authority text)
        on conflict (uscc) do update set name = excluded.name, type = excluded.type, industry = excluded.industry,
            division = excluded.division, address = excluded.address, status = excluded.status,
            registering_authority = excluded.registering_authority, version = t.version + 1,
            history = t.history || excluded.history, updated_at = excluded.updated_at
        """;

    /// <summary>
    /// An import batch, straight from its stored event (enumerations are stored by name, as in events). The
    /// importer decided under the stripe locks which rows are new, so those are plain inserts and the rest plain
    /// updates: no speculative insertion, whose extra index probe per row costs more than the insert.
    /// </summary>
    public string UpsertImported => $"""
        with r as materialized (
            select x ->> 0 as uscc, x ->> 1 as name, x ->> 2 as type, x ->> 3 as industry, x ->> 4 as division, x ->> 5 as address,
                x ->> 6 as status, x ->> 7 as registering_authority, (x ->> 8)::boolean as new, e.seq_id, e.timestamp
            from {Schema}.mt_events e, jsonb_array_elements(e.data -> 'rows') as x
            where e.seq_id = ?),
        added as (
            insert into {Name} (uscc, name, type, industry, division, address, status, registering_authority, version, history, updated_at)
            select uscc, name, type, industry, division, address, status, registering_authority, 1, array[seq_id], timestamp
            from r where new)
        update {Name} t set name = r.name, type = r.type, industry = r.industry, division = r.division, address = r.address,
            status = r.status, registering_authority = r.registering_authority, version = t.version + 1,
            history = t.history || r.seq_id, updated_at = r.timestamp
        from r where t.uscc = r.uscc and not r.new
        """;

    public string UpdateData => $"""
        update {Name} t set name = r.name, type = r.type, industry = r.industry, division = r.division, address = r.address,
            registering_authority = r.registering_authority, version = t.version + 1, history = t.history || ?::bigint, updated_at = ?::timestamptz
        from jsonb_to_recordset(?::jsonb) as r(uscc text, name text, type text, industry text, division text, address text, registering_authority text)
        where t.uscc = r.uscc
        """;

    public string UpdateStatus => $"""
        update {Name} t set status = r.status, version = t.version + 1, history = t.history || ?::bigint, updated_at = ?::timestamptz
        from jsonb_to_recordset(?::jsonb) as r(uscc text, status text) where t.uscc = r.uscc
        """;

    public string ChangeSet(string column) => $"""
        update {Name} t set {column} = array(select x from (select unnest(t.{column} || r.added) except select unnest(r.removed)) s(x) order by x),
            version = t.version + 1, history = t.history || ?::bigint, updated_at = ?::timestamptz
        from jsonb_to_recordset(?::jsonb) as r(uscc text, added text[], removed text[]) where t.uscc = r.uscc
        """;

    public string UpdateRisk => $"""
        update {Name} t set risk_class = r.to_class, risk_since = r.effective_on,
            risk_history = t.risk_history || jsonb_build_array(jsonb_build_object('class', r.to_class, 'since', r.effective_on)),
            version = t.version + 1, history = t.history || ?::bigint, updated_at = ?::timestamptz
        from jsonb_to_recordset(?::jsonb) as r(uscc text, to_class text, effective_on date) where t.uscc = r.uscc
        """;

    /// <summary>A warning changes no state (no new version) but belongs to the entity's history.</summary>
    public string NoteInHistory => $"""
        update {Name} t set history = t.history || ?::bigint, updated_at = ?::timestamptz
        from jsonb_to_recordset(?::jsonb) as r(uscc text) where t.uscc = r.uscc
        """;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
