using Npgsql;

namespace Shuangsuiji.Draws.Candidates;

/// <summary>
/// The draw engine's own copy of the entity directory and of recent inspections, kept from the bus messages
/// (the directories' event store stays the source of truth; replaying their messages rebuilds this). Plain
/// tables with byte-collated keys: a draw reads a whole region's candidates in USCC order, the canonical order.
/// </summary>
public sealed class CandidateTable(string schema)
{
    public string Schema { get; } = schema;

    public string Name { get; } = $"{schema}.candidates";

    public string Inspections { get; } = $"{schema}.inspections";

    public string Snapshots { get; } = $"{schema}.draw_candidates";

    public string CreateStatements => $"""
        create table if not exists {Name} (
            uscc text collate "C" primary key,
            type text not null,
            industry text collate "C" not null,
            division text collate "C" not null,
            status text not null,
            registering_authority text not null,
            tags text[] not null,
            sub_libraries text[] not null,
            risk_class text,
            version bigint not null);
        create index if not exists candidates_division on {Name} (division, uscc);
        create table if not exists {Inspections} (
            uscc text collate "C" not null,
            item_id text not null,
            inspected_on date not null,
            task_id text not null,
            inspector_ids text[] not null,
            primary key (uscc, item_id, inspected_on, task_id));
        -- Each prepared draw's candidates per stratum, in canonical order: the list its hash is of.
        create table if not exists {Snapshots} (
            draw_id text not null,
            label text not null,
            usccs text[] not null,
            primary key (draw_id, label));
        """;

    /// <summary>A batch of entity states from one message; an older version never overwrites a newer one.</summary>
    public string Upsert => $"""
        insert into {Name} as t (uscc, type, industry, division, status, registering_authority, tags, sub_libraries, risk_class, version)
        select r.uscc, r.type, r.industry, r.division, r.status, r.registering_authority, r.tags, r.sub_libraries, r.risk_class, r.version
        from jsonb_to_recordset(?::jsonb) as r(uscc text, type text, industry text, division text, status text,
            registering_authority text, tags text[], sub_libraries text[], risk_class text, version bigint)
        on conflict (uscc) do update set type = excluded.type, industry = excluded.industry, division = excluded.division,
            status = excluded.status, registering_authority = excluded.registering_authority, tags = excluded.tags,
            sub_libraries = excluded.sub_libraries, risk_class = excluded.risk_class, version = excluded.version
        where t.version < excluded.version
        """;

    public string RecordInspection => $"""
        insert into {Inspections} (uscc, item_id, inspected_on, task_id, inspector_ids)
        values (?, ?, ?::date, ?, array(select jsonb_array_elements_text(?::jsonb)))
        on conflict do nothing
        """;

    /// <summary>
    /// The entities in scope, in canonical order, each with what a draw needs to place it: its status, its
    /// class, and whether it was inspected for one of the items since the given date.
    /// </summary>
    public async IAsyncEnumerable<(string Uscc, string Status, string? RiskClass, bool Recent)> ScopeAsync(
        NpgsqlConnection connection, CandidateScope scope, string[] items, DateOnly since,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            select c.uscc, c.status, c.risk_class,
                exists (select 1 from {Inspections} i where i.uscc = c.uscc and i.item_id = any(@items) and i.inspected_on >= @since)
            from {Name} c
            where c.division like any(@divisions)
              and (cardinality(@industries) = 0 or c.industry like any(@industries))
              and (cardinality(@types) = 0 or c.type = any(@types))
              and (cardinality(@tags) = 0 or c.tags && @tags)
              and (cardinality(@libraries) = 0 or c.sub_libraries && @libraries)
            order by c.uscc
            """, connection);
        command.Parameters.AddWithValue("items", items);
        command.Parameters.AddWithValue("since", since);
        command.Parameters.AddWithValue("divisions", scope.Divisions.Select(d => d + "%").ToArray());
        command.Parameters.AddWithValue("industries", scope.Industries.Select(d => d + "%").ToArray());
        command.Parameters.AddWithValue("types", scope.EntityTypes.ToArray());
        command.Parameters.AddWithValue("tags", scope.Tags.ToArray());
        command.Parameters.AddWithValue("libraries", scope.SubLibraries.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            yield return (reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetBoolean(3));
    }

    /// <summary>The inspectors of each entity's latest inspection: they do not go again next time.</summary>
    public async Task<Dictionary<string, string[]>> LastInspectorsAsync(NpgsqlConnection connection, IReadOnlyList<string> usccs, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            select distinct on (uscc) uscc, inspector_ids from {Inspections} where uscc = any(@usccs) order by uscc, inspected_on desc
            """, connection);
        command.Parameters.AddWithValue("usccs", usccs.ToArray());
        var result = new Dictionary<string, string[]>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result[reader.GetString(0)] = reader.GetFieldValue<string[]>(1);
        return result;
    }

    public async Task SaveSnapshotAsync(NpgsqlConnection connection, string drawId, string label, string[] usccs, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"insert into {Snapshots} (draw_id, label, usccs) values (@draw, @label, @usccs)", connection);
        command.Parameters.AddWithValue("draw", drawId);
        command.Parameters.AddWithValue("label", label);
        command.Parameters.AddWithValue("usccs", usccs);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Every stratum's stored list of a draw, by label.</summary>
    public async Task<Dictionary<string, string[]>> SnapshotsAsync(NpgsqlConnection connection, string drawId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"select label, usccs from {Snapshots} where draw_id = @draw", connection);
        command.Parameters.AddWithValue("draw", drawId);
        var lists = new Dictionary<string, string[]>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) lists[reader.GetString(0)] = reader.GetFieldValue<string[]>(1);
        return lists;
    }

    public async Task<string[]> SnapshotAsync(NpgsqlConnection connection, string drawId, string label, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"select usccs from {Snapshots} where draw_id = @draw and label = @label", connection);
        command.Parameters.AddWithValue("draw", drawId);
        command.Parameters.AddWithValue("label", label);
        return await command.ExecuteScalarAsync(ct) as string[] ?? [];
    }
}

/// <summary>Which entities a draw looks at; empty lists mean no restriction, divisions are code prefixes.</summary>
public sealed record CandidateScope(IReadOnlyList<string> Divisions, IReadOnlyList<string> Industries, IReadOnlyList<string> EntityTypes,
    IReadOnlyList<string> Tags, IReadOnlyList<string> SubLibraries);
