namespace Shuangsuiji.Disclosure.Portal;

/// <summary>The Chinese words the public reads for the API's codes; an unknown code is shown as it is.</summary>
public static class Labels
{
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
}
