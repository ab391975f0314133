using Grpc.Core;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Results;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Tasks.V1;

namespace Shuangsuiji.Tasks;

public sealed partial class TasksApi
{
    /// <summary>待办's read: the department's open rows of the work table, the open results' deadlines by the calendar as it stands.</summary>
    public override async Task<Proto.ListOpenWorkResponse> ListOpenWork(Proto.ListOpenWorkRequest r, ServerCallContext call)
    {
        var departmentId = Require.Code(r.DepartmentId, "department_id");
        await using (var query = store.QuerySession())
            await MayReadAsync(query, call.Caller(), departmentId, "the open work", call.CancellationToken);
        var rows = await work.OpenOfAsync(db, departmentId, call.CancellationToken);
        return new Proto.ListOpenWorkResponse { Work = { rows.Select(ToProto) } };
    }

    private Proto.OpenWork ToProto(OpenWork.WorkRow w) => new()
    {
        TaskId = w.TaskId,
        Name = w.Name,
        Status = ToProto<InspectionTaskStatus, Proto.TaskStatus>(w.Status),
        Stage = ToProto<DepartmentStage, Proto.DepartmentStage>(w.Stage),
        Leads = w.Leads,
        PartnersJoined = w.PartnersJoined,
        PartnersInvited = w.PartnersInvited,
        PartnersDeclined = w.PartnersDeclined,
        Entities = w.Entities,
        ResultsDraft = w.Results.GetValueOrDefault(ResultStatus.Draft),
        ResultsSubmitted = w.Results.GetValueOrDefault(ResultStatus.Submitted),
        ResultsReturned = w.Results.GetValueOrDefault(ResultStatus.Returned),
        ResultsApproved = w.Results.GetValueOrDefault(ResultStatus.Approved),
        FollowUpsOpen = w.FollowUpsOpen,
        ResultsDue = { DueCounts(w.OpenChecks.GroupBy(c => calendar.Current.ResultsDue(c.Key).On, c => c.Value)) },
        Overdue = { DueCounts(w.Overdue.GroupBy(o => o.Key, o => o.Value)) },
    };

    private static IEnumerable<Proto.DueCount> DueCounts(IEnumerable<IGrouping<DateOnly, int>> days) =>
        days.OrderBy(d => d.Key).Select(d => new Proto.DueCount { DueOn = Date(d.Key), Count = d.Sum() });
}
