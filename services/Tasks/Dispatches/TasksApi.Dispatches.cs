using Grpc.Core;
using Marten;
using Shuangsuiji.ServiceDefaults.Departments;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Tasks.Departments;
using Shuangsuiji.Tasks.Dispatches;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Plans;
using Shuangsuiji.Tasks.Results;
using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;
using Proto = Shuangsuiji.Api.Tasks.V1;

namespace Shuangsuiji.Tasks;

public sealed partial class TasksApi
{
    public override async Task<Proto.Dispatch> DispatchTask(Proto.DispatchTaskRequest r, ServerCallContext call)
    {
        var fromPlan = r.TaskCode.Length > 0;
        var command = new SendDispatch(r.DispatchId, r.DepartmentId, r.Name, [.. r.Items], ToScope(r.Scope), ToQuotas(r.Quotas),
            fromPlan ? null : OptionalDate(r.CheckFrom, "check_from"), fromPlan ? null : OptionalDate(r.CheckTo, "check_to"), r.Notice, [.. r.Receivers],
            fromPlan ? r.TaskCode : null);
        await store.RefuseRetiredAsync(r.DepartmentId, "department_id", call.CancellationToken);
        var dispatch = await commands.Run<Dispatch, (DepartmentTree Tree, AnnualPlan? Plan)>(call, DispatchStream(r.DispatchId), null,
            async (session, _, ct) => (await DepartmentTrees.LoadAsync(session, ct),
                fromPlan ? await session.LoadAsync<AnnualPlan>(PlanStream(r.DepartmentId, r.PlanYear), ct) : null),
            (d, known, ctx) => DispatchDecider.Send(d, command, known.Tree, known.Plan, ctx));
        return await ShownAsync(dispatch, call);
    }

    /// <summary>The receipt on the dispatch and the receiver's new task are one commit: a dispatch is never received without its task.</summary>
    public override async Task<Proto.Dispatch> ReceiveDispatch(Proto.ReceiveDispatchRequest r, ServerCallContext call)
    {
        var taskStream = TaskStream(r.TaskId);
        var dispatch = await commands.Run<Dispatch, (IDocumentSession Session, DepartmentTree Tree, bool TaskExists)>(call, DispatchStream(r.DispatchId),
            Expected(r.HasExpectedVersion, r.ExpectedVersion),
            async (session, _, ct) => (session, await DepartmentTrees.LoadAsync(session, ct), await session.Events.FetchStreamStateAsync(taskStream, ct) is not null),
            (d, known, ctx) =>
            {
                // Decided first, so that the same receipt sent again is answered as done rather than refused for its task.
                var events = DispatchDecider.Receive(d, r.DepartmentId, r.TaskId, ctx);
                if (known.TaskExists)
                    throw new AlreadyExistsException($"task {r.TaskId} already exists", $"任务 {r.TaskId} 已存在", TasksReasons.TaskExists.About(r.TaskId));
                foreach (var received in events.OfType<DispatchReceived>())
                    known.Session.Events.StartStream<InspectionTask>(taskStream, DispatchDecider.TaskFor(d!, received, known.Tree));
                return events;
            });
        return await ShownAsync(dispatch, call);
    }

    public override async Task<Proto.Dispatch> GetDispatch(Proto.GetDispatchRequest r, ServerCallContext call)
    {
        await using var query = store.QuerySession();
        var dispatch = await query.LoadAsync<Dispatch>(DispatchStream(r.DispatchId), call.CancellationToken)
            ?? throw new NotFoundException($"no dispatch {r.DispatchId}", $"没有派发任务 {r.DispatchId}", TasksReasons.DispatchNotFound.About(r.DispatchId));
        var tree = await DepartmentTrees.LoadAsync(query, call.CancellationToken);
        return await ToProtoAsync(query, dispatch, Shown(dispatch, call.Caller(), tree), tree, call)
            ?? throw new ForbiddenException($"dispatch {dispatch.DispatchId} is for its sender, its receivers, the departments above them and the office of their region; {call.Caller().DepartmentId} is none of them",
                $"派发任务 {dispatch.DispatchId} 仅对派发部门、接收部门及其上级部门和所在地区的领导小组办公室可见；{call.Caller().DepartmentId} 无权查看",
                Reasons.RecordNotVisible.About(dispatch.DispatchId));
    }

