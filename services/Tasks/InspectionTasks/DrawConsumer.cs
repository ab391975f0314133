using Marten;
using MassTransit;
using Shuangsuiji.Contracts.Draws;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.ServiceDefaults.Messaging;

namespace Shuangsuiji.Tasks.InspectionTasks;

/// <summary>
/// Records an executed draw on its task, attributed to the party that executed it. A draw that does not fit the
/// task (an unknown task, not its lead's, not the time for a draw) changes nothing and is logged: the draw engine
/// takes any task id, and a retry would not make it fit.
/// </summary>
public sealed class TaskEntitiesDrawnConsumer(IDocumentStore store, TimeProvider clock, ILogger<TaskEntitiesDrawnConsumer> log)
    : IdempotentConsumer<TaskEntitiesDrawn>(store, clock)
{
    protected override async Task Handle(TaskEntitiesDrawn m, IDocumentSession session, ConsumeContext<TaskEntitiesDrawn> context)
    {
        var ctx = CommandOf(session, context, m.At);
        var stream = await session.Events.FetchForWriting<InspectionTask>(InspectionTask.StreamId(m.TaskId), context.CancellationToken);
        try
        {
            stream.AppendMany(InspectionTaskDecider.RecordDraw(stream.Aggregate, m.DrawId, m.Departments.FirstOrDefault() ?? "", m.RedrawOf, m.Usccs, ctx));
        }
        catch (DomainException e)
        {
            log.LogWarning("draw {DrawId} not recorded on task {TaskId}: {Reason}", m.DrawId, m.TaskId, e.Message);
        }
    }
}
