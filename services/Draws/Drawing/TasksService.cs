using Google.Rpc;
using Grpc.Core;
using Shuangsuiji.Draws.Candidates;
using Shuangsuiji.Kernel;
using Shuangsuiji.ServiceDefaults.Grpc;
using Proto = Shuangsuiji.Api.Draws.V1;
using TasksProto = Shuangsuiji.Api.Tasks.V1;

namespace Shuangsuiji.Draws.Drawing;

/// <summary>How many entities of a credit risk class the task's plan asks for: a percentage or a count.</summary>
public sealed record RiskQuota(string RiskClass, decimal? Percent, int? Count);

/// <summary>What the task (or return visit) allows a draw to be: its departments (the lead first), items and scope, and the task's risk quotas.</summary>
public sealed record DrawTerms(IReadOnlyList<string> Departments, IReadOnlyList<string> Items, CandidateScope Scope, IReadOnlyList<RiskQuota> Quotas);

/// <summary>
/// The tasks service, which runs the tasks' workflow, asked with the caller's own token (it answers what the caller may
/// see): what a task allows its draw to be, and whether a department has entered its result for an entity.
/// </summary>
public interface ITasksService
{
    Task<DrawTerms> TermsAsync(Proto.PrepareDrawRequest request, ServerCallContext call);

    Task<bool> ResultEnteredAsync(string taskId, string departmentId, string uscc, ServerCallContext call);
}

/// <summary>Asks the tasks service over gRPC (Services:Tasks), forwarding the caller's token.</summary>
public sealed class TasksServiceClient(TasksProto.Tasks.TasksClient tasks) : ITasksService
{
    public async Task<DrawTerms> TermsAsync(Proto.PrepareDrawRequest request, ServerCallContext call)
    {
        var visit = request.SampledTaskIds.Count > 0;
        var terms = await Ask(() => tasks.CheckDrawAsync(request, call.Onward()).ResponseAsync, "task_id", request.TaskId,
            visit ? $"return visit {request.TaskId}" : $"task {request.TaskId}", visit ? $"回访 {request.TaskId}" : $"任务 {request.TaskId}");
        return new DrawTerms([.. terms.DepartmentIds], [.. terms.ItemIds],
            new CandidateScope([.. terms.Scope.Divisions], [.. terms.Scope.Industries], [.. terms.Scope.EntityTypes], [.. terms.Scope.Tags], [.. terms.Scope.SubLibraries]),
            [.. terms.Quotas.Select(q => new RiskQuota(q.RiskClass,
                q.SizeCase == TasksProto.RiskQuota.SizeOneofCase.Percent ? (decimal)q.Percent : null,
                q.SizeCase == TasksProto.RiskQuota.SizeOneofCase.Count ? q.Count : null))]);
    }

    /// <summary>Entered: submitted, returned for correction or approved. An entity not (yet) on the task's recorded draw has no result.</summary>
    public async Task<bool> ResultEnteredAsync(string taskId, string departmentId, string uscc, ServerCallContext call)
    {
        try
        {
            var record = await Ask(() => tasks.GetCheckRecordAsync(new TasksProto.GetCheckRecordRequest { TaskId = taskId, Uscc = uscc }, call.Onward()).ResponseAsync,
                "task_id", taskId, $"task {taskId}", $"任务 {taskId}");
            return record.Departments.FirstOrDefault(d => d.DepartmentId == departmentId)?.ResultStatus
                is TasksProto.ResultStatus.Submitted or TasksProto.ResultStatus.Returned or TasksProto.ResultStatus.Approved;
        }
        catch (Exception e) when (e is InvalidFieldException || e is RpcException { StatusCode: StatusCode.InvalidArgument })
        {
            return false;
        }
    }

    /// <summary>
    /// The tasks service's refusals become the draw's: what it does not know or lets the caller see is no task to draw
    /// for; what does not fit is refused as it says, naming the field, with its details (the tasks service's reason).
    /// </summary>
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
