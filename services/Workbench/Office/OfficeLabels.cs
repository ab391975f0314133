using System.Globalization;
using Shuangsuiji.Api.Tasks.V1;

namespace Shuangsuiji.Workbench.Office;

/// <summary>The Chinese words the supervision pages show for the supervision and return-visit APIs' codes.</summary>
public static class OfficeLabels
{
    /// <summary>A ratio as a percentage with one decimal: 0.2345 → 23.5%.</summary>
    public static string Percent(double ratio) => (ratio * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>A bar's length in CSS: the ratio capped at the whole width.</summary>
    public static string Width(double ratio) => (Math.Clamp(ratio, 0, 1) * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The period's name: 2022年5月, 2022年第二季度, 2022年全年累计.</summary>
    public static string Period(int year, int month) => month == 0 ? $"{year}年（全年累计）" : $"{year}年{month}月";

    public static string Period(string period) =>
        period.Length == 7 && period[5] == 'Q' ? $"{period[..4]}年第{Quarter(period[6])}季度"
        : period.Length == 7 && int.TryParse(period[5..], out var month) ? $"{period[..4]}年{month}月" : period;

    private static string Quarter(char digit) => digit switch { '1' => "一", '2' => "二", '3' => "三", '4' => "四", _ => digit.ToString() };

    public static string Form(string form) => form switch
    {
        "attachment_1" => "附件1 县区月报表",
        "attachment_2" => "附件2 市直部门月报表",
        "summary" => "季度工作总结",
        _ => form,
    };

    /// <summary>The form's name; the fourth quarter's summary is the year's.</summary>
    public static string Form(string form, string period) => form == "summary" && period.EndsWith("-Q4", StringComparison.Ordinal) ? "年度工作总结" : Form(form);

    public static string Submission(string status) => status switch
    {
        "submitted" => "按时报送",
        "late" => "逾期报送",
        "overdue" => "逾期未报",
        "pending" => "未到期",
        _ => status,
    };

    public static string SubmissionTone(string status) => status switch
    {
        "submitted" => "public", "late" => "warn", "overdue" => "late", _ => "draft",
    };

    public static string Alert(string kind) => kind switch
    {
        "result_due_soon" => "结果即将到期",
        "publication_overdue" => "逾期未公示",
        "follow_up_overdue" => "后续处置逾期",
        "below_target" => "指标未达标",
        "item_uncovered" => "事项未覆盖",
        "draw_not_recorded" => "抽取未记入任务",
        _ => kind,
    };

    public static readonly string[] AlertKinds = ["result_due_soon", "publication_overdue", "follow_up_overdue", "below_target", "item_uncovered", "draw_not_recorded"];

    /// <summary>
    /// Where an alert is dealt with: a task's alert at the task's page; a figure below its target at the figure's drill-down
    /// for the year to date (the alert's id ends with the figure's code); an item no published plan covers at the
    /// department's plan of that year (the alert's id is item_uncovered:YEAR:ITEM), where its staff adjust it, or for an
    /// office the coverage of that year.
    /// </summary>
    public static string AlertLink(Shuangsuiji.Api.Supervision.V1.Alert alert, bool office) => alert.Kind switch
    {
        "item_uncovered" when office => $"/oversight/coverage?year={alert.AlertId.Split(':')[1]}",
        "below_target" => $"/office/targets/{Uri.EscapeDataString(alert.AlertId[(alert.AlertId.LastIndexOf(':') + 1)..])}?subject={Uri.EscapeDataString(alert.DepartmentId)}&year={alert.Subject[..4]}&month=0",
        "item_uncovered" => $"/plans/{alert.AlertId.Split(':')[1]}",
        _ => $"/tasks/{Uri.EscapeDataString(alert.Subject)}",
    };

    /// <summary>What to do about an alert, in the words of its link.</summary>
    public static string AlertAction(string kind) => kind switch
    {
        "result_due_soon" => "录入并审核结果",
        "publication_overdue" => "公示结果",
        "follow_up_overdue" => "办理后续处置",
        "below_target" => "查看指标",
        "item_uncovered" => "调整年度计划",
        "draw_not_recorded" => "查看任务",
        _ => "查看",
    };

    public static string Audience(string audience) => audience switch
    {
        "enforcement_staff" => "执法人员",
        "system_users" => "平台使用人员",
        _ => audience,
    };

    public static string Of(ReturnVisitStatus status) => status switch
    {
        ReturnVisitStatus.Planned => "待抽取",
        ReturnVisitStatus.Drawn => "走访中",
        ReturnVisitStatus.Closed => "已办结",
        _ => "未知",
    };

    public static string Tone(ReturnVisitStatus status) => status switch
    {
        ReturnVisitStatus.Planned => "draft", ReturnVisitStatus.Drawn => "active", _ => "done",
    };

    public static string Of(VisitOutcome outcome) => outcome switch
    {
        VisitOutcome.Confirmed => "检查结果属实，整改到位",
        VisitOutcome.NotCorrected => "问题未整改到位",
        VisitOutcome.Discrepancy => "检查结果与实际情况不符",
        VisitOutcome.Unreachable => "无法联系",
        _ => "未走访",
    };

    public static readonly VisitOutcome[] Outcomes = [VisitOutcome.Confirmed, VisitOutcome.NotCorrected, VisitOutcome.Discrepancy, VisitOutcome.Unreachable];
}
