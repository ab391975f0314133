using System.Text.Json;
using Marten;
using MassTransit;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.ServiceDefaults.Messaging;

namespace Shuangsuiji.Draws.Candidates;

/// <summary>Entity states from the directories: one set-based upsert per message, however many entities it carries.</summary>
public sealed class MarketEntitiesChangedConsumer(IDocumentStore store, TimeProvider clock, CandidateTable table)
    : IdempotentConsumer<MarketEntitiesChanged>(store, clock)
{
    protected override Task Handle(MarketEntitiesChanged m, IDocumentSession session, ConsumeContext<MarketEntitiesChanged> context)
    {
        var states = m.NewestOfEach();
        string?[] Column(Func<MarketEntityInfo, string?> value) => [.. states.Select(value)];
        session.QueueSqlCommand(table.ApplyInTurn);
        session.QueueSqlCommand(table.Upsert, Column(e => e.Uscc), Column(e => e.Name), Column(e => e.Type), Column(e => e.Industry), Column(e => e.Division),
            Column(e => e.Status), Column(e => e.RegisteringAuthority), Column(e => string.Join('\n', e.Tags)), Column(e => string.Join('\n', e.SubLibraries)),
            Column(e => e.RiskClass), states.Select(e => e.Version).ToArray());
        return Task.CompletedTask;
    }
}

public sealed class DepartmentChangedConsumer(IDocumentStore store, TimeProvider clock) : IdempotentConsumer<DepartmentChanged>(store, clock)
{
    protected override async Task Handle(DepartmentChanged m, IDocumentSession session, ConsumeContext<DepartmentChanged> context)
    {
        var current = await session.LoadAsync<DrawDepartment>(m.DepartmentId, context.CancellationToken);
        if (current?.Version >= m.Version) return;
        session.Store(new DrawDepartment(m.DepartmentId, m.RegionCode, m.Retired, m.Version) { Office = m.Kind == "office" });
    }
}

public sealed class EntityInspectedConsumer(IDocumentStore store, TimeProvider clock, CandidateTable table)
    : IdempotentConsumer<EntityInspected>(store, clock)
{
    protected override Task Handle(EntityInspected m, IDocumentSession session, ConsumeContext<EntityInspected> context)
    {
        session.QueueSqlCommand(table.ApplyInTurn);
        session.QueueSqlCommand(table.RecordInspection, m.Uscc, m.ItemId, m.InspectedOn.ToString("yyyy-MM-dd"), m.TaskId,
            JsonSerializer.Serialize(m.InspectorIds));
        return Task.CompletedTask;
    }
}

/// <summary>A task closed: its entities leave it (the engine put them in when it executed the task's draw).</summary>
public sealed class TaskEntitiesChangedConsumer(IDocumentStore store, TimeProvider clock, CandidateTable table)
    : IdempotentConsumer<TaskEntitiesChanged>(store, clock)
{
    protected override Task Handle(TaskEntitiesChanged m, IDocumentSession session, ConsumeContext<TaskEntitiesChanged> context)
    {
        session.QueueSqlCommand(table.ApplyInTurn);
        session.QueueSqlCommand(table.CloseTask, m.TaskId);
        return Task.CompletedTask;
    }
}

/// <summary>Inspectors from the directories (ids, status, certificate dates, specialties, conflicts; no personal data).</summary>
public sealed class InspectorChangedConsumer(IDocumentStore store, TimeProvider clock) : IdempotentConsumer<InspectorChanged>(store, clock)
{
    protected override async Task Handle(InspectorChanged m, IDocumentSession session, ConsumeContext<InspectorChanged> context)
    {
        var id = Matching.DrawInspector.Key(m.DepartmentId, m.InspectorId);
        var current = await session.LoadAsync<Matching.DrawInspector>(id, context.CancellationToken);
        if (current?.Version >= m.Version) return;
        session.Store(new Matching.DrawInspector(id, m.InspectorId, m.DepartmentId, m.Status, m.CertificateValidFrom, m.CertificateValidTo,
            m.Specialties, m.Conflicts, m.Version));
    }
}

/// <summary>
/// A department as the draw engine needs it: its region bounds an untargeted draw; an office of the leading group
/// (领导小组办公室) is the second party of the draws in its region.
/// </summary>
public sealed record DrawDepartment(string Id, string RegionCode, bool Retired, long Version)
{
    public bool Office { get; init; }

    /// <summary>The division-code prefix of the region: 130000 → 13, 130300 → 1303, 130302 → 130302.</summary>
    public string DivisionPrefix => RegionCode.EndsWith("0000") ? RegionCode[..2] : RegionCode.EndsWith("00") ? RegionCode[..4] : RegionCode;

    /// <summary>
    /// The office that supervises a department's draws: the active office whose region holds the department's, the
    /// nearest one (a county's office before the city's).
    /// </summary>
    public static DrawDepartment? SupervisingOffice(DrawDepartment department, IEnumerable<DrawDepartment> all) =>
        all.Where(d => d.Office && !d.Retired && department.DivisionPrefix.StartsWith(d.DivisionPrefix, StringComparison.Ordinal))
            .OrderByDescending(d => d.DivisionPrefix.Length).ThenBy(d => d.Id, StringComparer.Ordinal).FirstOrDefault();
}
