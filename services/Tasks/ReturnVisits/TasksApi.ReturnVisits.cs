using Grpc.Core;
using Marten;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Tasks.Departments;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.ReturnVisits;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Tasks.V1;

namespace Shuangsuiji.Tasks;

public sealed partial class TasksApi
{
    public override async Task<Proto.ReturnVisit> PlanReturnVisit(Proto.PlanReturnVisitRequest r, ServerCallContext call)
    {
        var command = new PlanReturnVisit(r.VisitId, r.OfficeId, r.Name, [.. r.TaskIds.Select(t => t.Trim())], r.Reason);
        return ToProto(await commands.Run<ReturnVisit, (Dictionary<string, InspectionTask> Tasks, DepartmentTree Tree)>(call, VisitStream(r.VisitId), null,
            async (session, _, ct) => ((await session.LoadManyAsync<InspectionTask>(ct, command.TaskIds.Select(InspectionTask.StreamId))).ToDictionary(t => t.TaskId),
                await DepartmentTree.LoadAsync(session, ct)),
            (v, known, ctx) => ReturnVisitDecider.Plan(v, command, known.Tasks.GetValueOrDefault, d => known.Tree.Supervises(ctx.Caller, d), ctx)));
    }

    public override async Task<Proto.ReturnVisit> RecordVisit(Proto.RecordVisitRequest r, ServerCallContext call)
    {
        var visitedOn = Require.Date(r.VisitedOn, "visited_on");
        var outcome = FromProto<VisitOutcome>(r.Outcome, "outcome");
        return ToProto(await Change<ReturnVisit>(VisitStream(r.VisitId), Expected(r.HasExpectedVersion, r.ExpectedVersion), call,
            (v, ctx) => ReturnVisitDecider.RecordVisit(v, r.Uscc.Trim(), visitedOn, outcome, r.Findings, ctx)));
    }

    public override async Task<Proto.ReturnVisit> CloseReturnVisit(Proto.CloseReturnVisitRequest r, ServerCallContext call)
    {
        var closedOn = Require.Date(r.ClosedOn, "closed_on");
        return ToProto(await Change<ReturnVisit>(VisitStream(r.VisitId), Expected(r.HasExpectedVersion, r.ExpectedVersion), call,
            (v, ctx) => ReturnVisitDecider.Close(v, closedOn, r.Summary, ctx)));
    }

    /// <summary>A return visit is the office's oversight: the supervising office reads it.</summary>
    public override async Task<Proto.ReturnVisit> GetReturnVisit(Proto.GetReturnVisitRequest r, ServerCallContext call)
    {
        await using var query = store.QuerySession();
        return ToProto(await VisibleVisitAsync(query, r.VisitId, call));
    }

    /// <summary>The return visit, if the caller may see it.</summary>
    private static async Task<ReturnVisit> VisibleVisitAsync(IQuerySession query, string visitId, ServerCallContext call)
    {
        var visit = await query.LoadAsync<ReturnVisit>(VisitStream(visitId), call.CancellationToken)
            ?? throw new NotFoundException($"no return visit {visitId}", $"没有回访 {visitId}", TasksReasons.ReturnVisitNotFound.About(visitId));
        await MayReadVisitsAsync(query, call, visit.OfficeId);
        return visit;
    }

    public override async Task<Proto.ListReturnVisitsResponse> ListReturnVisits(Proto.ListReturnVisitsRequest r, ServerCallContext call)
    {
        var officeId = Require.Code(r.OfficeId, "office_id");
        await using var query = store.QuerySession();
        await MayReadVisitsAsync(query, call, officeId);
        var visits = await query.Query<ReturnVisit>().Where(v => v.OfficeId == officeId).ToListAsync(call.CancellationToken);
        return new Proto.ListReturnVisitsResponse { Visits = { visits.OrderBy(v => v.VisitId, StringComparer.Ordinal).Select(ToProto) } };
    }

    /// <summary>An office's return visits are read by its supervisors and by the office whose region holds its own.</summary>
    private static async Task MayReadVisitsAsync(IQuerySession query, ServerCallContext call, string officeId)
    {
        var caller = call.Caller();
        if (!caller.IsSupervisor()) throw new ForbiddenException($"return visits are the supervising office's; {caller.DepartmentId} ({caller.Role}) may not read them",
            $"回访记录属于领导小组办公室；{caller.DepartmentId}（{caller.Role}）无权查看", Reasons.OfficeOnly.About(null));
        await MayReadAsync(query, caller, officeId, "the return visits", call.CancellationToken);
    }

    private static string VisitStream(string visitId) => ReturnVisit.StreamId(Require.Code(visitId, "visit_id"));

    private static Proto.ReturnVisit ToProto(ReturnVisit v) => new()
    {
        VisitId = v.VisitId,
        OfficeId = v.OfficeId,
        Name = v.Name,
        TaskIds = { v.TaskIds },
        Reason = v.Reason ?? "",
        Status = ToProto<ReturnVisitStatus, Proto.ReturnVisitStatus>(v.Status),
        DrawId = v.DrawId ?? "",
        Entities =
        {
            v.Entities.Select(e => v.VisitOf(e.Uscc) is { } visited
                ? new Proto.VisitedEntity
                {
                    Uscc = e.Uscc, TaskIds = { e.TaskIds }, VisitedOn = Date(visited.VisitedOn),
                    Outcome = ToProto<VisitOutcome, Proto.VisitOutcome>(visited.Outcome), Findings = visited.Findings ?? "",
                }
                : new Proto.VisitedEntity { Uscc = e.Uscc, TaskIds = { e.TaskIds } }),
        },
        ClosedOn = Date(v.ClosedOn),
        Summary = v.Summary ?? "",
        Version = v.Version,
    };
}
