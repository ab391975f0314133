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
        SocialCreditCode.Problem(uscc?.Trim()) is { } problem
            ? throw new InvalidFieldException(field, problem, string.IsNullOrWhiteSpace(uscc) ? "必填" : $"“{uscc.Trim()}”不是有效的统一社会信用代码（18 位，校验码须符合 GB 32100-2015）",
                string.IsNullOrWhiteSpace(uscc) ? Reasons.FieldRequired : DirectoriesReasons.UsccInvalid)
            : uscc!.Trim();

    /// <summary>
    /// The checked data; the registering authority must be a department the caller keeps entities for
    /// (its own or one under it), and the division within that authority's region.
    /// </summary>
    public (string Uscc, EntityData Data, RegistrationStatus Status) Check(DepartmentTree departments, IReadOnlySet<string> scope)
    {
        var uscc = CheckUscc(Uscc);
        var type = Types.GetValueOrDefault(Type?.Trim() ?? "", (EntityType)(-1));
        if (type < 0)
            throw new InvalidFieldException("type", $"'{Type}' is not one of enterprise, individual_business, farmers_cooperative, other",
                $"“{Type}”不是企业（enterprise）、个体工商户（individual_business）、农民专业合作社（farmers_cooperative）或其他（other）之一");
        var industry = Industry?.Trim().ToUpperInvariant() ?? "";
        if (!IndustryPattern().IsMatch(industry))
            throw new InvalidFieldException("industry", $"'{Industry}' is not a GB/T 4754 section and division (e.g. C13)", $"“{Industry}”不是 GB/T 4754 的门类加大类代码（如 C13）");
        var division = Division?.Trim() ?? "";
        if (division.Length != 6 || !division.All(char.IsAsciiDigit))
            throw new InvalidFieldException("division", $"'{Division}' is not a six-digit administrative division code", $"“{Division}”不是六位行政区划代码");
        var status = string.IsNullOrWhiteSpace(Status) ? RegistrationStatus.Active
            : Statuses.TryGetValue(Status.Trim(), out var s) ? s
            : throw new InvalidFieldException("status", $"'{Status}' is not one of active, deregistered, revoked, moved_out",
                $"“{Status}”不是存续（active）、注销（deregistered）、吊销（revoked）或迁出（moved_out）之一");
        var authorityId = Require.Code(RegisteringAuthority, "registering_authority");
        var authority = departments.Find(authorityId)
            ?? throw new InvalidFieldException("registering_authority", $"no department {authorityId}", $"没有部门 {authorityId}", Reasons.UnknownReference);
        if (!scope.Contains(authorityId))
            throw new ForbiddenException($"entities registered by {authorityId} are kept by that department or one above it",
                $"{authorityId} 登记的市场主体由该部门或其上级部门维护", DirectoriesReasons.KeeperOnly.About(authorityId));
        var region = authority.RegionCode[..(authority.Level switch { DepartmentLevel.Province => 2, DepartmentLevel.City => 4, _ => 6 })];
        if (!division.StartsWith(region, StringComparison.Ordinal))
            throw new InvalidFieldException("division", $"{division} is outside the region {authority.RegionCode} of {authorityId}",
                $"{division} 不在 {authorityId} 的行政区划 {authority.RegionCode} 之内", DirectoriesReasons.OutsideRegion.About(authority.RegionCode));
        return (uscc, new EntityData(Require.Text(Name, "name", 200), type, industry, division, Require.Text(Address, "address", 300), authorityId), status);
    }

    [GeneratedRegex("^[A-T][0-9]{2}$")]
    private static partial Regex IndustryPattern();
}
