using Marten;
using MassTransit;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.ServiceDefaults.Messaging;

namespace Shuangsuiji.Directories.Entities;

/// <summary>
/// Records a penalty or an abnormal-operations listing from the tasks service on the entity's credit history (信用记录),
/// raising its risk class when the rules say so. An entity the directory does not hold is logged and left: the
/// record belongs to the entity once it is registered here, and a retry would not change that.
/// </summary>
public sealed class CreditRecordAddedConsumer(IDocumentStore store, TimeProvider clock, EntityTable table, RiskClasses classes,
    ILogger<CreditRecordAddedConsumer> log) : IdempotentConsumer<CreditRecordAdded>(store, clock)
{
    protected override async Task Handle(CreditRecordAdded m, IDocumentSession session, ConsumeContext<CreditRecordAdded> context)
    {
        var ctx = CommandOf(session, context, m.At);
        var ct = context.CancellationToken;
        var current = await EntityCommands.LockAndLoadAsync(session, table, m.Uscc, ct);
        if (current is null)
        {
            log.LogWarning("credit record {RecordId} for {Uscc}: no such entity in the directory", m.RecordId, m.Uscc);
            return;
        }
        var credit = new CreditEntry(m.RecordId, m.Kind, m.DepartmentId, m.DecisionNo, m.DecidedOn, m.Serious, m.TaskId);
        session.Events.Append(EntityCommands.StreamId(current.Uscc), EntityDecider.RecordCredit(current, credit, classes, ctx));
    }
}
