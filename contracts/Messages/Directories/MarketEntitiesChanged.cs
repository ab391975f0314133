namespace Shuangsuiji.Contracts.Directories;

/// <summary>
/// Entities of the directory changed (one, or a whole import batch). Each carries its current state and
/// version; keep the newest version of each. Compact on purpose: no address, no history.
/// </summary>
/// <param name="Change">registered, amended, status-changed, tags-changed, sub-libraries-changed, risk-class-changed, imported</param>
public sealed record MarketEntitiesChanged(IReadOnlyList<MarketEntityInfo> Entities, string Change, DateTimeOffset At);
