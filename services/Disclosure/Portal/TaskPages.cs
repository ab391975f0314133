using Microsoft.AspNetCore.Http.HttpResults;
using Proto = Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Disclosure.Portal;

/// <summary>The portal's pages of task announcements (抽查任务公示), their draws and results.</summary>
public static class TaskPages
{
    private const int PageSize = 20;

    // A task's page lists its first thousand results; beyond that it points to the departments' searches.
    private const int ResultsScanPages = 5;
    private const int ResultsScanPageSize = 200;

    public static async Task<RazorComponentResult> List(HttpContext http, string departmentId, string? page)
    {
        var (api, call) = PortalEndpoints.Records(http);
        var names = await RecordNames.LoadAsync(api, call);
        var department = names.Require(departmentId);
        var tasks = await api.ListTasks(new Proto.ListPublicTasksRequest { DepartmentId = departmentId, PageSize = PageSize, PageToken = page ?? "" }, call);
        return PortalEndpoints.Page<TasksPage>(new { Department = department, Tasks = tasks, Names = names });
    }

    /// <summary>A task's announcement, its draw with how to replay it, and its published results.</summary>
    public static async Task<RazorComponentResult> Announcement(HttpContext http, string taskId)
    {
        var (api, call) = PortalEndpoints.Records(http);
        var task = await api.GetTask(new Proto.GetPublicTaskRequest { TaskId = taskId }, call);
        var names = await RecordNames.LoadAsync(api, call);
        await names.LoadItemsAsync(task.Departments.SelectMany(d => d.Items));
        var (results, complete) = await ResultsOf(api, call, task);
        return PortalEndpoints.Page<TaskPage>(new { Task = task, Names = names, Results = results, Complete = complete });
    }

    /// <summary>The task's published results (the first pages), and whether that is all of them.</summary>
    private static async Task<(List<Proto.PublicResult> Results, bool Complete)> ResultsOf(PublicRecordsApi api, Grpc.Core.ServerCallContext call, Proto.PublicTask task)
    {
        var results = new List<Proto.PublicResult>();
        var token = "";
        for (var page = 0; page < ResultsScanPages; page++)
        {
            var found = await api.SearchResults(new Proto.SearchPublicResultsRequest { TaskId = task.TaskId, PageSize = ResultsScanPageSize, PageToken = token }, call);
            results.AddRange(found.Results);
            token = found.NextPageToken;
            if (token.Length == 0) return (results, true);
        }
        return (results, false);
    }
}
