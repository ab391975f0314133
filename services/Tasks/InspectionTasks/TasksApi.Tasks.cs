using Grpc.Core;
using Marten;
using Shuangsuiji.ServiceDefaults.Departments;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Tasks.Forms;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Plans;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Tasks.V1;

namespace Shuangsuiji.Tasks;

public sealed partial class TasksApi
{
    public override async Task<Proto.InspectionTask> CreateTaskFromPlan(Proto.CreateTaskFromPlanRequest r, ServerCallContext call)
    {
        await store.RefuseRetiredAsync(r.DepartmentId, "department_id", call.CancellationToken);
        return ToProto(await commands.Run<InspectionTask, AnnualPlan?>(call, TaskStream(r.TaskId), null,
            (session, _, ct) => session.LoadAsync<AnnualPlan>(PlanStream(r.DepartmentId, r.Year), ct),
            (t, plan, ctx) => InspectionTaskDecider.CreateFromPlan(t, r.TaskId, plan, r.TaskCode, ctx)));
    }

    public override async Task<Proto.InspectionTask> CreateTask(Proto.CreateTaskRequest r, ServerCallContext call)
    {
        var command = new CreateTask(r.TaskId, r.DepartmentId, r.Name, [.. r.Items], ToScope(r.Scope), ToQuotas(r.Quotas),
            Require.Date(r.CheckFrom, "check_from"), Require.Date(r.CheckTo, "check_to"), r.Reason);
        await store.RefuseRetiredAsync(r.DepartmentId, "department_id", call.CancellationToken);
        return ToProto(await Change<InspectionTask>(TaskStream(r.TaskId), null, call,
            (t, ctx) => InspectionTaskDecider.CreateOutsidePlan(t, command, ctx)));
    }

    public override async Task<Proto.InspectionTask> InviteDepartment(Proto.InviteDepartmentRequest r, ServerCallContext call)
    {
        await store.RefuseRetiredAsync(r.DepartmentId, "department_id", call.CancellationToken);
        return ToProto(await Change<InspectionTask>(TaskStream(r.TaskId), Expected(r.HasExpectedVersion, r.ExpectedVersion), call,
            (t, ctx) => InspectionTaskDecider.Invite(t, r.DepartmentId, [.. r.Items], ctx)));
    }

    public override async Task<Proto.InspectionTask> AcceptInvitation(Proto.InvitationRequest r, ServerCallContext call) =>
        ToProto(await Change<InspectionTask>(TaskStream(r.TaskId), Expected(r.HasExpectedVersion, r.ExpectedVersion), call,
            (t, ctx) => InspectionTaskDecider.Accept(t, r.DepartmentId, ctx)));

    public override async Task<Proto.InspectionTask> DeclineInvitation(Proto.DeclineInvitationRequest r, ServerCallContext call) =>
        ToProto(await Change<InspectionTask>(TaskStream(r.TaskId), Expected(r.HasExpectedVersion, r.ExpectedVersion), call,
            (t, ctx) => InspectionTaskDecider.Decline(t, r.DepartmentId, r.Reason, ctx)));

    public override async Task<Proto.InspectionTask> ApproveTask(Proto.TaskCommandRequest r, ServerCallContext call)
    {
        return ToProto(await commands.Run<InspectionTask, (IReadOnlyCollection<KnownForm> Forms, IReadOnlyDictionary<string, KnownClaim> Claims)>(call,
            TaskStream(r.TaskId), Expected(r.HasExpectedVersion, r.ExpectedVersion),
            async (session, _, ct) => await FormLibrary.ForItemsAsync(session,
                (await session.LoadAsync<InspectionTask>(TaskStream(r.TaskId), ct))?.Departments.SelectMany(d => d.Items) ?? [], ct),
            (t, library, ctx) => InspectionTaskDecider.Approve(t, library.Forms, library.Claims, ctx)));
    }

    public override async Task<Proto.InspectionTask> ConfirmPartners(Proto.TaskCommandRequest r, ServerCallContext call) =>
        ToProto(await Change<InspectionTask>(TaskStream(r.TaskId), Expected(r.HasExpectedVersion, r.ExpectedVersion), call,
            InspectionTaskDecider.ConfirmPartners));

    /// <summary>The task as it stands: each department's match is recorded as the draw engine's teams arrive (<see cref="Results.InspectorsAssignedConsumer"/>).</summary>
    [Obsolete("a department's match is recorded when the draw engine's teams arrive")]
    public override async Task<Proto.InspectionTask> RecordMatch(Proto.RecordMatchRequest r, ServerCallContext call)
    {
        await using var query = store.QuerySession();
        return ToProto(await VisibleTaskAsync(query, r.TaskId, call));
    }

    public override async Task<Proto.InspectionTask> StartChecks(Proto.TaskCommandRequest r, ServerCallContext call) =>
        ToProto(await Change<InspectionTask>(TaskStream(r.TaskId), Expected(r.HasExpectedVersion, r.ExpectedVersion), call,
            InspectionTaskDecider.StartChecks));

    public override Task<Proto.InspectionTask> CompleteEntry(Proto.DepartmentStepRequest r, ServerCallContext call) =>
        DepartmentStep(r, call, InspectionTaskDecider.CompleteEntry);

    public override Task<Proto.InspectionTask> CompleteReview(Proto.DepartmentStepRequest r, ServerCallContext call) =>
        DepartmentStep(r, call, InspectionTaskDecider.CompleteReview);

