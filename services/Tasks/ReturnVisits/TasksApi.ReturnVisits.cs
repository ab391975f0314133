using Grpc.Core;
using Marten;
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
                await DepartmentTrees.LoadAsync(session, ct)),
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

    /// <summary>
    /// What the planning page offers: the closed tasks of the year whose every department the caller's office supervises,
    /// as <see cref="ReturnVisitDecider.Plan"/> will accept them.
    /// </summary>
    public override async Task<Proto.ListVisitableTasksResponse> ListVisitableTasks(Proto.ListVisitableTasksRequest r, ServerCallContext call)
    {
        var caller = call.Caller();
        Permit.Office(caller, Require.Code(r.OfficeId, "office_id"), "list the tasks its return visits may sample");
        if (r.Year is < 2000 or > 2100)
            throw new InvalidFieldException("year", $"{r.Year} is not a year of the platform", $"{r.Year} 不是有效的年度", Reasons.FieldOutOfRange);
        if (r.Month is < 0 or > 12)
            throw new InvalidFieldException("month", $"{r.Month} is not a month (1-12, or 0 for the year)", $"{r.Month} 不是月份（1–12，全年为 0）", Reasons.FieldOutOfRange);
        var (from, to) = r.Month == 0 ? (new DateOnly(r.Year, 1, 1), new DateOnly(r.Year, 12, 31))
            : (new DateOnly(r.Year, r.Month, 1), new DateOnly(r.Year, r.Month, 1).AddMonths(1).AddDays(-1));
        var department = r.DepartmentId.Trim();
        await using var query = store.QuerySession();
        var tree = await DepartmentTrees.LoadAsync(query, call.CancellationToken);
        var closed = await query.Query<InspectionTask>().Where(t => t.Status == InspectionTaskStatus.Closed).ToListAsync(call.CancellationToken);
        var visitable = closed
            .Where(t => t.ClosedOn is { } on && on >= from && on <= to && t.Departments.All(d => tree.Supervises(caller, d.DepartmentId))
                && (department.Length == 0 || t.Inspecting.Any(d => d.DepartmentId == department)))
            .OrderByDescending(t => t.ClosedOn).ThenBy(t => t.TaskId, StringComparer.Ordinal);
        return new Proto.ListVisitableTasksResponse
        {
            Tasks =
            {
                visitable.Select(t => new Proto.VisitableTask
                {
                    TaskId = t.TaskId, Name = t.Name, DepartmentIds = { t.Inspecting.Select(d => d.DepartmentId) }, ClosedOn = Date(t.ClosedOn), EntityCount = t.Entities.Count,
                }),
            },
        };
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
