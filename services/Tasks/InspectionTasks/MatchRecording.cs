using Marten;
using Shuangsuiji.Kernel;
using Shuangsuiji.Tasks.Results;

namespace Shuangsuiji.Tasks.InspectionTasks;

/// <summary>
/// A department's match is recorded when the draw engine's teams for every entity of the task's draw are kept. The draw
/// and the teams come in separate messages, in any order, each part of a large matching on its own: each consumer takes
/// the task's lock before it reads, so the one that commits last sees what the others wrote and records the match.
/// </summary>
public static class MatchRecording
{
    /// <summary>Opens the session's transaction and takes the task's lock in it, held until the session commits.</summary>
    public static async Task LockAsync(IDocumentSession session, string taskId, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await session.QueryAsync<int>("select 1 from pg_advisory_xact_lock(hashtext(?))", ct, $"match:{InspectionTask.StreamId(taskId)}");
    }

    /// <summary>The teams of each of the task's inspecting departments kept for the draw.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> TeamsAsync(IQuerySession session, InspectionTask task, string drawId, CancellationToken ct)
    {
        var known = new Dictionary<string, int>();
        foreach (var department in task.Inspecting)
            known[department.DepartmentId] = await session.Query<InspectorTeam>()
                .CountAsync(t => t.TaskId == task.TaskId && t.DepartmentId == department.DepartmentId && t.DrawId == drawId, ct);
        return known;
    }

    /// <summary>Appends the matches the teams now complete (the lock taken).</summary>
    public static async Task RecordAsync(IDocumentSession session, CommandContext ctx, string taskId, string drawId, IReadOnlyDictionary<string, int> teamsKnown,
        CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<InspectionTask>(InspectionTask.StreamId(taskId), ct);
        stream.AppendMany(InspectionTaskDecider.RecordMatches(stream.Aggregate, drawId, teamsKnown, ctx));
    }
}
