namespace Shuangsuiji.Contracts.Catalog;

/// <summary>A department claimed (认领) an upper-level item into its list, or withdrew the claim.</summary>
/// <param name="Change">claimed, claim-withdrawn</param>
/// <param name="LocalKind">key when the claiming department marks the item key locally; else null</param>
public sealed record ItemClaimChanged(
    string ItemId,
    string DepartmentId,
    string Code,
    string SourceItemId,
    string? LocalKind,
    long Version,
    string Change,
    bool Withdrawn,
    string? Reason,
    DateTimeOffset At);
