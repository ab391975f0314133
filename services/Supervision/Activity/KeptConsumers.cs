using Marten;
using MassTransit;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.ServiceDefaults.Messaging;

namespace Shuangsuiji.Supervision.Activity;

/// <summary>
/// Keeps the newest state a message carries. Messages may arrive out of order or twice: an older version changes
/// nothing, and two consumers racing on one record end in a concurrency (or, for its first state, a key) error for
/// the loser, which is retried over the winner's.
/// </summary>
public abstract class KeptConsumer<TMessage, TKept>(IDocumentStore store, TimeProvider clock, Func<TMessage, TKept> keep)
    : IdempotentConsumer<TMessage>(store, clock)
    where TMessage : class
    where TKept : class, IKept
{
    protected override async Task Handle(TMessage message, IDocumentSession session, ConsumeContext<TMessage> context)
    {
        var next = keep(message);
        var current = await session.LoadAsync<TKept>(next.Id, context.CancellationToken);
        if (current is null) session.Insert(next); // a racing first message fails on the key and is retried over this one
        else if (current.Version < next.Version) session.Store(next);
    }
}

public sealed class DepartmentConsumer(IDocumentStore store, TimeProvider clock)
    : KeptConsumer<DepartmentChanged, KeptDepartment>(store, clock, KeptDepartment.From);

public sealed class TaskProgressConsumer(IDocumentStore store, TimeProvider clock)
    : KeptConsumer<TaskProgressed, KeptTask>(store, clock, KeptTask.From);

public sealed class ResultProgressConsumer(IDocumentStore store, TimeProvider clock)
    : KeptConsumer<ResultProgressed, KeptResult>(store, clock, KeptResult.From);

public sealed class ReturnVisitProgressConsumer(IDocumentStore store, TimeProvider clock)
    : KeptConsumer<ReturnVisitProgressed, KeptVisit>(store, clock, KeptVisit.From);

public sealed class PlanConsumer(IDocumentStore store, TimeProvider clock)
    : KeptConsumer<PlanVersionPublished, KeptPlan>(store, clock, KeptPlan.From);

public sealed class UnrecordedDrawConsumer(IDocumentStore store, TimeProvider clock)
    : KeptConsumer<DrawNotRecorded, KeptUnrecordedDraw>(store, clock, KeptUnrecordedDraw.From);
