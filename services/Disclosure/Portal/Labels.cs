using Google.Protobuf.WellKnownTypes;
using Shuangsuiji.Contracts.Tasks;

namespace Shuangsuiji.Disclosure.Portal;

/// <summary>The Chinese words and formats the public reads for the API's codes and values; an unknown code is shown as it is.</summary>
public static class Labels
{
    // Publication times are shown in Beijing time, as the departments publish them.
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static string Kind(string kind) => kind switch { "general" => "一般事项", "key" => "重点事项", _ => kind };

    public static string Status(string status) => status switch
    {
        "pending" => "待生效", "in-force" => "有效", "retired" => "已废止", "withdrawn" => "已撤回认领", _ => status,
    };

    public static string Level(string level) => level switch { "province" => "省级", "city" => "市级", "county" => "县级", _ => level };

    public static string Change(string change) => change switch
    {
        "created" => "制定", "amended" => "修订", "retired" => "废止", "claimed" => "认领", "claim-withdrawn" => "撤回认领", _ => change,
    };

    public static string EntityType(string type) => type switch
    {
        "enterprise" => "企业", "individual_business" => "个体工商户", "farmers_cooperative" => "农民专业合作社", "other" => "其他", _ => type,
    };

    public static string Category(string category) => ResultCodes.Categories.Label(category);

    public static string PendingReason(string reason) => ResultCodes.PendingReasons.Label(reason);

    public static string HandlingStep(string kind) => ResultCodes.FollowUps.Label(kind);

    /// <summary>A result's categories in the record form's words, the pending reasons after "待后续处理".</summary>
    public static string Categories(IEnumerable<string> categories, IEnumerable<string> pendingReasons)
    {
        var reasons = string.Join("、", pendingReasons.Select(PendingReason));
        return string.Join("；", categories.Select(c => c == "problem_pending" && reasons.Length > 0 ? $"{Category(c)}（{reasons}）" : Category(c)));
    }

    public static string Time(Timestamp? at) => at is null ? "" : at.ToDateTimeOffset().ToOffset(Beijing).ToString("yyyy-MM-dd HH:mm");

    public static string Period(string from, string to) => from == to || to.Length == 0 ? from : $"{from} 至 {to}";

    /// <summary>Which entities a plan or task looks at, in words; empty lists mean no restriction.</summary>
    public static string Scope(Api.Disclosure.V1.PublicScope? scope)
    {
        if (scope is null) return "不限";
        string[] parts =
        [
            .. Part("行政区划", scope.Divisions), .. Part("行业", scope.Industries), .. Part("对象类型", scope.EntityTypes.Select(EntityType)),
            .. Part("标签", scope.Tags), .. Part("子库", scope.SubLibraries),
        ];
        return parts.Length == 0 ? "不限" : string.Join("；", parts);

        static IEnumerable<string> Part(string label, IEnumerable<string> values) =>
            values.Any() ? [$"{label} {string.Join("、", values)}"] : [];
    }

    /// <summary>How many of a risk class are drawn: a percentage or a count of entities.</summary>
    public static string Quota(Api.Disclosure.V1.PublicQuota quota) =>
        $"风险等级 {quota.RiskClass}：" + (quota.SizeCase == Api.Disclosure.V1.PublicQuota.SizeOneofCase.Count ? $"{quota.Count} 户" : $"{quota.Percent:0.##}%");
}