    public override async Task<Proto.ListDispatchesResponse> ListDispatches(Proto.ListDispatchesRequest r, ServerCallContext call)
    {
        var departmentId = Require.Code(r.DepartmentId, "department_id");
        await using var query = store.QuerySession();
        await MayReadAsync(query, call.Caller(), departmentId, "the dispatches", call.CancellationToken);
        var dispatches = await query.Query<Dispatch>()
            .Where(d => d.DepartmentId == departmentId || d.Receivers.Any(x => x.DepartmentId == departmentId)).ToListAsync(call.CancellationToken);
        var tree = await DepartmentTrees.LoadAsync(query, call.CancellationToken);
        var answer = new Proto.ListDispatchesResponse();
        foreach (var dispatch in dispatches.OrderByDescending(d => d.SentOn).ThenBy(d => d.DispatchId, StringComparer.Ordinal))
            if (await ToProtoAsync(query, dispatch, Shown(dispatch, call.Caller(), tree), tree, call) is { } shown)
                answer.Dispatches.Add(shown);
        return answer;
    }

    /// <summary>
    /// The receivers the caller follows: all of them for whoever reads the sender's records (the sender is the receivers'
    /// parent), else those whose records the caller reads (a receiver its own, never its sibling's); null for neither.
    /// </summary>
    private static IReadOnlyList<DispatchReceiver>? Shown(Dispatch dispatch, Caller caller, DepartmentTree tree) =>
        tree.MayRead(caller, dispatch.DepartmentId) ? dispatch.Receivers
        : dispatch.Receivers.Where(x => tree.MayRead(caller, x.DepartmentId)).ToList() is { Count: > 0 } own ? own
        : null;

    private async Task<Proto.Dispatch> ShownAsync(Dispatch dispatch, ServerCallContext call)
    {
        await using var query = store.QuerySession();
        var tree = await DepartmentTrees.LoadAsync(query, call.CancellationToken);
        return (await ToProtoAsync(query, dispatch, Shown(dispatch, call.Caller(), tree) ?? [], tree, call))!;
    }

    private async Task<Proto.Dispatch?> ToProtoAsync(IQuerySession query, Dispatch d, IReadOnlyList<DispatchReceiver>? receivers, DepartmentTree tree,
        ServerCallContext call)
    {
        if (receivers is null) return null;
        var taskIds = receivers.Select(x => x.TaskId).OfType<string>().ToList();
        var tasks = taskIds.Count == 0 ? new Dictionary<string, InspectionTask>()
            : (await query.Query<InspectionTask>().Where(t => t.TaskId.IsOneOf(taskIds)).ToListAsync(call.CancellationToken)).ToDictionary(t => t.TaskId);
        var results = taskIds.Count == 0 ? []
            : await query.Query<EntityResult>().Where(x => x.TaskId.IsOneOf(taskIds)).ToListAsync(call.CancellationToken);
        var progress = receivers.Select(x => DispatchProgress.Of(x, x.TaskId is { } id ? tasks.GetValueOrDefault(id) : null, results)).ToList();
        var figures = DispatchProgress.Combined(progress);
        var caller = call.Caller();
        return new Proto.Dispatch
        {
            DispatchId = d.DispatchId, DepartmentId = d.DepartmentId, Name = d.Name, Items = { d.Items }, Scope = ToProto(d.Scope), Quotas = { ToProto(d.Quotas) },
            CheckFrom = Date(d.CheckFrom), CheckTo = Date(d.CheckTo), Notice = d.Notice, SentOn = Date(d.SentOn), Version = d.Version,
            Plan = d.Plan is { } p ? new Proto.PlanRef { PlanId = p.PlanId, PlanVersion = p.PlanVersion, TaskCode = p.TaskCode } : null,
            Receivers =
            {
                receivers.Zip(progress, (x, g) => new Proto.DispatchReceiver
                {
                    DepartmentId = x.DepartmentId, TaskId = x.TaskId ?? "", ReceivedOn = Date(x.ReceivedOn),
                    State = ToProto<ReceiverState, Proto.ReceiverState>(g.State),
                    TaskStatus = g.TaskStatus is { } s ? ToProto<InspectionTaskStatus, Proto.TaskStatus>(s) : Proto.TaskStatus.Unspecified,
                    Entities = g.Entities, Entered = g.Entered, Problems = g.Problems,
                    TaskReadable = x.TaskId is not null && tree.MayRead(caller, x.DepartmentId),
                }),
            },
            Figures = new Proto.DispatchFigures
            {
                Receivers = figures.Receivers, Received = figures.Received, Closed = figures.Closed, Entities = figures.Entities, Entered = figures.Entered,
                Problems = figures.Problems,
            },
            Timeliness = ToProto<DispatchTimeliness, Proto.DispatchTimeliness>(DispatchProgress.Timeliness(d.CheckTo, figures, ChinaDate.Of(clock.GetUtcNow()))),
        };
    }

    private static DateOnly? OptionalDate(string value, string field) => value.Length == 0 ? null : Require.Date(value, field);

    private static string DispatchStream(string dispatchId) => Dispatch.StreamId(Require.Code(dispatchId, "dispatch_id"));
}
