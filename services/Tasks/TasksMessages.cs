using JasperFx.Events;
using Marten;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.ServiceDefaults.Messaging;
using Shuangsuiji.Tasks.Results;

namespace Shuangsuiji.Tasks;

/// <summary>
/// What the tasks service tells the others: which entities are in an open task, which were inspected for which
/// item, and when, the decisions that enter an entity's credit record, the public records (<see cref="PublicRecords"/>)
/// and, for the city office, how the work stands (<see cref="Progress"/>).
/// </summary>
public sealed class TasksMessages : IIntegrationEventMap
{
    /// <summary>
    /// An approved result is final, so its entity counts as inspected from then on (the draw engine's 12-month
    /// exclusion): one message per item checked, dated the last check date, with the inspectors who checked (the
    /// draw engine keeps them from inspecting the entity again next time).
    /// </summary>
    public async Task<IReadOnlyList<object>> ToMessagesAsync(IEvent e, IQuerySession session, CancellationToken ct)
    {
        var stream = new StreamSnapshot(session, e, ct);
        return [.. await ForOthersAsync(e, stream), .. await ProgressAsync(e, stream)];
    }

    private static async Task<IReadOnlyList<object>> ForOthersAsync(IEvent e, StreamSnapshot stream) => e.Data switch
    {
        Plans.PlanPublished x => [PublicRecords.Plan(await stream.Of<Plans.AnnualPlan>(), x)],
        // From its draw until it is closed, a task's entities are not drawn into another task (SPEC.md §3). The
        // drawn task is announced to the public.
        InspectionTasks.EntitiesDrawn x => [new TaskEntitiesChanged(x.TaskId, x.Entities, true, x.At),
            PublicRecords.Announcement(await stream.Of<InspectionTasks.InspectionTask>(), x)],
        InspectionTasks.TaskClosed x => [new TaskEntitiesChanged(x.TaskId, [], false, x.At)],
        // Once a result is entered its inspectors are the ones who inspected: no replacement after that.
        ResultSubmitted x => [new ResultEntered(x.TaskId, x.DepartmentId, x.Uscc, x.At)],
        // An approved result is public (谁检查、谁公开).
        ResultApproved x => Approved(await stream.Of<EntityResult>(), x.At),
        FollowUpClosed x => [PublicRecords.Handling(await stream.Of<EntityResult>(), x)],
        // Penalties and abnormal-operations listings enter the entity's credit record at the directories.
        FollowUpRecorded { Action.Kind: FollowUpKind.PenaltyDecided } x => [Credit(await stream.Of<EntityResult>(), e,
            CreditRecordAdded.Penalty, x.Action.Target!, x.Action.On, x.Action.Serious, x.At)],
        AbnormalListingRecorded x => [Credit(await stream.Of<EntityResult>(), e,
            CreditRecordAdded.AbnormalOperations, x.DecisionNo, x.ListedOn, false, x.At)],
        _ => [],
    };

    /// <summary>
    /// Every change of a task, a result or a return visit tells the city office how it now stands (<see cref="Progress"/>);
    /// a result's drafts stay the department's own until submitted.
    /// </summary>
    private static async Task<IReadOnlyList<object>> ProgressAsync(IEvent e, StreamSnapshot stream) => (e.StreamKey, e.Data) switch
    {
        (_, ResultDraftSaved) => [],
        ({ } key, _) when key.StartsWith(InspectionTasks.InspectionTask.StreamId(""), StringComparison.Ordinal) =>
            [Progress.Of(await stream.Of<InspectionTasks.InspectionTask>(), e.Timestamp)],
        ({ } key, _) when key.StartsWith(EntityResult.StreamId(""), StringComparison.Ordinal) =>
            [Progress.Of(await stream.Of<EntityResult>(), e.Timestamp)],
        ({ } key, _) when key.StartsWith(ReturnVisits.ReturnVisit.StreamId(""), StringComparison.Ordinal) =>
            [Progress.Of(await stream.Of<ReturnVisits.ReturnVisit>(), e.Timestamp)],
        _ => [],
    };

    private static IReadOnlyList<object> Approved(EntityResult result, DateTimeOffset at) => [.. Inspected(result), PublicRecords.Result(result, at)];

    private static IReadOnlyList<object> Inspected(EntityResult result)
    {
        var inspectedOn = result.Entry.CheckEndedOn!.Value;
        return [.. result.Entry.Items.Where(i => i.Checked)
            .Select(i => new EntityInspected(result.Uscc, i.ItemId, inspectedOn, result.TaskId, result.Entry.InspectorIds))];
    }

    private static CreditRecordAdded Credit(EntityResult result, IEvent e, string kind, string decisionNo, DateOnly on, bool serious, DateTimeOffset at) =>
        new($"{result.ResultId}:{e.Version}", result.Uscc, kind, result.DepartmentId, decisionNo, on, serious, result.TaskId, at);

    /// <summary>
    /// The snapshot of the event's stream (a result's events are on the result's stream, a task's on the task's), loaded
    /// once however many of the event's messages need it: the relay maps hundreds of approvals a second.
    /// </summary>
    private sealed class StreamSnapshot(IQuerySession session, IEvent e, CancellationToken ct)
    {
        private object? loaded;

        public async Task<T> Of<T>() where T : class =>
            (T)(loaded ??= await session.LoadAsync<T>(e.StreamKey!, ct) ?? throw new InvalidOperationException($"{e.StreamKey} has events but no snapshot"));
    }
}
