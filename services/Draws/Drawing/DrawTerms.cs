using Google.Rpc;
using Grpc.Core;
using Shuangsuiji.Draws.Candidates;
using Shuangsuiji.Kernel;
using TasksProto = Shuangsuiji.Api.Tasks.V1;

namespace Shuangsuiji.Draws.Drawing;

/// <summary>How many entities of a credit risk class the task's plan asks for: a percentage or a count.</summary>
public sealed record RiskQuota(string RiskClass, decimal? Percent, int? Count);

/// <summary>
/// What an approved task allows a draw to be: its inspecting departments (the lead first) with their items, its scope
/// and its risk quotas, and where the task stands (a first draw needs its partners confirmed; a re-draw replaces the
/// task's draw before any department has matched inspectors to it).
/// </summary>
public sealed record TaskTerms(string TaskId, bool PartnersConfirmed, bool Drawn, string? DrawId, bool Matched,
    IReadOnlyList<(string DepartmentId, IReadOnlyList<string> Items)> Departments, CandidateScope Scope, IReadOnlyList<RiskQuota> Quotas);

/// <summary>A return visit (回访) as planned: its office, the closed tasks it samples, whether it is waiting for its draw.</summary>
public sealed record VisitTerms(string VisitId, string OfficeId, IReadOnlyList<string> TaskIds, bool Planned, bool Drawn, string? DrawId, bool Visited);

/// <summary>The tasks service's word on a task or return visit, asked with the caller's own token (it sees what the caller may).</summary>
public interface IDrawTerms
{
    Task<TaskTerms> TaskAsync(string taskId, ServerCallContext call);

    Task<VisitTerms> VisitAsync(string visitId, ServerCallContext call);
}

/// <summary>Reads the terms from the tasks service over gRPC (Services:Tasks), forwarding the caller's token.</summary>
public sealed class TasksServiceTerms(TasksProto.Tasks.TasksClient tasks) : IDrawTerms
{
    public async Task<TaskTerms> TaskAsync(string taskId, ServerCallContext call)
    {
        var t = await Ask(() => tasks.GetTaskAsync(new TasksProto.GetTaskRequest { TaskId = taskId }, Forwarded(call)).ResponseAsync, "task_id", taskId,
            $"task {taskId}", $"任务 {taskId}");
        var inspecting = t.Departments.Where(d => d.Stage >= TasksProto.DepartmentStage.Joined).ToList();
        return new TaskTerms(t.TaskId, t.Status == TasksProto.TaskStatus.PartnersConfirmed, t.Status == TasksProto.TaskStatus.Drawn,
            t.DrawId is { Length: > 0 } d ? d : null, inspecting.Any(x => x.Stage >= TasksProto.DepartmentStage.Matched),
            [.. inspecting.Select(x => (x.DepartmentId, (IReadOnlyList<string>)[.. x.Items]))],
            new CandidateScope([.. t.Scope.Divisions], [.. t.Scope.Industries], [.. t.Scope.EntityTypes], [.. t.Scope.Tags], [.. t.Scope.SubLibraries]),
            [.. t.Quotas.Select(q => new RiskQuota(q.RiskClass.Trim().ToUpperInvariant(),
                q.SizeCase == TasksProto.RiskQuota.SizeOneofCase.Percent ? (decimal)q.Percent : null,
                q.SizeCase == TasksProto.RiskQuota.SizeOneofCase.Count ? q.Count : null))]);
    }

    public async Task<VisitTerms> VisitAsync(string visitId, ServerCallContext call)
    {
        var v = await Ask(() => tasks.GetReturnVisitAsync(new TasksProto.GetReturnVisitRequest { VisitId = visitId }, Forwarded(call)).ResponseAsync,
            "task_id", visitId, $"return visit {visitId}", $"回访 {visitId}");
        return new VisitTerms(v.VisitId, v.OfficeId, [.. v.TaskIds], v.Status == TasksProto.ReturnVisitStatus.Planned,
            v.Status == TasksProto.ReturnVisitStatus.Drawn, v.DrawId is { Length: > 0 } d ? d : null, v.Entities.Any(e => e.VisitedOn.Length > 0));
    }

    private static CallOptions Forwarded(ServerCallContext call)
    {
        var headers = new Metadata();
        if (call.RequestHeaders.GetValue("authorization") is { } token) headers.Add("authorization", token);
        return new CallOptions(headers, deadline: call.Deadline < DateTime.MaxValue ? call.Deadline : DateTime.UtcNow.AddSeconds(30),
            cancellationToken: call.CancellationToken);
    }

    /// <summary>The tasks service's refusals become the draw's: what it does not know or lets the caller see is no task to draw for.</summary>
    private static async Task<T> Ask<T>(Func<Task<T>> call, string field, string id, string what, string chinese)
    {
        try
        {
            return await call();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            throw new InvalidFieldException(field, $"the tasks service has no {what}", $"任务服务中没有{chinese}", Reasons.UnknownReference);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.PermissionDenied)
        {
            throw new ForbiddenException($"{what}: {e.Status.Detail}",
                $"{chinese}：{e.GetRpcStatus()?.GetDetail<LocalizedMessage>()?.Message ?? "无权查看"}", Reasons.RecordNotVisible.About(id));
        }
    }
}
