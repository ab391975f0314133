using JasperFx.Events;
using Marten;
using Marten.Services.BatchQuerying;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.ServiceDefaults.Calendar;
using Shuangsuiji.ServiceDefaults.Messaging;
using Shuangsuiji.Tasks.Results;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Tasks;

/// <summary>
/// What the tasks service tells the others: which task closed (its entities free for other tasks), which entities were
/// inspected for which item, and when, the decisions that enter an entity's credit record, the public records (<see cref="PublicRecords"/>)
/// and, for the city office, how the work stands (<see cref="Progress"/>) and which executed draws a task refused. Deadlines are counted by the calendar the store
/// holds as of the page, read with its snapshots: a deadline moved by a holiday notice is told with the new date.
/// </summary>
public sealed class TasksMessages : IIntegrationEventMap
{
    /// <summary>
    /// An approved result is final, so its entity counts as inspected from then on (the draw engine's 12-month
    /// exclusion): one message per item checked, dated the last check date, with the inspectors who checked (the
    /// draw engine keeps them from inspecting the entity again next time).
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<object>>> ToMessagesAsync(IReadOnlyList<IEvent> page, IQuerySession session, CancellationToken ct)
    {
        var (snapshots, calendar) = await SnapshotsAsync(page, session, ct);
        return [.. page.Select(e =>
        {
            var stream = new StreamSnapshot(snapshots, e);
            return (IReadOnlyList<object>)[.. ForOthers(e, stream, calendar), .. ProgressOf(e, stream, calendar)];
        })];
    }

    private static IReadOnlyList<object> ForOthers(IEvent e, StreamSnapshot stream, WorkingDayCalendar calendar) => e.Data switch
    {
        Plans.PlanPublished x => [PublicRecords.Plan(stream.Of<Plans.AnnualPlan>(), x)],
        // The drawn task is announced to the public.
        InspectionTasks.EntitiesDrawn x => [PublicRecords.Announcement(stream.Of<InspectionTasks.InspectionTask>(), x, calendar)],
        // A holiday notice moved a public due date: the record is published again with the new one.
        TaskDeadlineMoved when stream.Of<InspectionTasks.InspectionTask>() is { DrawId: not null } task => [PublicRecords.Announcement(task, calendar)],
        ResultDeadlineMoved { Kind: DeadlineKind.Results } when stream.Of<EntityResult>() is { Status: ResultStatus.Approved } result =>
            [PublicRecords.Result(result, calendar)],
        // The draw engine put the task's entities in an open task when it executed the draw (they are not drawn into
        // another task); a closed task frees them.
        InspectionTasks.TaskClosed x => [new TaskEntitiesChanged(x.TaskId, x.At)],
        // An executed draw its task refused: the city office is alerted.
        InspectionTasks.DrawNotRecordedOnTask x => [new DrawNotRecorded(x.DrawId, x.TaskId, x.DepartmentId, x.Reason, x.At)],
        // An approved result is public (谁检查、谁公开).
        ResultApproved x => Approved(stream.Of<EntityResult>(), x.At, calendar),
        FollowUpClosed x => [PublicRecords.Handling(stream.Of<EntityResult>(), x)],
        // Penalties and abnormal-operations listings enter the entity's credit record at the directories.
        FollowUpRecorded { Action.Kind: FollowUpKind.PenaltyDecided } x => [Credit(stream.Of<EntityResult>(), e,
            CreditRecordAdded.Penalty, x.Action.Target!, x.Action.On, x.Action.Serious, x.At)],
        AbnormalListingRecorded x => [Credit(stream.Of<EntityResult>(), e,
            CreditRecordAdded.AbnormalOperations, x.DecisionNo, x.ListedOn, false, x.At)],
        _ => [],
    };

