namespace Shuangsuiji.Contracts.Directories;

/// <param name="Type">enterprise, individual_business, farmers_cooperative, other</param>
/// <param name="Status">active, deregistered, revoked, moved_out</param>
/// <param name="Tags">"category/code"</param>
/// <param name="SubLibraries">"department_id/code"</param>
public sealed record MarketEntityInfo(
    string Uscc,
    string Name,
    string Type,
    string Industry,
    string Division,
    string Status,
    string RegisteringAuthority,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> SubLibraries,
    string? RiskClass,
    DateOnly? RiskClassSince,
    long Version);
