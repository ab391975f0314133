namespace Shuangsuiji.Contracts.Catalog;

/// <param name="Kind">general, key</param>
/// <param name="EntityTypes">enterprise, individual_business, farmers_cooperative, other</param>
/// <param name="Industries">GB/T 4754 section letter with an optional two-digit division: "C", "C13"</param>
public sealed record ItemContentInfo(
    string Name,
    string Kind,
    string LegalBasis,
    string? InternalUnit,
    string Content,
    string Method,
    IReadOnlyList<string> EntityTypes,
    IReadOnlyList<string> Industries,
    string? InternetPlusCode);
