using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Marten;
using Shuangsuiji.Disclosure.Results;
using Shuangsuiji.Disclosure.Tasks;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Disclosure;

public sealed partial class PublicRecordsApi
{
    public override async Task<Proto.ListPublicTasksResponse> ListTasks(Proto.ListPublicTasksRequest r, ServerCallContext call)
    {
        var departmentId = Require.Code(r.DepartmentId, "department_id");
        var (offset, size) = Page(r.PageSize, r.PageToken);
        await using var query = store.QuerySession();
        var tasks = query.Query<PublicTask>().Where(t => t.Departments.Any(d => d.DepartmentId == departmentId));
        var total = await tasks.CountAsync(call.CancellationToken);
        var page = await tasks.OrderByDescending(t => t.CheckFrom).ThenBy(t => t.TaskId).Skip(offset).Take(size).ToListAsync(call.CancellationToken);
        var published = await PublishedCountsAsync(query, page, call.CancellationToken);
        return new Proto.ListPublicTasksResponse
        {
            Tasks = { page.Select(t => ToProto(t, published.GetValueOrDefault(t.TaskId))) }, NextPageToken = NextToken(offset, size, total), Total = total,
        };
    }

    public override async Task<Proto.PublicTask> GetTask(Proto.GetPublicTaskRequest r, ServerCallContext call)
    {
        var taskId = Require.Code(r.TaskId, "task_id");
        await using var query = store.QuerySession();
        var task = await query.LoadAsync<PublicTask>(PublicTask.StreamId(taskId), call.CancellationToken)
            ?? throw new NotFoundException($"no announced task {taskId}", $"没有已公告的任务 {taskId}", DisclosureReasons.PublicTaskNotFound.About(taskId));
        return ToProto(task, (await PublishedCountsAsync(query, [task], call.CancellationToken)).GetValueOrDefault(taskId));
    }

    /// <summary>
    /// How many of each task's entities (户) have their results public: in a joint task, an entity counts once every
    /// department of the task has published its part (谁检查、谁公开), so the figure never passes the entities drawn.
    /// </summary>
    private static async Task<Dictionary<string, int>> PublishedCountsAsync(IQuerySession query, IReadOnlyCollection<PublicTask> tasks, CancellationToken ct)
    {
        var ids = tasks.Select(t => t.TaskId).ToArray();
        var results = await query.Query<PublicResult>().Where(x => ids.Contains(x.TaskId) && x.Result != null)
            .Select(x => new { x.TaskId, x.Uscc, x.DepartmentId }).ToListAsync(ct);
        var departments = tasks.ToDictionary(t => t.TaskId, t => t.Departments.Count);
        return results.GroupBy(r => (r.TaskId, r.Uscc))
            .Where(e => e.Select(r => r.DepartmentId).Distinct().Count() >= departments[e.Key.TaskId])
            .CountBy(e => e.Key.TaskId).ToDictionary();
    }

    private static Proto.PublicTask ToProto(PublicTask t, int published) => new()
    {
        TaskId = t.TaskId, Name = t.Name,
        Departments = { t.Departments.Select(d => new Proto.PublicTaskDepartment { DepartmentId = d.DepartmentId, Items = { d.Items } }) },
        Scope = ToProto(t.Scope), EntityCount = t.EntityCount, CheckFrom = Date(t.CheckFrom), CheckTo = Date(t.CheckTo), ResultsDueOn = Date(t.ResultsDueOn),
        ResultsDueOnProvisional = t.ResultsDueOnProvisional,
        DrawId = t.DrawId, DrawRecordPath = $"/v1/public/draws/{t.DrawId}/record", PlanId = t.PlanId ?? "", PlanTaskCode = t.PlanTaskCode ?? "",
        AnnouncedAt = Timestamp.FromDateTimeOffset(t.AnnouncedAt), DrawIds = { t.DrawIds }, ResultsPublished = published,
    };
}
