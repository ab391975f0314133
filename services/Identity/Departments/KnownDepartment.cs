using Marten;
using MassTransit;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.ServiceDefaults.Messaging;

namespace Shuangsuiji.Identity.Departments;

/// <summary>
/// A department as the identity service needs it (from the directories' DepartmentChanged): whose accounts an
/// administrator keeps, whether it is an office of the leading group (the only place for the supervisor role), and its
/// region (an office supervises its region).
/// </summary>
public sealed record KnownDepartment(string Id, string Name, string Level, string RegionCode, string? ParentId, bool Office, bool Retired, long Version);

public sealed class DepartmentChangedConsumer(IDocumentStore store, TimeProvider clock) : IdempotentConsumer<DepartmentChanged>(store, clock)
{
    protected override async Task Handle(DepartmentChanged m, IDocumentSession session, ConsumeContext<DepartmentChanged> context)
    {
        var current = await session.LoadAsync<KnownDepartment>(m.DepartmentId, context.CancellationToken);
        if (current?.Version >= m.Version) return;
        session.Store(new KnownDepartment(m.DepartmentId, m.Name, m.Level, m.RegionCode, m.ParentId, m.Kind == "office", m.Retired, m.Version));
    }
}
