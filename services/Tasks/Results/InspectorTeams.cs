using Marten;
using MassTransit;
using Shuangsuiji.Contracts.Draws;
using Shuangsuiji.ServiceDefaults.Messaging;
using Shuangsuiji.Tasks.InspectionTasks;

namespace Shuangsuiji.Tasks.Results;

/// <summary>
/// The inspectors the draw engine matched to a drawn entity for one department of a task (id "{task}|{department}|{uscc}"),
/// as of a version of that department's match in a draw; empty when no team could be formed. A result names its
/// inspectors from this team only: the inspectors who check are the ones drawn (双随机), not whoever is at hand.
/// </summary>
public sealed record InspectorTeam(string Id, string TaskId, string DepartmentId, string DrawId, long Version, IReadOnlyList<string> InspectorIds)
{
    public static string Key(string taskId, string departmentId, string uscc) => $"{taskId}|{departmentId}|{uscc}";
}

/// <summary>
/// Keeps the teams the draw engine assigns. Parts of a matching and a later replacement may arrive in any order,
/// so a team is kept only if it is newer than the one held: a later version of the same match, or another draw's.
/// A part holds up to ten thousand teams: they are written by one set-based statement in the consumer's transaction,
/// which compares versions in the database (a document upsert each took about a second a part, and kept PostgreSQL
/// busy for a minute after a province-scale matching). Once the department's teams for every entity of the task's draw
/// are kept, its match is recorded on the task in the same transaction (<see cref="MatchRecording"/>).
/// </summary>
public sealed class InspectorsAssignedConsumer(IDocumentStore store, TimeProvider clock) : IdempotentConsumer<InspectorsAssigned>(store, clock)
{
    private readonly string upsert = $"""
        insert into {store.Options.FindOrResolveDocumentType(typeof(InspectorTeam)).TableName.QualifiedName} as t (id, data, mt_dotnet_type)
        select x ->> 'id', x, ? from jsonb_array_elements(?::jsonb) as x
        on conflict (id) do update set data = excluded.data, mt_last_modified = transaction_timestamp(),
            mt_version = md5(random()::text || clock_timestamp()::text)::uuid
        where t.data ->> 'drawId' is distinct from excluded.data ->> 'drawId' or (t.data ->> 'version')::bigint < (excluded.data ->> 'version')::bigint
        """;

    protected override async Task Handle(InspectorsAssigned m, IDocumentSession session, ConsumeContext<InspectorsAssigned> context)
    {
        var ct = context.CancellationToken;
        var teams = m.Teams.Select(t => new InspectorTeam(InspectorTeam.Key(m.TaskId, m.DepartmentId, t.Uscc), m.TaskId, m.DepartmentId, m.DrawId,
            m.Version, t.InspectorIds)).DistinctBy(t => t.Id).ToList();
        await MatchRecording.LockAsync(session, m.TaskId, ct);
        // The documents as Marten itself would store them (its serializer and type name), so reads see no difference.
        session.QueueSqlCommand(upsert, typeof(InspectorTeam).FullName!, session.DocumentStore.Options.Serializer().ToJson(teams));
        // After this part the draw's teams of the department are the others already kept and this part's.
        var ids = teams.Select(t => t.Id).ToArray();
        var others = await session.Query<InspectorTeam>()
            .CountAsync(t => t.TaskId == m.TaskId && t.DepartmentId == m.DepartmentId && t.DrawId == m.DrawId && !ids.Contains(t.Id), ct);
        await MatchRecording.RecordAsync(session, CommandOf(session, context, m.At), m.TaskId, m.DrawId,
            new Dictionary<string, int> { [m.DepartmentId] = others + ids.Length }, ct);
    }
}
