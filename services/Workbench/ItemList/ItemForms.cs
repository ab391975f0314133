using Microsoft.Extensions.Primitives;
using Shuangsuiji.Api.Catalog.V1;

namespace Shuangsuiji.Workbench.ItemList;

/// <summary>An item's content as its create and amend forms post it; entity types are checkboxes, read from the posted form.</summary>
public sealed class ItemForm
{
    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");
    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? Kind { get; set; }
    public string? LegalBasis { get; set; }
    public string? InternalUnit { get; set; }
    public string? Content { get; set; }
    public string? Method { get; set; }
    public string? Industries { get; set; }
    public string? InternetPlusCode { get; set; }
    public string? EffectiveOn { get; set; }
    public string? Reason { get; set; }

    public static ItemForm Of(InspectionItem item) => new()
    {
        Code = item.Code, Name = item.Content.Name, Kind = item.Content.Kind == ItemKind.Key ? "key" : "general",
        LegalBasis = item.Content.LegalBasis, InternalUnit = item.Content.InternalUnit, Content = item.Content.Content, Method = item.Content.Method,
        Industries = string.Join(" ", item.Content.Industries), InternetPlusCode = item.Content.InternetPlusCode,
    };

    public ItemContent ContentWith(IEnumerable<string> entityTypes) => new()
    {
        Name = Name?.Trim() ?? "", Kind = Kind == "key" ? ItemKind.Key : ItemKind.General, LegalBasis = LegalBasis?.Trim() ?? "",
        InternalUnit = InternalUnit?.Trim() ?? "", Content = Content?.Trim() ?? "", Method = Method?.Trim() ?? "",
        EntityTypes = { entityTypes }, Industries = { Words(Industries) }, InternetPlusCode = InternetPlusCode?.Trim() ?? "",
    };

    /// <summary>Industries typed as people list them: "C13 H62", "C13、H62" or "C13,H62".</summary>
    public static IEnumerable<string> Words(string? text) =>
        (text ?? "").Split([' ', ',', '，', '、', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>A step on an item that needs a reason and a date: retirement, the withdrawal of a claim.</summary>
public sealed class ItemStepForm
{
    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");
    public string? Reason { get; set; }
    public string? EffectiveOn { get; set; }
}

/// <summary>A claim of an upper-level department's item, optionally marked key in the claiming department.</summary>
public sealed class ClaimForm
{
    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");
    public string? SourceItemId { get; set; }
    public string? LocalKind { get; set; }
}

/// <summary>
/// A form as the designer posts it: its name and the reason of a revision in the model, its fields as parallel lists
/// (a row per field, in the order shown; a row with neither key nor label is a spare one left empty).
/// </summary>
public sealed class FormDesign
{
    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");
    public string? FormCode { get; set; }
    public string? Name { get; set; }
    public string? Reason { get; set; }

    /// <summary>The rows of the posted form: key, label, type, order, options, and whether required (a checkbox carrying its row's index).</summary>
    public static List<(FormField Field, int Row)> Fields(IFormCollection form)
    {
        StringValues At(string name) => form.TryGetValue(name, out var values) ? values : StringValues.Empty;
        var (keys, labels, types, orders, options) = (At("field-key"), At("field-label"), At("field-type"), At("field-order"), At("field-options"));
        var required = At("field-required").Select(v => v ?? "").ToHashSet();
        var rows = new List<(FormField, int, int)>();
        for (var i = 0; i < keys.Count; i++)
        {
            var (key, label) = (keys[i]?.Trim() ?? "", i < labels.Count ? labels[i]?.Trim() ?? "" : "");
            if (key.Length == 0 && label.Length == 0) continue;
            var type = i < types.Count && Enum.TryParse<FieldType>(types[i], out var t) ? t : FieldType.Text;
            var field = new FormField { Key = key, Label = label, Type = type, Required = required.Contains(i.ToString()) };
            if (type is FieldType.Choice or FieldType.MultiChoice)
                field.Options.AddRange(ItemForm.Words(i < options.Count ? options[i] : "").Where(o => o.Length > 0));
            rows.Add((field, i < orders.Count && int.TryParse(orders[i], out var order) ? order : int.MaxValue, i));
        }
        return [.. rows.OrderBy(r => r.Item2).ThenBy(r => r.Item3).Select(r => (r.Item1, r.Item3))];
    }

    public static string Label(FieldType type) => type switch
    {
        FieldType.Text => "文字",
        FieldType.Number => "数字",
        FieldType.Date => "日期",
        FieldType.Boolean => "是 / 否",
        FieldType.Choice => "单选",
        FieldType.MultiChoice => "多选",
        _ => "文字",
    };

    public static readonly FieldType[] Types = [FieldType.Text, FieldType.Number, FieldType.Date, FieldType.Boolean, FieldType.Choice, FieldType.MultiChoice];
}

/// <summary>The words the item pages show for the catalog's codes.</summary>
public static class ItemLabels
{
    public static readonly IReadOnlyList<(string Code, string Name)> EntityTypes =
        [("enterprise", "企业"), ("individual_business", "个体工商户"), ("farmers_cooperative", "农民专业合作社"), ("other", "其他")];

    public static string EntityType(string code) => EntityTypes.FirstOrDefault(t => t.Code == code).Name ?? code;

    public static string Of(ItemKind kind) => kind == ItemKind.Key ? "重点检查事项" : "一般检查事项";

    public static string Of(ItemStatus status) => status switch
    {
        ItemStatus.Pending => "待生效",
        ItemStatus.InForce => "有效",
        ItemStatus.Retired => "已废止",
        ItemStatus.Withdrawn => "已撤回认领",
        _ => "未知",
    };

    public static string Tone(ItemStatus status) => status switch
    {
        ItemStatus.InForce => "public",
        ItemStatus.Pending => "active",
        _ => "draft",
    };

    public static string Change(string change) => change switch
    {
        "created" => "新建",
        "amended" => "动态调整",
        "retired" => "废止",
        "claimed" => "认领",
        "claim-withdrawn" => "撤回认领",
        _ => change,
    };

    public static string Page(string code) => $"/items/{Uri.EscapeDataString(code)}";

    public static string Designer(string code, string formCode) => $"{Page(code)}/forms/{Uri.EscapeDataString(formCode)}";
}
