using System.Text.Json;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Shuangsuiji.Directories.Entities;

/// <summary>
/// Keeps the entity table in step with the entity events, in the same transaction. One SQL statement per
/// event whatever its number of rows: a batch of five thousand imported entities is one set-based upsert, which
/// reads the rows from the event just stored rather than having them serialized and sent a second time.
/// </summary>
public sealed class EntityProjection(EntityTable table) : IProjection
{
    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        foreach (var e in events)
        {
            if (Statement(e.Data) is not { } statement) continue;
            var (sql, rows) = statement;
            if (rows is null) operations.QueueSqlCommand(sql, e.Sequence); // a batch: its rows are read from the stored event
            else operations.QueueSqlCommand(sql, e.Sequence, e.Timestamp, JsonSerializer.Serialize(rows, EntityTable.Json));
        }
        return Task.CompletedTask;
    }

    private (string Sql, object? Rows)? Statement(object data) => data switch
    {
        EntityRegistered x => (table.UpsertData, new[] { DataRow(x.Uscc, x.Data, x.Status) }),
        EntitiesImported => (table.UpsertImported, null),
        EntityAmended x => (table.UpdateData, new[] { DataRow(x.Uscc, x.Data, null) }),
        EntityStatusChanged x => (table.UpdateStatus, new[] { new { x.Uscc, Status = x.Status.ToString() } }),
        EntityTagged x => (table.ChangeSet("tags"), new[] { new SetChange(x.Uscc, [x.Tag], []) }),
        EntityUntagged x => (table.ChangeSet("tags"), new[] { new SetChange(x.Uscc, [], [x.Tag]) }),
        EntityTagsImported x => (table.ChangeSet("tags"), x.Rows),
        SubLibraryJoined x => (table.ChangeSet("sub_libraries"), new[] { new SetChange(x.Uscc, [x.Library], []) }),
        SubLibraryLeft x => (table.ChangeSet("sub_libraries"), new[] { new SetChange(x.Uscc, [], [x.Library]) }),
        SubLibrariesImported x => (table.ChangeSet("sub_libraries"), x.Rows),
        RiskClassChanged x => (table.UpdateRisk, new[] { RiskRow(new RiskChange(x.Uscc, x.From, x.To, x.EffectiveOn)) }),
        RiskClassesImported x => (table.UpdateRisk, x.Rows.Select(RiskRow).ToArray()),
        RiskWarningRaised x => (table.NoteInHistory, new[] { new { x.Uscc } }),
        RiskWarningsRaised x => (table.NoteInHistory, x.Rows.Select(r => new { r.Uscc }).ToArray()),
        CreditRecorded x => (table.NoteInHistory, new[] { new { x.Uscc } }),
        _ => null,
    };

    private static object DataRow(string uscc, EntityData d, RegistrationStatus? status) => new
    {
        Uscc = uscc, d.Name, Type = d.Type.ToString(), d.Industry, d.Division, d.Address,
        Status = status?.ToString(), d.RegisteringAuthority,
    };

    private static object RiskRow(RiskChange r) => new { r.Uscc, ToClass = r.To, EffectiveOn = r.EffectiveOn.ToString("yyyy-MM-dd") };
}
