using System.Text.RegularExpressions;
using Shuangsuiji.Directories.Departments;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Directories.Entities;

/// <summary>An entity's registration data as submitted, before it is checked (from a command or a file row).</summary>
public sealed partial record EntityInput(
    string? Uscc, string? Name, string? Type, string? Industry, string? Division, string? Address, string? Status, string? RegisteringAuthority)
{
    private static readonly Dictionary<string, EntityType> Types = new()
    {
        ["enterprise"] = EntityType.Enterprise, ["企业"] = EntityType.Enterprise,
        ["individual_business"] = EntityType.IndividualBusiness, ["个体工商户"] = EntityType.IndividualBusiness,
        ["farmers_cooperative"] = EntityType.FarmersCooperative, ["农民专业合作社"] = EntityType.FarmersCooperative,
        ["other"] = EntityType.Other, ["其他"] = EntityType.Other,
    };

    private static readonly Dictionary<string, RegistrationStatus> Statuses = new()
    {
        ["active"] = RegistrationStatus.Active, ["存续"] = RegistrationStatus.Active, ["在业"] = RegistrationStatus.Active,
        ["deregistered"] = RegistrationStatus.Deregistered, ["注销"] = RegistrationStatus.Deregistered,
        ["revoked"] = RegistrationStatus.Revoked, ["吊销"] = RegistrationStatus.Revoked,
        ["moved_out"] = RegistrationStatus.MovedOut, ["迁出"] = RegistrationStatus.MovedOut,
    };

    public static string CheckUscc(string? uscc, string field = "uscc") =>
        SocialCreditCode.Problem(uscc?.Trim()) is { } problem ? throw new InvalidFieldException(field, problem) : uscc!.Trim();

    /// <summary>
    /// The checked data; the registering authority must be a department the caller keeps entities for
    /// (its own or one under it), and the division within that authority's region.
    /// </summary>
    public (string Uscc, EntityData Data, RegistrationStatus Status) Check(DepartmentTree departments, IReadOnlySet<string> scope)
    {
        var uscc = CheckUscc(Uscc);
        var type = Types.GetValueOrDefault(Type?.Trim() ?? "", (EntityType)(-1));
        if (type < 0) throw new InvalidFieldException("type", $"'{Type}' is not one of enterprise, individual_business, farmers_cooperative, other");
        var industry = Industry?.Trim().ToUpperInvariant() ?? "";
        if (!IndustryPattern().IsMatch(industry))
            throw new InvalidFieldException("industry", $"'{Industry}' is not a GB/T 4754 section and division (e.g. C13)");
        var division = Division?.Trim() ?? "";
        if (division.Length != 6 || !division.All(char.IsAsciiDigit))
            throw new InvalidFieldException("division", $"'{Division}' is not a six-digit administrative division code");
        var status = string.IsNullOrWhiteSpace(Status) ? RegistrationStatus.Active
            : Statuses.TryGetValue(Status.Trim(), out var s) ? s
            : throw new InvalidFieldException("status", $"'{Status}' is not one of active, deregistered, revoked, moved_out");
        var authorityId = Require.Code(RegisteringAuthority, "registering_authority");
        var authority = departments.Find(authorityId) ?? throw new InvalidFieldException("registering_authority", $"no department {authorityId}");
        if (!scope.Contains(authorityId))
            throw new ForbiddenException($"entities registered by {authorityId} are kept by that department or one above it");
        var region = authority.RegionCode[..(authority.Level switch { DepartmentLevel.Province => 2, DepartmentLevel.City => 4, _ => 6 })];
        if (!division.StartsWith(region, StringComparison.Ordinal))
            throw new InvalidFieldException("division", $"{division} is outside the region {authority.RegionCode} of {authorityId}");
        return (uscc, new EntityData(Require.Text(Name, "name", 200), type, industry, division, Require.Text(Address, "address", 300), authorityId), status);
    }

    [GeneratedRegex("^[A-T][0-9]{2}$")]
    private static partial Regex IndustryPattern();
}
