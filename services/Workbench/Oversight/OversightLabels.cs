using Shuangsuiji.Api.Supervision.V1;

namespace Shuangsuiji.Workbench.Oversight;

public static class OversightLabels
{
    public static string Status(string status) => status switch
    {
        "open" => "督查中",
        "closed" => "已结束",
        "draft" => "草稿",
        "published" => "已发布",
        _ => status,
    };

    public static string Tone(string status) => status switch
    {
        "open" => "active",
        "draft" => "draft",
        "published" => "public",
        _ => "done",
    };

    /// <summary>Whom it looks at: the region, or the departments by name.</summary>
    public static string Reach(SpecialInspection i, IReadOnlyDictionary<string, string> names) =>
        i.RegionCode.Length > 0 ? $"地区 {i.RegionCode}（{i.DepartmentIds.Count} 个部门）"
            : string.Join("、", i.DepartmentIds.Select(d => names.GetValueOrDefault(d, d)));

    public static string Percent(double ratio) => $"{ratio * 100:0.#}%";
}
