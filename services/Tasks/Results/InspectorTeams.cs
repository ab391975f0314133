using Marten;
using MassTransit;
using Shuangsuiji.Contracts.Draws;
using Shuangsuiji.ServiceDefaults.Messaging;

namespace Shuangsuiji.Tasks.Results;

/// <summary>
/// The inspectors the draw engine matched to a drawn entity for one department of a task (id "{task}|{department}|{uscc}"),
/// as of a version of that department's match in a draw; empty when no team could be formed. A result names its
/// inspectors from this team only: the inspectors who check are the ones drawn (双随机), not whoever is at hand.
/// </summary>
public sealed record InspectorTeam(string Id, string TaskId, string DepartmentId, string DrawId, long Version, IReadOnlyList<string> InspectorIds)
{
    public static string Key(string taskId, string departmentId, string uscc) => $"{taskId}|{departmentId}|{uscc}";

    /// <summary>Whether this team (from a message) replaces the one kept: a later version of the same match, or another draw's.</summary>
    public bool Replaces(InspectorTeam? kept) => kept is null || kept.DrawId != DrawId || kept.Version < Version;
}

/// <summary>
/// Keeps the teams the draw engine assigns. Parts of a matching and a later replacement may arrive in any order,
/// so a team is kept only if it is newer than the one held.
/// </summary>
public sealed class InspectorsAssignedConsumer(IDocumentStore store, TimeProvider clock) : IdempotentConsumer<InspectorsAssigned>(store, clock)
{
    protected override async Task Handle(InspectorsAssigned m, IDocumentSession session, ConsumeContext<InspectorsAssigned> context)
    {
        var teams = m.Teams.Select(t => new InspectorTeam(InspectorTeam.Key(m.TaskId, m.DepartmentId, t.Uscc), m.TaskId, m.DepartmentId, m.DrawId,
            m.Version, t.InspectorIds)).ToList();
        var kept = (await session.LoadManyAsync<InspectorTeam>(context.CancellationToken, teams.Select(t => t.Id))).ToDictionary(t => t.Id);
        session.Store([.. teams.Where(t => t.Replaces(kept.GetValueOrDefault(t.Id)))]);
    }
}
