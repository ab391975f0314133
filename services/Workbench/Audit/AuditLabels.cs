using System.Text.Encodings.Web;
using System.Text.Json;
using Shuangsuiji.Api.Audit.V1;

namespace Shuangsuiji.Workbench.Audit;

/// <summary>The services whose trails the audit pages read, and how an event's data is shown.</summary>
public static class AuditLabels
{
    /// <summary>Every service keeps its own trail (its own event store); the pages name them as people know them.</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> Services =
    [
        ("tasks", "抽查任务（计划、任务、结果、回访）"),
        ("draws", "随机抽取"),
        ("directories", "名录库（部门、市场主体、检查人员、标签、日历）"),
        ("catalog", "抽查事项清单与表单"),
        ("supervision", "督查（报表、培训、预警）"),
        ("disclosure", "公示"),
        ("identity", "账号与登录"),
    ];

    public static string ServiceName(string code) => Services.FirstOrDefault(s => s.Code == code).Name ?? code;

    public static bool IsService(string? code) => Services.Any(s => s.Code == code);

    public static string HistoryLink(string service, string streamId) =>
        $"/audit/history?service={Uri.EscapeDataString(service)}&stream={Uri.EscapeDataString(streamId)}";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The stored JSON indented for reading, Chinese left as it is; what the service left out says why.</summary>
    public static string Data(AuditEvent e)
    {
        if (e.Data.Length == 0)
            return e.DataLength > 0 ? $"（内容 {e.DataLength:N0} 字节，过大未显示）" : "（其他部门的记录：仅显示类型、时间和部门）";
        try
        {
            using var document = JsonDocument.Parse(e.Data);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return e.Data;
        }
    }
}
