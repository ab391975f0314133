using JasperFx.Events;
using Marten;
using Shuangsuiji.Directories.Departments;
using Shuangsuiji.ServiceDefaults.Messaging;

namespace Shuangsuiji.Directories;

/// <summary>What the directories service tells the others.</summary>
public sealed class DirectoriesMessages : IIntegrationEventMap
{
    public Task<object?> ToMessageAsync(IEvent e, IQuerySession session, CancellationToken ct) =>
        DepartmentMessages.ToMessageAsync(e, session, ct);
}
