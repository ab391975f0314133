using JasperFx.Events;
using Marten;
using Shuangsuiji.Directories.Calendar;
using Shuangsuiji.Directories.Departments;
using Shuangsuiji.Directories.Entities;
using Shuangsuiji.Directories.Inspectors;
using Shuangsuiji.ServiceDefaults.Messaging;

namespace Shuangsuiji.Directories;

/// <summary>What the directories service tells the others.</summary>
public sealed class DirectoriesMessages(EntityMessages entities) : IIntegrationEventMap
{
    public async Task<object?> ToMessageAsync(IEvent e, IQuerySession session, CancellationToken ct) =>
        await DepartmentMessages.ToMessageAsync(e, session, ct)
        ?? await InspectorMessages.ToMessageAsync(e, session, ct)
        ?? await CalendarMessages.ToMessageAsync(e, session, ct)
        ?? await entities.ToMessageAsync(e, ct);
}
