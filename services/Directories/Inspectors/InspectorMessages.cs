using JasperFx.Events;
using Marten;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.Directories.Entities;

namespace Shuangsuiji.Directories.Inspectors;

/// <summary>Inspector events as the state-carrying <see cref="InspectorChanged"/>, without personal data.</summary>
public static class InspectorMessages
{
    public static async Task<object?> ToMessageAsync(IEvent e, IQuerySession session, CancellationToken ct)
    {
        if (e.Data is not (InspectorRegistered or InspectorAmended or InspectorSpecialtiesChanged or InspectorStatusChanged
            or ConflictDeclared or ConflictWithdrawn)) return null; // a change of personal data tells the others nothing
        var i = await session.LoadAsync<Inspector>(e.StreamKey!, ct)
            ?? throw new InvalidOperationException($"inspector {e.StreamKey} has events but no snapshot");
        return new InspectorChanged(i.InspectorId, i.DepartmentId, i.Profile.Name, i.Profile.Unit, Names.Of(i.Status),
            i.Profile.Certificate.ValidFrom, i.Profile.Certificate.ValidTo, i.Profile.Region, i.Specialties, i.Conflicts, i.Version, e.Timestamp);
    }
}
