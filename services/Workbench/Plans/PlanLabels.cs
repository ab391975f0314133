using Shuangsuiji.Api.Tasks.V1;

namespace Shuangsuiji.Workbench.Plans;

/// <summary>The Chinese words for a plan's codes and its planned tasks' scope.</summary>
public static class PlanLabels
{
    public static readonly IReadOnlyList<(string Code, string Label)> EntityTypes =
        [("enterprise", "企业"), ("individual_business", "个体工商户"), ("farmers_cooperative", "农民专业合作社"), ("other", "其他")];

    public static string EntityType(string type) => EntityTypes.FirstOrDefault(t => t.Code == type).Label ?? type;

    public static string Quota(RiskQuota quota) =>
        quota.SizeCase == RiskQuota.SizeOneofCase.Percent ? $"{quota.RiskClass} 类 {quota.Percent}%" : $"{quota.RiskClass} 类 {quota.Count} 户";

    public static string Listed(IEnumerable<string>? values) => values?.Any() == true ? string.Join("、", values) : "不限";

    public static string Of(PlanStatus status) => status switch
    {
        PlanStatus.Draft => "草稿",
        PlanStatus.Approved => "已审核待公布",
        PlanStatus.Published => "已公布",
        PlanStatus.Adjusting => "调整中",
        _ => "未知",
    };

    public static string Tone(PlanStatus status) => status switch
    {
        PlanStatus.Published => "public",
        PlanStatus.Draft => "draft",
        _ => "active",
    };
}
