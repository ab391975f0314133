using Shuangsuiji.Supervision.Activity;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Supervision.Targets;

/// <summary>
/// Whose figures: one department, or a region — every department whose region lies in it ("region:130302" a
/// county/district, "region:130300" the whole city with its counties and districts).
/// </summary>
public sealed record Scope(string Subject, string Name, bool IsRegion, IReadOnlySet<string> DepartmentIds)
{
    public const string RegionPrefix = "region:";

    public bool Includes(string departmentId) => DepartmentIds.Contains(departmentId);

    public static Scope Resolve(string subject, IReadOnlyList<KeptDepartment> departments)
    {
        subject = subject.Trim();
        if (subject.StartsWith(RegionPrefix, StringComparison.Ordinal))
        {
            var code = subject[RegionPrefix.Length..];
            if (code.Length != 6 || !code.All(char.IsAsciiDigit))
                throw new InvalidFieldException("subject", $"{subject}: a region is \"region:\" and a 6-digit division code", $"{subject}：地区的写法为“region:”加 6 位行政区划代码");
            var members = departments.Where(d => Regions.Within(d.RegionCode, code)).Select(d => d.Id).ToHashSet();
            if (members.Count == 0) throw new NotFoundException($"no department in region {code}", $"地区 {code} 内没有部门", SupervisionReasons.RegionNotFound.About(code));
            return new Scope(subject, RegionName(code, departments), true, members);
        }
        if (subject.Length == 0) throw new InvalidFieldException("subject", "give a department id or a region (region:130302)", "请给出部门编号或地区（region:130302）", Reasons.FieldRequired);
        var department = departments.FirstOrDefault(d => d.Id == subject)
            ?? throw new NotFoundException($"no department {subject}", $"没有部门 {subject}", Reasons.DepartmentNotFound.About(subject));
        return Of(department);
    }

    /// <summary>The regions where departments of a level sit ("county": the counties and districts; "city": the city with them), in code order.</summary>
    public static IEnumerable<Scope> RegionsOf(IReadOnlyList<KeptDepartment> departments, string level) =>
        departments.Where(d => d.Level == level).Select(d => d.RegionCode).Distinct().Order(StringComparer.Ordinal)
            .Select(code => Resolve(RegionPrefix + code, departments));

    public static Scope Of(KeptDepartment department) => new(department.Id, department.Name, false, new HashSet<string> { department.Id });

    private static string RegionName(string code, IReadOnlyList<KeptDepartment> departments) =>
        RegionNames.GetValueOrDefault(code) ?? departments.FirstOrDefault(d => d.RegionCode == code)?.Name ?? code;

    /// <summary>Qinhuangdao's divisions (docs/domain.md, glossary); other regions are named after a department in them.</summary>
    private static readonly Dictionary<string, string> RegionNames = new()
    {
        ["130300"] = "秦皇岛市", ["130302"] = "海港区", ["130303"] = "山海关区", ["130304"] = "北戴河区", ["130306"] = "抚宁区",
        ["130321"] = "青龙满族自治县", ["130322"] = "昌黎县", ["130324"] = "卢龙县",
    };
}
