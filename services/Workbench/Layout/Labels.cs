using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Shuangsuiji.Api.Draws.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;
using TaskStatus = Shuangsuiji.Api.Tasks.V1.TaskStatus;

namespace Shuangsuiji.Workbench.Layout;

/// <summary>The Chinese words and dates the pages show for the API's codes.</summary>
public static class Labels
{
    public static DateOnly Date(string isoDate) => DateOnly.ParseExact(isoDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>2026年12月7日.</summary>
    public static string Day(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";

    public static string Day(string isoDate) => isoDate.Length == 0 ? "" : Day(Date(isoDate));

    /// <summary>A moment as a date and time in Beijing: 2026年12月7日 09:30.</summary>
    public static string Moment(Timestamp? at) => at is null ? "" :
        $"{Day(ChinaDate.Of(at.ToDateTimeOffset()))} {at.ToDateTimeOffset().ToOffset(TimeSpan.FromHours(8)):HH:mm}";

    public static string Period(string from, string to) => from == to ? Day(from) : $"{Day(from)} 至 {Day(to)}";

    public static string Role(string role) => role switch
    {
        Roles.Staff => "科员", Roles.Reviewer => "审核人", Roles.Supervisor => "双随机办", "admin" => "管理员", _ => role,
    };

    public static string Of(TaskStatus status) => status switch
    {
        TaskStatus.Draft => "草稿",
        TaskStatus.Approved => "已批准",
        TaskStatus.PartnersConfirmed => "已确认配合部门",
        TaskStatus.Drawn => "已抽取",
        TaskStatus.Matched => "已匹配检查人员",
        TaskStatus.Checking => "检查中",
        TaskStatus.ResultsEntered => "结果已录入",
        TaskStatus.Reviewed => "结果已审核",
        TaskStatus.Published => "结果已公示",
        TaskStatus.FollowUp => "后续处置中",
        TaskStatus.Closed => "已办结",
        _ => "未知",
    };

    public static string Of(DepartmentStage stage) => stage switch
    {
        DepartmentStage.Invited => "已受邀待答复",
        DepartmentStage.Declined => "已谢绝",
        DepartmentStage.Joined => "已加入",
        DepartmentStage.Matched => "已匹配检查人员",
        DepartmentStage.ResultsEntered => "已完成结果录入",
        DepartmentStage.Reviewed => "已完成审核",
        DepartmentStage.Published => "已公示",
        _ => "未知",
    };

    public static string Of(ResultStatus status) => status switch
    {
        ResultStatus.Draft => "草稿",
        ResultStatus.Submitted => "已提交待审核",
        ResultStatus.Returned => "已退回",
        ResultStatus.Approved => "已审核通过",
        _ => "未录入",
    };

    public static string Of(DrawStatus status) => status switch
    {
        DrawStatus.Prepared => "已准备，待承诺与执行",
        DrawStatus.Executed => "已执行",
        DrawStatus.Lapsed => "已失效（承诺截止前未全部提交）",
        DrawStatus.Cancelled => "已取消",
        _ => "未知",
    };

    /// <summary>The record form's words for a category, from the platform's one list of them.</summary>
    public static string Of(ResultCategory category) =>
        ResultCodes.Categories.Label(ResultsReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("ResultCategory").FindValueByNumber((int)category).Name["RESULT_CATEGORY_".Length..].ToLowerInvariant());

    /// <summary>Where a task's status puts it: a CSS class for its badge.</summary>
    public static string Tone(TaskStatus status) => status switch
    {
        TaskStatus.Draft => "draft",
        TaskStatus.Closed => "done",
        TaskStatus.Published or TaskStatus.FollowUp => "public",
        _ => "active",
    };
}
