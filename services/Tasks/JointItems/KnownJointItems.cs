using Marten;
using MassTransit;
using Shuangsuiji.Contracts.Catalog;
using Shuangsuiji.Kernel;
using Shuangsuiji.ServiceDefaults.Messaging;

namespace Shuangsuiji.Tasks.JointItems;

/// <summary>A joint inspection item (联合抽查事项) a plan can take a joint task from: the departments' items it combines ("department:code").</summary>
public sealed record JointItem(string Region, string Code, string Name, IReadOnlyList<string> ItemIds, long ListVersion)
{
    public IReadOnlyList<string> Departments => [.. ItemIds.Select(id => id.Split(':')[0]).Distinct()];

    public IReadOnlyList<string> ItemsOf(string departmentId) => [.. ItemIds.Where(id => id.StartsWith(departmentId + ":", StringComparison.Ordinal))];
}

/// <summary>The tasks service's copy of a region's joint-inspection item list (联合抽查事项清单), its latest published version.</summary>
public sealed record KnownJointItemList(string Id, long Version, IReadOnlyList<JointItem> Items)
{
    /// <summary>
    /// The joint item a department's plan names by its code: on the list of the department's own region or the nearest region
    /// above it that has one with that code (a county's list before the city's).
    /// </summary>
    public static JointItem? Find(IEnumerable<KnownJointItemList> lists, string departmentRegion, string code) =>
        lists.Where(l => Regions.Within(departmentRegion, l.Id)).OrderByDescending(l => Regions.Prefix(l.Id).Length)
            .SelectMany(l => l.Items).FirstOrDefault(i => i.Code == code);
}

public sealed class JointItemListPublishedConsumer(IDocumentStore store, TimeProvider clock) : IdempotentConsumer<JointItemListPublished>(store, clock)
{
    protected override async Task Handle(JointItemListPublished m, IDocumentSession session, ConsumeContext<JointItemListPublished> context)
    {
        var known = await session.LoadAsync<KnownJointItemList>(m.Region, context.CancellationToken);
        if (known?.Version >= m.Version) return;
        session.Store(new KnownJointItemList(m.Region, m.Version, [.. m.Items.Select(i => new JointItem(m.Region, i.Code, i.Name, i.ItemIds, m.Version))]));
    }
}
