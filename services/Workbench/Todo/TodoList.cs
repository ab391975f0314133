using Grpc.Core;
using Shuangsuiji.Api.Draws.V1;
using Shuangsuiji.Api.Supervision.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;
using Shuangsuiji.Workbench.Platform;
using TaskStatus = Shuangsuiji.Api.Tasks.V1.TaskStatus;

namespace Shuangsuiji.Workbench.Todo;

/// <summary>What a to-do entry asks for; the order is the order of the page's sections.</summary>
public enum TodoKind
{
    Overdue,
    DueSoon,
    Alert,
    Invitation,
    DispatchToReceive,
    TaskApproval,
    PartnersToConfirm,
    DrawCommitment,
    DrawReveal,
    TeamsToMatch,
    ChecksToStart,
    ResultsToEnter,
    ResultsToReview,
    ResultsStep,
    FollowUpsOpen,
}

/// <summary>An entry: about a task (its id and name), or for an alert about something else, its subject in both.</summary>
public sealed record TodoEntry(TodoKind Kind, string TaskId, string TaskName, string Detail, DateOnly? Due = null, bool IsTask = true, string? Href = null);

/// <summary>
/// 待办: what the signed-in person's department, in the role they act in, has to do now, from three reads side by side
/// whatever the number of its tasks: its open work (the tasks service: each open task's stage and result counts), the
/// draws it is a party to that are still open (the draw engine) and its alerts (supervision), with the working-day
/// calendar for what falls due.
/// </summary>
public sealed class TodoList(Api.Tasks.V1.Tasks.TasksClient tasks, Api.Draws.V1.Draws.DrawsClient draws, Supervision.SupervisionClient supervision,
    WorkingDays workingDays, TimeProvider clock)
{
    /// <summary>Results due within this many working days are listed as due soon.</summary>
    public const int DueSoonWorkingDays = 3;

    public async Task<IReadOnlyList<TodoEntry>> ForAsync(Caller caller, CancellationToken ct)
    {
        var today = ChinaDate.Of(clock.GetUtcNow());
        var calendar = workingDays.CalendarAsync(ct);
        var work = tasks.ListOpenWorkAsync(new ListOpenWorkRequest { DepartmentId = caller.DepartmentId }, cancellationToken: ct).ResponseAsync;
        // The rest of the list stands without the draw engine or supervision; the task's page says what they answered.
        var open = Optional(draws.ListOpenDrawsAsync(new ListOpenDrawsRequest { DepartmentId = caller.DepartmentId }, cancellationToken: ct).ResponseAsync,
            d => d.Draws);
        var alerts = Optional(supervision.ListAlertsAsync(new ListAlertsRequest { DepartmentId = caller.DepartmentId }, cancellationToken: ct).ResponseAsync,
            a => a.Alerts);
        var dispatches = Optional(tasks.ListDispatchesAsync(new ListDispatchesRequest { DepartmentId = caller.DepartmentId }, cancellationToken: ct).ResponseAsync,
            d => d.Dispatches);
        var soon = (await calendar).AddWorkingDays(today, DueSoonWorkingDays);
        var names = (await work).Work.ToDictionary(w => w.TaskId, w => w.Name);

        var entries = new List<TodoEntry>();
        foreach (var task in (await work).Work) entries.AddRange(Steps(task, caller, today, soon));
        foreach (var draw in await open)
            if (DrawStep(draw, caller) is var (kind, detail, due))
                entries.Add(new TodoEntry(kind, draw.TaskId, names.GetValueOrDefault(draw.TaskId, draw.TaskId), detail, due));
        // 接收: a task dispatched from above waits for the department's staff to take it on.
        foreach (var dispatch in await dispatches)
            if (caller.Role == Roles.Staff && dispatch.Receivers.Any(r => r.DepartmentId == caller.DepartmentId && r.TaskId.Length == 0))
                entries.Add(new TodoEntry(TodoKind.DispatchToReceive, dispatch.DispatchId, dispatch.Name, "上级部门派发的任务，请接收", Layout.Labels.Date(dispatch.CheckTo)));
        foreach (var alert in await alerts)
            entries.Add(new TodoEntry(TodoKind.Alert, alert.Subject, names.GetValueOrDefault(alert.Subject, alert.Subject), alert.Message,
                alert.DueOn.Length > 0 ? Layout.Labels.Date(alert.DueOn) : null, names.ContainsKey(alert.Subject),
                alert.Kind == "item_uncovered" ? Office.OfficeLabels.AlertLink(alert, office: false) : null));
        return [.. entries.OrderBy(e => e.Kind).ThenBy(e => e.Due ?? DateOnly.MaxValue)];
    }

    private static async Task<IReadOnlyList<T>> Optional<TResponse, T>(Task<TResponse> call, Func<TResponse, IEnumerable<T>> items)
    {
        try
        {
            return [.. items(await call)];
        }
        catch (RpcException)
        {
            return [];
        }
    }

    /// <summary>What one of the department's open tasks asks of the person now.</summary>
    private static IEnumerable<TodoEntry> Steps(OpenWork task, Caller caller, DateOnly today, DateOnly soon)
    {
        TodoEntry Entry(TodoKind kind, string detail, DateOnly? due = null) => new(kind, task.TaskId, task.Name, detail, due);
        var reviewer = caller.Role == Roles.Reviewer;

        if (task.Stage == DepartmentStage.Invited) yield return Entry(TodoKind.Invitation, "受邀参加联合抽查，请接受或谢绝");
        if (task.Leads && task.Status == TaskStatus.Draft && reviewer) yield return Entry(TodoKind.TaskApproval, "任务待审批");
        if (task.Leads && task.Status == TaskStatus.Approved && task.PartnersJoined + task.PartnersInvited + task.PartnersDeclined > 0 && !reviewer)
            yield return Entry(TodoKind.PartnersToConfirm, $"配合部门：{task.PartnersJoined} 个已加入，{task.PartnersInvited} 个待答复");
        // After the draw each department matches its inspectors to the entities drawn; once all have, the lead starts the checks.
        if (task.Status == TaskStatus.Drawn && task.Stage == DepartmentStage.Joined && !reviewer)
            yield return Entry(TodoKind.TeamsToMatch, "已抽取检查对象，请为本部门随机匹配检查人员");
        if (task.Leads && task.Status == TaskStatus.Matched && !reviewer) yield return Entry(TodoKind.ChecksToStart, "各部门检查组已匹配，请开始检查");
        foreach (var overdue in task.Overdue)
            yield return Entry(TodoKind.Overdue, $"{overdue.Count} 户结果未在期限内公示", Layout.Labels.Date(overdue.DueOn));
        if (task.FollowUpsOpen > 0 && !reviewer) yield return Entry(TodoKind.FollowUpsOpen, $"{task.FollowUpsOpen} 户发现的问题后续处置未办结");
        if (task.Stage is not (DepartmentStage.Matched or DepartmentStage.ResultsEntered or DepartmentStage.Reviewed)) yield break;

        var toEnter = task.Entities - task.ResultsSubmitted - task.ResultsApproved;
        if (toEnter > 0 && !reviewer) yield return Entry(TodoKind.ResultsToEnter, $"{toEnter} 户结果待录入（共 {task.Entities} 户）");
        if (task.ResultsSubmitted > 0 && reviewer) yield return Entry(TodoKind.ResultsToReview, $"{task.ResultsSubmitted} 户结果待审核");
        // The department's own steps once its results are in (谁检查、谁录入、谁公开), taken on the task's page.
        if (task.Stage == DepartmentStage.Matched && task.Status == TaskStatus.Checking && task.Entities > 0 && toEnter == 0 && !reviewer)
            yield return Entry(TodoKind.ResultsStep, "结果已全部提交，请完成结果录入，交本部门审核人审核");
        if (task.Stage == DepartmentStage.ResultsEntered && task.ResultsSubmitted == 0 && task.ResultsApproved == task.Entities && reviewer)
            yield return Entry(TodoKind.ResultsStep, "结果已全部审核通过，请完成审核");
        if (task.Stage == DepartmentStage.Reviewed && !reviewer) yield return Entry(TodoKind.ResultsStep, "本部门结果已审核完毕，请公示");
        var due = task.ResultsDue.Select(d => (On: Layout.Labels.Date(d.DueOn), d.Count)).ToList();
        if (due.Where(d => d.On < today).ToList() is { Count: > 0 } late && task.Overdue.Count == 0)
            yield return Entry(TodoKind.Overdue, $"{late.Sum(d => d.Count)} 户结果已过公示期限", late.Min(d => d.On));
        if (due.Where(d => d.On >= today && d.On <= soon).ToList() is { Count: > 0 } near)
            yield return Entry(TodoKind.DueSoon, $"{near.Sum(d => d.Count)} 户结果将在 {DueSoonWorkingDays} 个工作日内到期", near.Min(d => d.On));
    }

    /// <summary>An open draw's step for the person's department: its commitment, or once commitments have closed its secret.</summary>
    private (TodoKind, string, DateOnly?)? DrawStep(Draw draw, Caller caller)
    {
        var party = draw.Commitments.FirstOrDefault(c => c.Party == caller.DepartmentId);
        var deadline = draw.CommitDeadline is { } d ? ChinaDate.Of(d.ToDateTimeOffset()) : (DateOnly?)null;
        if (party is null || party.Sha256.Length == 0) return (TodoKind.DrawCommitment, "抽取待提交本部门的承诺值", deadline);
        if (!party.Generated && !party.Revealed && draw.CommitDeadline is { } closes && closes.ToDateTimeOffset() <= clock.GetUtcNow())
            return (TodoKind.DrawReveal, "承诺已截止，请揭示本部门的秘密值", null);
        return null;
    }

    /// <summary>
    /// Where an entry is done: results to review in the review queue, a dispatch to receive on its page, a draw's steps on the task's ceremony page, an
    /// alert that says where (an uncovered item: the plan) there, an alert about something other than a task nowhere (null), everything else on the
    /// task's page.
    /// </summary>
    public static string? Link(TodoEntry entry) => entry.Href is { } href ? href
        : entry.Kind == TodoKind.ResultsToReview ? "/review"
        : entry.Kind == TodoKind.DispatchToReceive ? $"/dispatch/{Uri.EscapeDataString(entry.TaskId)}"
        : !entry.IsTask ? null
        : $"/tasks/{Uri.EscapeDataString(entry.TaskId)}" + entry.Kind switch
        {
            TodoKind.DrawCommitment or TodoKind.DrawReveal => "/draw",
            TodoKind.TeamsToMatch => "/teams",
            _ => "",
        };

    public static string Title(TodoKind kind) => kind switch
    {
        TodoKind.Overdue => "已逾期",
        TodoKind.DueSoon => "3个工作日内到期",
        TodoKind.Alert => "监督预警",
        TodoKind.Invitation => "联合抽查邀请待答复",
        TodoKind.DispatchToReceive => "上级派发任务待接收",
        TodoKind.TaskApproval => "任务待审批",
        TodoKind.PartnersToConfirm => "待确认配合部门",
        TodoKind.DrawCommitment => "抽取待提交承诺",
        TodoKind.DrawReveal => "抽取待揭示秘密值",
        TodoKind.TeamsToMatch => "检查人员待匹配",
        TodoKind.ChecksToStart => "检查待开始",
        TodoKind.ResultsToEnter => "检查结果待录入",
        TodoKind.ResultsToReview => "检查结果待审核",
        TodoKind.ResultsStep => "结果待完成录入、审核或公示",
        _ => "后续处置待办结",
    };
}
