using Npgsql;

namespace Shuangsuiji.Disclosure.Results;

/// <summary>
/// Two plain tables beside the store. <c>entity_names</c>: the name of every drawn entity (public register data, as
/// the draw engine publishes it with each draw), to show and search results by name. <c>public_feed</c>: every
/// result, handling result and signed checkpoint in the order it became public, numbered by the event's sequence number, for the
/// export (<see cref="PublicFeed"/> writes it in order, so a poller that resumes after a number misses nothing).
/// </summary>
public sealed class PublicTables(string schema)
{
    public string Schema { get; } = schema;

    public string EntityNames { get; } = $"{schema}.entity_names";

    public string Feed { get; } = $"{schema}.public_feed";

    public string CreateStatements => $"""
        create table if not exists {EntityNames} (
            uscc text collate "C" primary key,
            name text not null,
            version bigint not null);
        create table if not exists {Feed} (
            cursor bigint primary key,
            kind text not null,
            uscc text collate "C" not null,
            on_date date not null,
            fact jsonb not null);
        create index if not exists public_feed_on_date on {Feed} (on_date);
        -- A checkpoint's line is about no entity.
        alter table {Feed} alter column uscc drop not null;
        """;

    /// <summary>
    /// Keeps the newest version of each name; one statement for a whole draw, given as three arrays (codes, names,
    /// versions) sent in binary rather than as JSON to take apart.
    /// </summary>
    public string UpsertNames => $"""
        insert into {EntityNames} (uscc, name, version)
        select uscc, name, version from unnest(?::text[], ?::text[], ?::bigint[]) as x(uscc, name, version)
        on conflict (uscc) do update set name = excluded.name, version = excluded.version
        where {EntityNames}.version < excluded.version
        """;

    /// <summary>The USCCs of entities whose name holds the fragment (at most <paramref name="limit"/>).</summary>
    public async Task<List<string>> NamedAsync(NpgsqlDataSource db, string fragment, int limit, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"select uscc from {EntityNames} where strpos(name, @fragment) > 0 order by uscc limit @limit");
        command.Parameters.AddWithValue("fragment", fragment);
        command.Parameters.AddWithValue("limit", limit);
        var usccs = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) usccs.Add(reader.GetString(0));
        return usccs;
    }
}
