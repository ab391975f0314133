using JasperFx.Events;
using Marten;
using Npgsql;
using Shuangsuiji.Contracts.Draws;
using Shuangsuiji.Draws.Candidates;
using Shuangsuiji.Draws.Drawing;
using Shuangsuiji.Draws.Matching;
using Shuangsuiji.ServiceDefaults.Messaging;

namespace Shuangsuiji.Draws;

/// <summary>
/// What the draw engine tells the others: the entities each executed draw gave its task (with their names, for the
/// public records of their results), and the inspectors matched to them.
/// </summary>
public sealed class DrawsMessages(NpgsqlDataSource db, CandidateTable candidates) : IIntegrationEventMap
{
    public async Task<IReadOnlyList<object>> ToMessagesAsync(IEvent e, IQuerySession session, CancellationToken ct)
    {
        switch (e.Data)
        {
            case DrawExecuted executed:
                var draw = await SummaryAsync(session, executed.DrawId, ct);
                var drawn = executed.DrawOrder();
                return [new TaskEntitiesDrawn(draw.DrawId, draw.TaskId, draw.Departments, drawn, draw.RedrawOf, executed.At, draw.SampledTasks,
                    await candidates.NamesAsync(db, drawn, ct), draw.Strata?.Zip(executed.Strata,
                        (s, r) => new DrawnStratum(s.Label, s.RiskClasses, s.CandidateCount, r.Selected.Length)).ToList())];
            case InspectorsMatched matched:
                var task = await TaskOfAsync(session, matched.DrawId, ct);
                return [.. CompactJson.Matches.OneByOne(matched.Matches).Select(m => new AssignedTeam(m.Uscc, m.Failure is null ? m.Selected : [])).Chunk(InspectorsAssigned.PartSize)
                    .Select(teams => new InspectorsAssigned(matched.DrawId, task, matched.DepartmentId, teams, e.Version, matched.At))];
            case InspectorReplaced replaced:
                // The team as it is after this replacement (the stream as of this event, however many came since).
                var match = await session.Events.AggregateStreamAsync<DepartmentMatch>(e.StreamKey!, e.Version, token: ct)
                    ?? throw new InvalidOperationException($"match {e.StreamKey} has events but no state");
                var uscc = replaced.Replacement.Uscc;
                return [new InspectorsAssigned(replaced.DrawId, await TaskOfAsync(session, replaced.DrawId, ct), match.DepartmentId,
                    [new AssignedTeam(uscc, match.Teams()[uscc])], e.Version, replaced.At)];
            default:
                return [];
        }
    }

    private static async Task<string> TaskOfAsync(IQuerySession session, string drawId, CancellationToken ct) =>
        (await SummaryAsync(session, drawId, ct)).TaskId;

    /// <summary>The draw's summary: the picks are in the event at hand, the rest is small.</summary>
    private static async Task<DrawSummary> SummaryAsync(IQuerySession session, string drawId, CancellationToken ct) =>
        await session.LoadAsync<DrawSummary>(Draw.StreamId(drawId), ct) ?? throw new InvalidOperationException($"draw {drawId} has events but no summary");
}