    public override Task<Proto.InspectionTask> PublishResults(Proto.DepartmentStepRequest r, ServerCallContext call) =>
        DepartmentStep(r, call, InspectionTaskDecider.PublishResults);

    public override Task<Proto.InspectionTask> CloseFollowUp(Proto.DepartmentStepRequest r, ServerCallContext call) =>
        DepartmentStep(r, call, InspectionTaskDecider.CloseFollowUp);

    public override async Task<Proto.InspectionTask> CloseTask(Proto.CloseTaskRequest r, ServerCallContext call)
    {
        var closedOn = Require.Date(r.ClosedOn, "closed_on");
        return ToProto(await Change<InspectionTask>(TaskStream(r.TaskId), Expected(r.HasExpectedVersion, r.ExpectedVersion), call,
            (t, ctx) => InspectionTaskDecider.Close(t, closedOn, ctx)));
    }

    /// <summary>A department's step in a task, decided over its results as they stand (read in the same session).</summary>
    private async Task<Proto.InspectionTask> DepartmentStep(Proto.DepartmentStepRequest r, ServerCallContext call,
        Func<InspectionTask?, string, IReadOnlyCollection<Results.EntityResult>, CommandContext, IReadOnlyList<object>> decide)
    {
        var taskId = Require.Code(r.TaskId, "task_id");
        var departmentId = Require.Code(r.DepartmentId, "department_id");
        return ToProto(await commands.Run<InspectionTask, IReadOnlyList<Results.EntityResult>>(call, TaskStream(taskId),
            Expected(r.HasExpectedVersion, r.ExpectedVersion),
            async (session, _, ct) => await session.Query<Results.EntityResult>().Where(x => x.TaskId == taskId && x.DepartmentId == departmentId).ToListAsync(ct),
            (t, results, ctx) => decide(t, departmentId, results, ctx)));
    }

    public override async Task<Proto.InspectionTask> GetTask(Proto.GetTaskRequest r, ServerCallContext call)
    {
        await using var query = store.QuerySession();
        return ToProto(await VisibleTaskAsync(query, r.TaskId, call));
    }

    /// <summary>The task, if the caller may see it.</summary>
    private static async Task<InspectionTask> VisibleTaskAsync(IQuerySession query, string taskId, ServerCallContext call)
    {
        var task = await query.LoadAsync<InspectionTask>(TaskStream(taskId), call.CancellationToken)
            ?? throw new NotFoundException($"no task {taskId}", $"没有任务 {taskId}", TasksReasons.TaskNotFound.About(taskId));
        var caller = call.Caller();
        return await ReadsAsync(query, caller, task.Departments.Select(d => d.DepartmentId), call.CancellationToken) ? task
            : throw new ForbiddenException($"task {task.TaskId} is for its departments, the departments above them and the office of their region; {caller.DepartmentId} is none of them",
                $"任务 {task.TaskId} 仅对其参与部门、本系统上级部门和所在地区的领导小组办公室可见；{caller.DepartmentId} 无权查看", Reasons.RecordNotVisible.About(task.TaskId));
    }

    public override async Task<Proto.ListTasksResponse> ListTasks(Proto.ListTasksRequest r, ServerCallContext call)
    {
        var departmentId = Require.Code(r.DepartmentId, "department_id");
        await using var query = store.QuerySession();
        await MayReadAsync(query, call.Caller(), departmentId, "the tasks", call.CancellationToken);
        var tasks = await query.Query<InspectionTask>().Where(t => t.Departments.Any(d => d.DepartmentId == departmentId))
            .ToListAsync(call.CancellationToken);
        return new Proto.ListTasksResponse { Tasks = { tasks.OrderBy(t => t.CheckFrom).ThenBy(t => t.TaskId, StringComparer.Ordinal).Select(ToProto) } };
    }

    private static string TaskStream(string taskId) => InspectionTask.StreamId(Require.Code(taskId, "task_id"));

    private static Proto.InspectionTask ToProto(InspectionTask t) => new()
    {
        TaskId = t.TaskId,
        Name = t.Name,
        Status = ToProto<InspectionTaskStatus, Proto.TaskStatus>(t.Status),
        Departments =
        {
            t.Departments.Select(d => new Proto.TaskDepartment
            {
                DepartmentId = d.DepartmentId, Items = { d.Items }, Stage = ToProto<DepartmentStage, Proto.DepartmentStage>(d.Stage),
                FollowUpNeeded = { d.FollowUpNeeded }, FollowUpClosedOn = Date(d.FollowUpClosedOn),
            }),
        },
        Scope = ToProto(t.Scope),
        Quotas = { ToProto(t.Quotas) },
        CheckFrom = Date(t.CheckFrom),
        CheckTo = Date(t.CheckTo),
        Plan = t.Plan is { } p ? new Proto.PlanRef { PlanId = p.PlanId, PlanVersion = p.PlanVersion, TaskCode = p.TaskCode } : null,
        OutsidePlanReason = t.OutsidePlanReason ?? "",
        DrawId = t.DrawId ?? "",
        Entities = { t.Entities },
        ClosedOn = Date(t.ClosedOn),
        Version = t.Version,
        DispatchId = t.DispatchId ?? "",
        Overdue =
        {
            t.Overdue.Select(o => new Proto.OverdueNotice
            {
                DepartmentId = o.DepartmentId, DueOn = Date(o.DueOn), Usccs = { o.Usccs }, RaisedAt = o.At.ToString("O"),
            }),
        },
    };
}
