using JasperFx.Events;
using Marten;
using MassTransit;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.ServiceDefaults.Messaging;

namespace Shuangsuiji.Directories.Departments;

/// <summary>Department events as the state-carrying <see cref="DepartmentChanged"/> message.</summary>
public static class DepartmentMessages
{
    public static async Task<object?> ToMessageAsync(IEvent e, IQuerySession session, CancellationToken ct)
    {
        (string Change, string? Reason, DateOnly? EffectiveOn)? change = e.Data switch
        {
            DepartmentCreated => ("created", null, null),
            DepartmentRenamed x => ("renamed", x.Reason, x.EffectiveOn),
            InternalUnitAdded => ("unit-added", null, null),
            InternalUnitRemoved x => ("unit-removed", x.Reason, null),
            DepartmentRetired x => ("retired", x.Reason, x.EffectiveOn),
            DepartmentMerged x => ("merged", x.Reason, x.EffectiveOn),
            DepartmentAbsorbed x => ("absorbed", x.Reason, x.EffectiveOn),
            _ => null,
        };
        if (change is not { } c) return null;
        // The snapshot may already be newer than this event: the message carries that newest state and its version.
        var d = await session.LoadAsync<Department>(e.StreamKey!, ct)
            ?? throw new InvalidOperationException($"department {e.StreamKey} has events but no snapshot");
        return new DepartmentChanged(
            d.Id, d.Version, c.Change, d.Name, DepartmentDecider.Name(d.Level), d.RegionCode, d.ParentId,
            [.. d.Units.Select(u => new InternalUnitInfo(u.Code, u.Name))], d.Retired, d.SuccessorId, c.Reason, c.EffectiveOn, e.Timestamp,
            d.Kind == DepartmentKind.Office ? "office" : "member");
    }
}

/// <summary>
/// Answers a service that asks for the departments (it started after they were made) with each department's message again,
/// under the id and headers the relay gave its latest change: a service that has it already skips it.
/// </summary>
public sealed class DepartmentsRequestedConsumer(IDocumentStore store, TimeProvider clock) : IdempotentConsumer<DepartmentsRequested>(store, clock)
{
    protected override async Task Handle(DepartmentsRequested request, IDocumentSession session, ConsumeContext<DepartmentsRequested> context)
    {
        var ct = context.CancellationToken;
        foreach (var department in await session.Query<Department>().OrderBy(d => d.Id).ToListAsync(ct))
            foreach (var latest in (await session.Events.FetchStreamAsync(department.Id, token: ct)).Reverse())
                if (await DepartmentMessages.ToMessageAsync(latest, session, ct) is DepartmentChanged message)
                {
                    await context.Publish(message, publish =>
                    {
                        publish.MessageId = latest.Id;
                        EventRelay.Attribute(publish, latest);
                    }, ct);
                    break;
                }
    }
}
