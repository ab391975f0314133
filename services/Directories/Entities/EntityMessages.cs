using JasperFx.Events;
using Npgsql;
using Shuangsuiji.Contracts.Directories;

namespace Shuangsuiji.Directories.Entities;

/// <summary>
/// Entity events as bus messages: one message per event, however many entities it touched, each entity with
/// its current state (state-carrying, so consumers need no history). The state is read from the table, except
/// for entities an import adds: the event holds all of it (no tags, class or sub-library yet), and most rows of
/// a large import are new.
/// </summary>
public sealed class EntityMessages(NpgsqlDataSource db, EntityTable table)
{
    public async Task<object?> ToMessageAsync(IEvent e, CancellationToken ct)
    {
        var (change, usccs) = e.Data switch
        {
            EntityRegistered x => ("registered", [x.Uscc]),
            EntityAmended x => ("amended", [x.Uscc]),
            EntityStatusChanged x => ("status-changed", [x.Uscc]),
            EntityTagged x => ("tags-changed", [x.Uscc]),
            EntityUntagged x => ("tags-changed", [x.Uscc]),
            SubLibraryJoined x => ("sub-libraries-changed", [x.Uscc]),
            SubLibraryLeft x => ("sub-libraries-changed", [x.Uscc]),
            RiskClassChanged x => ("risk-class-changed", [x.Uscc]),
            EntitiesImported x => ("imported", x.Rows.Where(r => !r.New).Select(r => r.Uscc).ToArray()),
            EntityTagsImported x => ("tags-changed", x.Rows.Select(r => r.Uscc).ToArray()),
            SubLibrariesImported x => ("sub-libraries-changed", x.Rows.Select(r => r.Uscc).ToArray()),
            RiskClassesImported x => ("risk-class-changed", x.Rows.Select(r => r.Uscc).ToArray()),
            Entities.RiskWarningRaised x => ("warning", [x.Uscc]),
            Entities.RiskWarningsRaised x => ("warning", x.Rows.Select(r => r.Uscc).ToArray()),
            _ => default((string, string[])),
        };
        if (change is null) return null;
        var current = new Dictionary<string, MarketEntity>();
        if (usccs.Length > 0)
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            current = await table.LoadManyAsync(connection, usccs, ct);
        }
        if (change == "warning")
            return new Contracts.Directories.RiskWarningsRaised(e.Data switch
            {
                Entities.RiskWarningRaised x => [Warning(x.Uscc, x.From, x.To, x.EffectiveOn, current)],
                Entities.RiskWarningsRaised x => [.. x.Rows.Select(r => Warning(r.Uscc, r.From, r.To, r.EffectiveOn, current))],
                _ => [],
            }, e.Timestamp);

        var added = e.Data is EntitiesImported import
            ? import.Rows.Where(r => r.New).Select(r => new MarketEntity(r.Uscc, r.Data, r.Status, [], [], [], 1, e.Sequence, e.Timestamp))
            : [];
        return new MarketEntitiesChanged([.. added.Concat(usccs.Where(current.ContainsKey).Select(u => current[u])).Select(Info)], change, e.Timestamp);
    }

    /// <summary>A warning with whom it concerns: the entity's division and the departments responsible for it (key supervision, 重点监管).</summary>
    private static RiskWarningInfo Warning(string uscc, string? from, string to, DateOnly effectiveOn, Dictionary<string, MarketEntity> current) =>
        current.TryGetValue(uscc, out var m)
            ? new RiskWarningInfo(uscc, from, to, effectiveOn, m.Data.Name, m.Data.Division,
                [.. m.SubLibraries.Select(l => l.Split('/')[0]).Prepend(m.Data.RegisteringAuthority).Where(d => d.Length > 0).Distinct()])
            : new RiskWarningInfo(uscc, from, to, effectiveOn);

    private static MarketEntityInfo Info(MarketEntity m) => new(
        m.Uscc, m.Data.Name, Names.Of(m.Data.Type), m.Data.Industry, m.Data.Division, Names.Of(m.Status), m.Data.RegisteringAuthority,
        m.Tags, m.SubLibraries, m.Risk?.Class, m.Risk?.Since, m.Version);
}
