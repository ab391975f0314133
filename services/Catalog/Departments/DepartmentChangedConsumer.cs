using Marten;
using MassTransit;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.ServiceDefaults.Messaging;

namespace Shuangsuiji.Catalog.Departments;

public sealed class DepartmentChangedConsumer(IDocumentStore store, TimeProvider clock)
    : IdempotentConsumer<DepartmentChanged>(store, clock)
{
    protected override async Task Handle(DepartmentChanged m, IDocumentSession session, ConsumeContext<DepartmentChanged> context)
    {
        var current = await session.LoadAsync<Department>(m.DepartmentId, context.CancellationToken);
        if (current?.SourceVersion >= m.Version) return;
        session.Store(new Department(m.DepartmentId, m.Name, m.Level, m.RegionCode, m.ParentId,
            [.. m.Units.Select(u => u.Code)], m.Retired, m.Version));
    }
}
