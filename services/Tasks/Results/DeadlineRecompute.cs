using Marten;
using Shuangsuiji.Kernel.Calendar;
using Shuangsuiji.ServiceDefaults.Calendar;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Tasks.Results;

/// <summary>
/// When a year's holiday notice is recorded or corrected, records on each task and result the deadlines it moved
/// (<see cref="Deadlines.TaskMoved"/>, <see cref="Deadlines.ResultMoved"/>), in the transaction that keeps the notice; the
/// relay then tells the office and the public the new dates. A concurrent command on one of them makes the whole
/// message retry.
/// </summary>
public sealed class DeadlineRecompute : ICalendarFollower
{
    public async Task FollowAsync(CalendarChange change, IDocumentSession session, CommandContext ctx, CancellationToken ct)
    {
        // A closed task's deadline moves only while provisional: one counted into the year, from a check in the two months before it at the earliest.
        var earliest = new DateOnly(change.Year - 1, 11, 1);
        var tasks = await session.Query<InspectionTask>()
            .Where(t => t.Status != InspectionTaskStatus.Closed || t.CheckTo >= earliest).ToListAsync(ct);
        if (tasks.Count == 0) return;
        var ids = tasks.Select(t => t.TaskId).ToArray();
        var results = (await session.Query<EntityResult>().Where(r => r.TaskId.IsOneOf(ids)).ToListAsync(ct)).ToLookup(r => r.TaskId);
        foreach (var task in tasks)
        {
            Append(session, task.Id, task.Version, Deadlines.TaskMoved(task, change, ctx));
            foreach (var result in results[task.TaskId])
                Append(session, result.Id, result.Version, Deadlines.ResultMoved(result, task, change, ctx));
        }
    }

    private static void Append(IDocumentSession session, string streamId, long version, IReadOnlyList<object> moved)
    {
        if (moved.Count > 0) session.Events.Append(streamId, version + moved.Count, moved);
    }
}
