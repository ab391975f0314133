using Shuangsuiji.Api.Draws.V1;
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
    Invitation,
    TaskApproval,
    PartnersToConfirm,
    DrawCommitment,
    DrawReveal,
    ResultsToEnter,
    ResultsToReview,
}

public sealed record TodoEntry(TodoKind Kind, string TaskId, string TaskName, string Detail, DateOnly? Due = null);

/// <summary>
/// 待办: what the signed-in person's department, in the role they act in, has to do now, built from the tasks it takes part
/// in (the tasks API), their draws (the draw engine) and its results, with the working-day calendar for what falls due.
/// </summary>
public sealed class TodoList(Api.Tasks.V1.Tasks.TasksClient tasks, Api.Draws.V1.Draws.DrawsClient draws, WorkingDays workingDays, TimeProvider clock)
{
    /// <summary>Results due within this many working days are listed as due soon.</summary>
    public const int DueSoonWorkingDays = 3;

    public async Task<IReadOnlyList<TodoEntry>> ForAsync(Caller caller, CancellationToken ct)
    {
        var today = ChinaDate.Of(clock.GetUtcNow());
        var calendar = await workingDays.CalendarAsync(ct);
        var soon = calendar.AddWorkingDays(today, DueSoonWorkingDays);
        var mine = await tasks.ListTasksAsync(new ListTasksRequest { DepartmentId = caller.DepartmentId }, cancellationToken: ct);
        var open = mine.Tasks.Where(t => t.Status != TaskStatus.Closed).ToList();
        // A department with many open tasks: their draws and results are asked for side by side, a few at a time, and the
        // entries kept in the tasks' order.
        var perTask = new List<TodoEntry>[open.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, open.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (i, token) => perTask[i] = await StepsAsync(open[i], caller, today, soon, token));
        var entries = perTask.SelectMany(e => e);
        return [.. entries.OrderBy(e => e.Kind).ThenBy(e => e.Due ?? DateOnly.MaxValue)];
    }

    /// <summary>What one of the department's open tasks asks of the person now.</summary>
    private async Task<List<TodoEntry>> StepsAsync(InspectionTask task, Caller caller, DateOnly today, DateOnly soon, CancellationToken ct)
    {
        var entries = new List<TodoEntry>();
        var department = task.Departments.FirstOrDefault(d => d.DepartmentId == caller.DepartmentId);
        if (department is null) return entries;
        var leads = task.Departments[0].DepartmentId == caller.DepartmentId;
        void Add(TodoKind kind, string detail, DateOnly? due = null) => entries.Add(new TodoEntry(kind, task.TaskId, task.Name, detail, due));

        if (department.Stage == DepartmentStage.Invited) Add(TodoKind.Invitation, "受邀参加联合抽查，请接受或谢绝");
        if (leads && task.Status == TaskStatus.Draft && caller.Role == Roles.Reviewer) Add(TodoKind.TaskApproval, "任务待审批");
        if (leads && task.Status == TaskStatus.Approved && task.Departments.Count > 1 && caller.Role != Roles.Reviewer)
            Add(TodoKind.PartnersToConfirm, $"配合部门：{task.Departments.Count(d => d.Stage == DepartmentStage.Joined) - 1} 个已加入，" +
                $"{task.Departments.Count(d => d.Stage == DepartmentStage.Invited)} 个待答复");
        // The task learns of its draw once executed; until then the draw engine lists the one being prepared.
        if (task.Status == TaskStatus.PartnersConfirmed)
            await DrawSteps(task.TaskId, caller, Add, ct);
        foreach (var overdue in task.Overdue.Where(o => o.DepartmentId == caller.DepartmentId))
            Add(TodoKind.Overdue, $"{overdue.Usccs.Count} 户结果未在期限内公示", Layout.Labels.Date(overdue.DueOn));
        if (department.Stage is DepartmentStage.Matched or DepartmentStage.ResultsEntered or DepartmentStage.Reviewed)
            await ResultSteps(task, caller, today, soon, Add, ct);
        return entries;
    }

