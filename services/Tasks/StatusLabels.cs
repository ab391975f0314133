using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Plans;
using Shuangsuiji.Tasks.Results;
using Shuangsuiji.Tasks.ReturnVisits;

namespace Shuangsuiji.Tasks;

/// <summary>The Chinese words for the workflow's statuses and stages, as the refusals tell them to people.</summary>
public static class StatusLabels
{
    public static string Label(this PlanStatus status) => status switch
    {
        PlanStatus.Draft => "草稿",
        PlanStatus.Approved => "已批准",
        PlanStatus.Published => "已公布",
        _ => "调整中",
    };

    public static string Label(this InspectionTaskStatus status) => status switch
    {
        InspectionTaskStatus.Draft => "草稿",
        InspectionTaskStatus.Approved => "已批准",
        InspectionTaskStatus.PartnersConfirmed => "已确认配合部门",
        InspectionTaskStatus.Drawn => "已抽取",
        InspectionTaskStatus.Matched => "已匹配检查人员",
        InspectionTaskStatus.Checking => "检查中",
        InspectionTaskStatus.ResultsEntered => "结果已录入",
        InspectionTaskStatus.Reviewed => "结果已审核",
        InspectionTaskStatus.Published => "结果已公示",
        InspectionTaskStatus.FollowUp => "后续处置中",
        _ => "已办结",
    };

    public static string Label(this DepartmentStage stage) => stage switch
    {
        DepartmentStage.Invited => "已受邀待答复",
        DepartmentStage.Declined => "已谢绝",
        DepartmentStage.Joined => "已加入",
        DepartmentStage.Matched => "已匹配检查人员",
        DepartmentStage.ResultsEntered => "已完成结果录入",
        DepartmentStage.Reviewed => "已完成审核",
        _ => "已公示",
    };

    public static string Label(this ResultStatus status) => status switch
    {
        ResultStatus.Draft => "草稿",
        ResultStatus.Submitted => "已提交",
        ResultStatus.Returned => "已退回",
        _ => "已审核通过",
    };

    public static string Label(this ReturnVisitStatus status) => status switch
    {
        ReturnVisitStatus.Planned => "已计划",
        ReturnVisitStatus.Drawn => "已抽取",
        _ => "已办结",
    };

    /// <summary>Several statuses, as "草稿或调整中".</summary>
    public static string Labels<T>(IEnumerable<T> statuses, Func<T, string> label) => string.Join("或", statuses.Select(label));
}
