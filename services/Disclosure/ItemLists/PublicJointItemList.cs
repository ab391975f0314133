using Shuangsuiji.Contracts.Catalog;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Disclosure.ItemLists;

/// <summary>
/// A region's public joint-inspection item list (联合抽查事项清单) with every version as published (stream
/// "joint-items:{region}"), kept in version order whatever order the versions arrive in.
/// </summary>
public sealed record PublicJointItemList(string Id, string Region, IReadOnlyList<JointItemListPublished> Versions) : IAggregate<PublicJointItemList>
{
    public long Version { get; set; }

    public static string IdOf(string region) => $"joint-items:{region}";

    public static PublicJointItemList When(PublicJointItemList? state, object @event) => (state, @event) switch
    {
        (_, JointItemListPublished m) when state?.Versions.Any(v => v.Version == m.Version) == true => state,
        (_, JointItemListPublished m) => new PublicJointItemList(IdOf(m.Region), m.Region, [.. (state?.Versions ?? []).Append(m).OrderBy(v => v.Version)]),
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to a joint-inspection item list"),
    };
}

public sealed class JointItemListPublishedConsumer(Marten.IDocumentStore store, TimeProvider clock)
    : PublicFactConsumer<JointItemListPublished, PublicJointItemList>(store, clock)
{
    protected override string StreamOf(JointItemListPublished fact) => PublicJointItemList.IdOf(fact.Region);
}