    private async Task DrawSteps(string taskId, Caller caller, Action<TodoKind, string, DateOnly?> add, CancellationToken ct)
    {
        Draw? draw;
        try
        {
            draw = (await draws.ListDrawsAsync(new ListDrawsRequest { TaskId = taskId }, cancellationToken: ct)).Draws.LastOrDefault();
        }
        catch (Grpc.Core.RpcException)
        {
            return; // the rest of the list stands without the draw engine; the task's page says what it answered
        }
        if (draw is not { Status: DrawStatus.Prepared } || !draw.Parties.Contains(caller.DepartmentId)) return;
        var party = draw.Commitments.FirstOrDefault(c => c.Party == caller.DepartmentId);
        var deadline = draw.CommitDeadline is { } d ? ChinaDate.Of(d.ToDateTimeOffset()) : (DateOnly?)null;
        if (party is null || party.Sha256.Length == 0)
            add(TodoKind.DrawCommitment, "抽取待提交本部门的承诺值", deadline);
        else if (!party.Generated && !party.Revealed && draw.CommitDeadline is { } closes && closes.ToDateTimeOffset() <= clock.GetUtcNow())
            add(TodoKind.DrawReveal, "承诺已截止，请揭示本部门的秘密值", null);
    }

    private async Task ResultSteps(InspectionTask task, Caller caller, DateOnly today, DateOnly soon, Action<TodoKind, string, DateOnly?> add,
        CancellationToken ct)
    {
        var results = (await tasks.ListResultsAsync(new ListResultsRequest { TaskId = task.TaskId, DepartmentId = caller.DepartmentId },
            cancellationToken: ct)).Results;
        var entered = results.ToDictionary(r => r.Uscc);
        var toEnter = task.Entities.Count(u => !entered.TryGetValue(u, out var r) || r.Status is ResultStatus.Draft or ResultStatus.Returned);
        var toReview = results.Count(r => r.Status == ResultStatus.Submitted);
        if (toEnter > 0 && caller.Role != Roles.Reviewer) add(TodoKind.ResultsToEnter, $"{toEnter} 户结果待录入（共 {task.Entities.Count} 户）", null);
        if (toReview > 0 && caller.Role == Roles.Reviewer) add(TodoKind.ResultsToReview, $"{toReview} 户结果待审核", null);
        var open = results.Where(r => r.Status != ResultStatus.Approved && r.ResultsDue.Length > 0).Select(r => Layout.Labels.Date(r.ResultsDue)).ToList();
        if (open.Where(d => d < today).Order().FirstOrDefault() is var late && late != default && task.Overdue.All(o => o.DepartmentId != caller.DepartmentId))
            add(TodoKind.Overdue, $"{open.Count(d => d < today)} 户结果已过公示期限", late);
        if (open.Where(d => d >= today && d <= soon).Order().FirstOrDefault() is var due && due != default)
            add(TodoKind.DueSoon, $"{open.Count(d => d >= today && d <= soon)} 户结果将在 {DueSoonWorkingDays} 个工作日内到期", due);
    }

    /// <summary>Where an entry is done: a draw's steps on the task's ceremony page, everything else on the task's page.</summary>
    public static string Link(TodoEntry entry) => entry.Kind == TodoKind.ResultsToReview ? "/review"
        : $"/tasks/{Uri.EscapeDataString(entry.TaskId)}" + (entry.Kind is TodoKind.DrawCommitment or TodoKind.DrawReveal ? "/draw" : "");

    public static string Title(TodoKind kind) => kind switch
    {
        TodoKind.Overdue => "已逾期",
        TodoKind.DueSoon => "3个工作日内到期",
        TodoKind.Invitation => "联合抽查邀请待答复",
        TodoKind.TaskApproval => "任务待审批",
        TodoKind.PartnersToConfirm => "待确认配合部门",
        TodoKind.DrawCommitment => "抽取待提交承诺",
        TodoKind.DrawReveal => "抽取待揭示秘密值",
        TodoKind.ResultsToEnter => "检查结果待录入",
        _ => "检查结果待审核",
    };
}
