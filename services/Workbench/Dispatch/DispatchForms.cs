using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Workbench.Tasks;

namespace Shuangsuiji.Workbench.Dispatch;

/// <summary>
/// A task dispatched to the departments below (派发), as its form posts it: the task's terms as for a task of one's own, or
/// a planned task ("year/code") whose terms the plan gives; the notice; the receivers come as repeated fields.
/// </summary>
public sealed class DispatchForm : NewTaskForm
{
    public string DispatchId { get; set; } = "";
    public string? Planned { get; set; }
    public string? Notice { get; set; }

    public DispatchTaskRequest Request(string department, IEnumerable<string> items, IEnumerable<string> entityTypes, IEnumerable<string> receivers)
    {
        TaskId = DispatchId; // the terms are read as a task's request; its id is not sent
        var terms = Request(department, items, entityTypes);
        var (year, code) = Planned?.Split('/', 2) is [var y, var c] && int.TryParse(y, out var n) ? (n, c) : (0, "");
        return new DispatchTaskRequest
        {
            DispatchId = DispatchId, DepartmentId = department, Name = terms.Name, Items = { terms.Items }, Scope = terms.Scope, Quotas = { terms.Quotas },
            CheckFrom = terms.CheckFrom, CheckTo = terms.CheckTo, Notice = Notice ?? "", Receivers = { receivers }, PlanYear = year, TaskCode = code,
        };
    }
}

/// <summary>A receiver takes the dispatch on as its own task, whose id was made when the page was shown.</summary>
public sealed class ReceiveForm : CommandForm
{
    public string TaskId { get; set; } = "";
}

public static class DispatchLabels
{
    public static string Of(ReceiverState state) => state switch
    {
        ReceiverState.Sent => "待接收",
        ReceiverState.Received => "已接收",
        ReceiverState.Drawn => "已抽取",
        ReceiverState.Checking => "检查中",
        ReceiverState.Published => "已公示",
        ReceiverState.Closed => "已办结",
        _ => "",
    };

    public static string Tone(ReceiverState state) => state switch
    {
        ReceiverState.Sent => "draft",
        ReceiverState.Closed => "done",
        ReceiverState.Published => "public",
        _ => "active",
    };

    public static string Of(DispatchTimeliness timeliness) => timeliness switch
    {
        DispatchTimeliness.Done => "已全部办结",
        DispatchTimeliness.Overdue => "已逾期",
        DispatchTimeliness.AtRisk => "临近期限",
        _ => "按期推进",
    };

    public static string Tone(DispatchTimeliness timeliness) => timeliness switch
    {
        DispatchTimeliness.Done => "done",
        DispatchTimeliness.Overdue => "overdue",
        DispatchTimeliness.AtRisk => "at-risk",
        _ => "active",
    };

    /// <summary>A dispatch id people can read, like a task's.</summary>
    public static string NewId(string department, DateOnly today) => "PF-" + NewTaskForm.NewId(department, today);
}
