namespace Shuangsuiji.Contracts.Directories;

/// <summary>
/// Entities of the directory changed (one, or a whole import batch). Each carries its current state and
/// version; keep the newest version of each. Compact on purpose: no address, no history.
/// </summary>
/// <param name="Change">registered, amended, status-changed, tags-changed, sub-libraries-changed, risk-class-changed, imported</param>
public sealed record MarketEntitiesChanged(IReadOnlyList<MarketEntityInfo> Entities, string Change, DateTimeOffset At)
{
    /// <summary>The newest state of each entity in the message, once each: a set-based upsert must not touch a row twice.</summary>
    public List<MarketEntityInfo> NewestOfEach()
    {
        var newest = new Dictionary<string, MarketEntityInfo>(Entities.Count);
        foreach (var e in Entities)
            if (!newest.TryGetValue(e.Uscc, out var seen) || seen.Version < e.Version) newest[e.Uscc] = e;
        return [.. newest.Values];
    }
}
