using System.Text.Json;
using Shuangsuiji.Api.Directories.V1;

namespace Shuangsuiji.Workbench.Directories;

/// <summary>The Chinese words for the directories' codes.</summary>
public static class DirectoryLabels
{
    public static readonly string[] RiskClasses = ["A", "B", "C", "D"];

    public static string Of(EntityType type) => type switch
    {
        EntityType.Enterprise => "企业",
        EntityType.IndividualBusiness => "个体工商户",
        EntityType.FarmersCooperative => "农民专业合作社",
        EntityType.Other => "其他",
        _ => "",
    };

    public static string Of(RegistrationStatus status) => status switch
    {
        RegistrationStatus.Active => "存续",
        RegistrationStatus.Deregistered => "注销",
        RegistrationStatus.Revoked => "吊销",
        RegistrationStatus.MovedOut => "迁出",
        _ => "",
    };

    /// <summary>The inspector tags' names by "category/code", to show an inspector's specialties as people call them.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> SpecialtiesAsync(TagLibrary.TagLibraryClient tags, CancellationToken ct)
    {
        try
        {
            var categories = await tags.ListTagCategoriesAsync(new ListTagCategoriesRequest { Subject = TagSubject.Inspector }, cancellationToken: ct);
            return categories.Categories.SelectMany(c => c.Tags.Select(t => (Key: $"{c.Category}/{t.Code}", t.Name))).ToDictionary(t => t.Key, t => t.Name);
        }
        catch (Grpc.Core.RpcException)
        {
            return new Dictionary<string, string>(); // the codes still say which they are
        }
    }

    public static string Specialties(IEnumerable<string> held, IReadOnlyDictionary<string, string> names) =>
        held.Any() ? string.Join("、", held.Select(s => names.GetValueOrDefault(s, s))) : "—";

    public static string Of(InspectorStatus status) => status switch
    {
        InspectorStatus.Active => "在岗",
        InspectorStatus.OnLeave => "休假",
        InspectorStatus.Transferred => "调离",
        InspectorStatus.Retired => "退休",
        _ => "",
    };

    public static string Of(ImportStatus status) => status switch
    {
        ImportStatus.Running => "导入中",
        ImportStatus.Completed => "已完成",
        ImportStatus.Failed => "失败",
        _ => "",
    };

    public static string Change(string change) => change switch
    {
        "registered" => "登记",
        "amended" => "信息变更",
        "status-changed" => "登记状态变更",
        "tagged" => "添加标签",
        "untagged" => "去除标签",
        "tags-changed" => "标签变更",
        "sub-library-joined" => "加入子库",
        "sub-library-left" => "移出子库",
        "sub-libraries-changed" => "子库变更",
        "risk-class-changed" => "信用风险分类变更",
        "risk-warning" => "风险预警",
        "credit-recorded" => "信用记录（行政处罚或经营异常名录）",
        _ => change,
    };

    /// <summary>A risk class change as "B → D" when its details say so, else what they say.</summary>
    public static string Details(EntityChange change)
    {
        if (change.Change is not ("risk-class-changed" or "risk-warning")) return change.Details;
        try
        {
            using var json = JsonDocument.Parse(change.Details);
            string? Text(string name) => json.RootElement.EnumerateObject()
                .FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
            var on = Text("effectiveOn") ?? Text("effective_on");
            return Text("to") is { } to ? $"{Text("from") ?? "未分类"} → {to}" + (on is null ? "" : $"（{Layout.Labels.Day(on)} 起）") : change.Details;
        }
        catch (JsonException)
        {
            return change.Details;
        }
    }
}
