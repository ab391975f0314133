using Marten;
using MassTransit;
using Shuangsuiji.Contracts.Draws;
using Shuangsuiji.ServiceDefaults.Messaging;
using Shuangsuiji.Tasks.ReturnVisits;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Tasks.InspectionTasks;

/// <summary>
/// Records an executed draw on its task — or, for a draw that sampled closed tasks, on its return visit —
/// attributed to the party that executed it, with the matches of departments whose teams all arrived before it. A draw
/// that does not fit (an unknown task, not its lead's, not the time for a draw) changes nothing on the task, since a
/// retry would not make it fit; it is recorded as refused (<see cref="UnrecordedDraw"/>) for the office.
/// </summary>
public sealed class TaskEntitiesDrawnConsumer(IDocumentStore store, TimeProvider clock, ILogger<TaskEntitiesDrawnConsumer> log)
    : IdempotentConsumer<TaskEntitiesDrawn>(store, clock)
{
    protected override async Task Handle(TaskEntitiesDrawn m, IDocumentSession session, ConsumeContext<TaskEntitiesDrawn> context)
    {
        var ctx = CommandOf(session, context, m.At);
        var ct = context.CancellationToken;
        var party = m.Departments.FirstOrDefault() ?? "";
        try
        {
            if (m.SampledTasks is { Count: > 0 } sampled)
            {
                var stream = await session.Events.FetchForWriting<ReturnVisit>(ReturnVisit.StreamId(m.TaskId), ct);
                var tasks = await session.LoadManyAsync<InspectionTask>(ct, sampled.Select(InspectionTask.StreamId));
                stream.AppendMany(ReturnVisitDecider.RecordDraw(stream.Aggregate, m.DrawId, party, sampled, m.RedrawOf, m.Usccs, tasks, ctx));
            }
            else
            {
                await MatchRecording.LockAsync(session, m.TaskId, ct);
                var stream = await session.Events.FetchForWriting<InspectionTask>(InspectionTask.StreamId(m.TaskId), ct);
                var drawn = InspectionTaskDecider.RecordDraw(stream.Aggregate, m.DrawId, party, m.RedrawOf, m.Usccs,
                    m.Strata?.Select(s => new DrawStratum(s.Label, s.RiskClasses, s.CandidateCount, s.Drawn)).ToList(), ctx);
                // Teams that came before the draw they belong to complete their departments' matches now.
                var task = Aggregate.Fold(stream.Aggregate, drawn)!;
                stream.AppendMany([.. drawn, .. InspectionTaskDecider.RecordMatches(task, m.DrawId, await MatchRecording.TeamsAsync(session, task, m.DrawId, ct), ctx)]);
            }
        }
        catch (DomainException e)
        {
            // The draw stands all the same: its entities are drawn (left out of other draws) and its record is public, while
            // the task shows none of it. Only the office, which oversees every draw, can sort that out (a re-draw, the task
            // set right), and a log line reaches no one there: the refusal is stored — in the audit trail — and sent to the
            // supervision service, which raises an alert that stays until the office has seen to it.
            log.LogWarning("draw {DrawId} not recorded on {TaskId}: {Reason}", m.DrawId, m.TaskId, e.Message);
            session.Events.StartStream<UnrecordedDraw>(UnrecordedDraw.StreamId(m.DrawId),
                new DrawNotRecordedOnTask(m.DrawId, m.TaskId, party, e.Chinese, ctx.Caller, ctx.Now));
        }
    }
}