    /// <summary>
    /// Every change of a task, a result or a return visit tells the city office how it now stands (<see cref="Progress"/>);
    /// a result's drafts stay the department's own until submitted.
    /// </summary>
    private static IReadOnlyList<object> ProgressOf(IEvent e, StreamSnapshot stream, WorkingDayCalendar calendar) => (e.StreamKey, e.Data) switch
    {
        (_, ResultDraftSaved) => [],
        ({ } key, _) when key.StartsWith(InspectionTasks.InspectionTask.StreamId(""), StringComparison.Ordinal) =>
            [Progress.Of(stream.Of<InspectionTasks.InspectionTask>(), e.Timestamp, calendar)],
        ({ } key, _) when key.StartsWith(EntityResult.StreamId(""), StringComparison.Ordinal) =>
            [Progress.Of(stream.Of<EntityResult>(), e.Timestamp, calendar)],
        ({ } key, _) when key.StartsWith(ReturnVisits.ReturnVisit.StreamId(""), StringComparison.Ordinal) =>
            [Progress.Of(stream.Of<ReturnVisits.ReturnVisit>(), e.Timestamp)],
        _ => [],
    };

    private static IReadOnlyList<object> Approved(EntityResult result, DateTimeOffset at, WorkingDayCalendar calendar) =>
        [.. Inspected(result), PublicRecords.Result(result, at, calendar)];

    private static IReadOnlyList<object> Inspected(EntityResult result)
    {
        var inspectedOn = result.Entry.CheckEndedOn!.Value;
        return [.. result.Entry.Items.Where(i => i.Checked)
            .Select(i => new EntityInspected(result.Uscc, i.ItemId, inspectedOn, result.TaskId, result.Entry.InspectorIds))];
    }

    private static CreditRecordAdded Credit(EntityResult result, IEvent e, string kind, string decisionNo, DateOnly on, bool serious, DateTimeOffset at) =>
        new($"{result.ResultId}:{e.Version}", result.Uscc, kind, result.DepartmentId, decisionNo, on, serious, result.TaskId, at);

    /// <summary>
    /// The snapshots of the page's streams its events' messages are made of (a result's events are on the result's
    /// stream, a task's on the task's), and the holiday notices, read in one round trip, one query per kind of stream: the
    /// relay maps hundreds of approvals a second on a busy store.
    /// </summary>
    private static async Task<(Dictionary<string, object> Snapshots, WorkingDayCalendar Calendar)> SnapshotsAsync(
        IReadOnlyList<IEvent> page, IQuerySession session, CancellationToken ct)
    {
        var keys = page.Where(NeedsSnapshot).Select(e => e.StreamKey!).Distinct().ToArray();
        if (keys.Length == 0) return ([], WorkingDayCalendar.Empty);
        var batch = session.CreateBatchQuery();
        var notices = batch.Query<KeptHolidayNotice>().ToList();
        var loads = new[]
        {
            Load<Plans.AnnualPlan>(batch, keys, Plans.AnnualPlan.StreamId(""), x => x.Id),
            Load<InspectionTasks.InspectionTask>(batch, keys, InspectionTasks.InspectionTask.StreamId(""), x => x.Id),
            Load<EntityResult>(batch, keys, EntityResult.StreamId(""), x => x.Id),
            Load<ReturnVisits.ReturnVisit>(batch, keys, ReturnVisits.ReturnVisit.StreamId(""), x => x.Id),
        };
        await batch.Execute(ct);
        return ((await Task.WhenAll(loads)).SelectMany(x => x).ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal),
            HolidayNotices.Calendar((await notices).Select(k => k.Notice)));
    }

    /// <summary>A plan's snapshot is published; a task's, a result's or a return visit's tells its progress, except for a draft.</summary>
    private static bool NeedsSnapshot(IEvent e) => e.Data switch
    {
        Plans.PlanPublished => true,
        ResultDraftSaved => false,
        _ => e.StreamKey is { } key && !key.StartsWith(Plans.AnnualPlan.StreamId(""), StringComparison.Ordinal),
    };

    private static async Task<IEnumerable<KeyValuePair<string, object>>> Load<T>(IBatchedQuery batch, string[] keys, string prefix, Func<T, string> id)
        where T : class
    {
        var wanted = keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
        if (wanted.Length == 0) return [];
        var loaded = await batch.LoadMany<T>().ById(wanted);
        return loaded.Select(x => KeyValuePair.Create(id(x), (object)x));
    }

    /// <summary>The snapshot of the event's stream, read with the page's.</summary>
    private readonly struct StreamSnapshot(Dictionary<string, object> snapshots, IEvent e)
    {
        public T Of<T>() where T : class =>
            (T)(snapshots.GetValueOrDefault(e.StreamKey!) ?? throw new InvalidOperationException($"{e.StreamKey} has events but no snapshot"));
    }
}
