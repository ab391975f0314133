using System.Text;
using Npgsql;

namespace Shuangsuiji.Directories.Entities;

public sealed record EntitySearch(
    string? Name, string? Division, string? Industry, string? Tag, string? SubLibrary, string? RiskClass,
    RegistrationStatus? Status, string? RegisteringAuthority, int PageSize, string? After);

/// <summary>One change in an entity's history, read back from the event log.</summary>
public sealed record EntityChangeRecord(long Sequence, string EventType, string Details, DateTimeOffset At, string? User, string? Department, string StreamKey);

/// <summary>Reads of the entity table, straight on the database: lookups by USCC must stay fast at province scale.</summary>
public sealed class EntityQueries(NpgsqlDataSource db, EntityTable table)
{
    public async Task<MarketEntity?> GetAsync(string uscc, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await table.LoadAsync(connection, uscc, ct);
    }

    /// <summary>Which of these codes are in the directory.</summary>
    public async Task<IReadOnlyList<string>> ExistingAsync(string[] usccs, CancellationToken ct) => [.. (await NamesAsync(usccs, ct)).Keys];

    /// <summary>The names of those of these codes that are in the directory, in one query by primary key.</summary>
    public async Task<Dictionary<string, string>> NamesAsync(string[] usccs, CancellationToken ct)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (usccs.Length == 0) return names;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"select t.uscc, t.name from {table.RowsOfCodes}", connection);
        command.Parameters.AddWithValue("ids", usccs);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) names[reader.GetString(0)] = reader.GetString(1);
        return names;
    }

    /// <summary>Keyset paging by USCC: each page starts after the last code of the one before.</summary>
    public async Task<IReadOnlyList<MarketEntity>> SearchAsync(EntitySearch s, CancellationToken ct)
    {
        var sql = new StringBuilder(table.SelectSql).Append(" where true");
        await using var command = new NpgsqlCommand();
        void Where(string clause, string name, object value)
        {
            sql.Append(" and ").Append(clause);
            command.Parameters.AddWithValue(name, value);
        }
        if (s.Name is { Length: > 0 }) Where("name ilike @name", "name", $"%{Escape(s.Name)}%");
        if (s.Division is { Length: > 0 }) Where("division like @division", "division", $"{Escape(s.Division)}%");
        if (s.Industry is { Length: > 0 }) Where("industry like @industry", "industry", $"{Escape(s.Industry.ToUpperInvariant())}%");
        if (s.Tag is { Length: > 0 }) Where("tags @> array[@tag]", "tag", s.Tag);
        if (s.SubLibrary is { Length: > 0 }) Where("sub_libraries @> array[@library]", "library", s.SubLibrary);
        if (s.RiskClass is { Length: > 0 }) Where("risk_class = @risk", "risk", s.RiskClass);
        if (s.Status is { } status) Where("status = @status", "status", status.ToString());
        if (s.RegisteringAuthority is { Length: > 0 }) Where("registering_authority = @authority", "authority", s.RegisteringAuthority);
        if (s.After is { Length: > 0 }) Where("uscc > @after", "after", s.After);
        sql.Append(" order by uscc limit @limit");
        command.Parameters.AddWithValue("limit", s.PageSize);
        await using var connection = await db.OpenConnectionAsync(ct);
        command.Connection = connection;
        command.CommandText = sql.ToString();
        return [.. (await table.ReadAsync(command, ct)).Values.OrderBy(e => e.Uscc, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The events that changed an entity, oldest first. For an import batch only this entity's row of it is
    /// returned, found inside the event by JSON path (entity rows are arrays, code first; other rows are objects).
    /// </summary>
    public async Task<IReadOnlyList<EntityChangeRecord>> HistoryAsync(MarketEntity entity, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"""
            select seq_id, type,
                   coalesce(jsonb_path_query_first(data, 'strict $.rows[*] ? (@[0] == $u)', jsonb_build_object('u', @uscc::text), true),
                            jsonb_path_query_first(data, '$.rows[*] ? (@.uscc == $u)', jsonb_build_object('u', @uscc::text)), data)::text,
                   timestamp, user_name, headers ->> 'department', stream_id
            from {table.Schema}.mt_events where seq_id = any((select history from {table.Name} where uscc = @uscc)::bigint[]) order by seq_id
            """, connection);
        command.Parameters.AddWithValue("uscc", entity.Uscc);
        var changes = new List<EntityChangeRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            changes.Add(new EntityChangeRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6)));
        return changes;
    }

    private static string Escape(string pattern) => pattern.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
