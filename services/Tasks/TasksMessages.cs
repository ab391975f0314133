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
    public async Task<IReadOnlyList<object>> ToMessagesAsync(IEvent e, IQuerySession session, CancellationToken ct) =>
        [.. await ForOthersAsync(e, session, ct), .. await ProgressAsync(e, session, ct)];

    private static async Task<IReadOnlyList<object>> ForOthersAsync(IEvent e, IQuerySession session, CancellationToken ct) => e.Data switch
    {
        Plans.PlanPublished x => [PublicRecords.Plan(await Snapshot<Plans.AnnualPlan>(session, e, ct), x)],
        // From its draw until it is closed, a task's entities are not drawn into another task (SPEC.md §3). The
        // drawn task is announced to the public.
        InspectionTasks.EntitiesDrawn x => [new TaskEntitiesChanged(x.TaskId, x.Entities, true, x.At),
            PublicRecords.Announcement(await Snapshot<InspectionTasks.InspectionTask>(session, e, ct), x)],
        InspectionTasks.TaskClosed x => [new TaskEntitiesChanged(x.TaskId, [], false, x.At)],
        // Once a result is entered its inspectors are the ones who inspected: no replacement after that.
        ResultSubmitted x => [new ResultEntered(x.TaskId, x.DepartmentId, x.Uscc, x.At)],
        // An approved result is public (谁检查、谁公开).
        ResultApproved x => Approved(await Result(session, x.ResultId, ct), x.At),
        FollowUpClosed x => [PublicRecords.Handling(await Result(session, x.ResultId, ct), x)],
        // Penalties and abnormal-operations listings enter the entity's credit record at the directories.
        FollowUpRecorded { Action.Kind: FollowUpKind.PenaltyDecided } x => [Credit(await Result(session, x.ResultId, ct), e,
            CreditRecordAdded.Penalty, x.Action.Target!, x.Action.On, x.Action.Serious, x.At)],
        AbnormalListingRecorded x => [Credit(await Result(session, x.ResultId, ct), e,
            CreditRecordAdded.AbnormalOperations, x.DecisionNo, x.ListedOn, false, x.At)],
        _ => [],
    };

    /// <summary>
    /// Every change of a task, a result or a return visit tells the city office how it now stands (<see cref="Progress"/>);
    /// a result's drafts stay the department's own until submitted.
    /// </summary>
    private static async Task<IReadOnlyList<object>> ProgressAsync(IEvent e, IQuerySession session, CancellationToken ct) => (e.StreamKey, e.Data) switch
    {
        (_, ResultDraftSaved) => [],
        ({ } key, _) when key.StartsWith(InspectionTasks.InspectionTask.StreamId(""), StringComparison.Ordinal) =>
            [Progress.Of(await Snapshot<InspectionTasks.InspectionTask>(session, e, ct), e.Timestamp)],
        ({ } key, _) when key.StartsWith(EntityResult.StreamId(""), StringComparison.Ordinal) =>
            [Progress.Of(await Snapshot<EntityResult>(session, e, ct), e.Timestamp)],
        ({ } key, _) when key.StartsWith(ReturnVisits.ReturnVisit.StreamId(""), StringComparison.Ordinal) =>
            [Progress.Of(await Snapshot<ReturnVisits.ReturnVisit>(session, e, ct), e.Timestamp)],
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

    private static async Task<T> Snapshot<T>(IQuerySession session, IEvent e, CancellationToken ct) where T : class =>
        await session.LoadAsync<T>(e.StreamKey!, ct) ?? throw new InvalidOperationException($"{e.StreamKey} has events but no snapshot");

    private static async Task<EntityResult> Result(IQuerySession session, string resultId, CancellationToken ct) =>
        await session.LoadAsync<EntityResult>(EntityResult.StreamId(resultId), ct)
            ?? throw new InvalidOperationException($"result {resultId} has events but no snapshot");
}
