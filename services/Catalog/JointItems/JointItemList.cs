using Shuangsuiji.Kernel;

namespace Shuangsuiji.Catalog.JointItems;

/// <summary>A joint inspection item (联合抽查事项): several departments' items checked together in one visit.</summary>
public sealed record JointItem(string Code, string Name, IReadOnlyList<string> ItemIds, string? Note);

/// <summary>A new version of a region's joint-inspection item list, whole; the versions before it stay as they were published.</summary>
public sealed record JointItemListPublished(string ListId, string Region, IReadOnlyList<JointItem> Items, string? Reason, Caller By, DateTimeOffset At);

public sealed record JointItemListVersion(long Version, IReadOnlyList<JointItem> Items, string? Reason, DateTimeOffset PublishedAt, string ByDepartment);

/// <summary>
/// A region's joint-inspection item list (联合抽查事项清单; stream "joint-items:{region}"), kept by the region's office: every
/// publication is a version, public, and plans pick their joint tasks from the latest.
/// </summary>
public sealed record JointItemList(string Id, string Region, IReadOnlyList<JointItemListVersion> Versions) : IAggregate<JointItemList>
{
    public long Version { get; set; }

    public static string IdOf(string region) => $"joint-items:{region}";

    public JointItemListVersion Latest => Versions[^1];

    public static JointItemList When(JointItemList? state, object @event) => (state, @event) switch
    {
        (_, JointItemListPublished e) => new JointItemList(e.ListId, e.Region,
            [.. state?.Versions ?? [], new JointItemListVersion((state?.Versions.Count ?? 0) + 1, e.Items, e.Reason, e.At, e.By.DepartmentId)]),
        _ => throw new InvalidOperationException($"unexpected {@event.GetType().Name}"),
    };
}
