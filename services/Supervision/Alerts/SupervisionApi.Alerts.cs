using Grpc.Core;
using Marten;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Supervision.Activity;
using Shuangsuiji.Supervision.Alerts;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Supervision.V1;

namespace Shuangsuiji.Supervision;

public sealed partial class SupervisionApi
{
    private static readonly string[] AlertKinds = [AlertRules.ResultDueSoon, AlertRules.PublicationOverdue, AlertRules.FollowUpOverdue, AlertRules.BelowTarget,
        Coverage.ItemCoverage.ItemUncovered, AlertRules.DrawNotRecorded];

    public override async Task<Proto.ListAlertsResponse> ListAlerts(Proto.ListAlertsRequest r, ServerCallContext call)
    {
        var caller = call.Caller();
        var department = r.DepartmentId.Trim();
        await using var query = store.QuerySession();
        var supervised = Supervised(caller, await query.Query<KeptDepartment>().ToListAsync(call.CancellationToken));
        if (department.Length == 0) OfficeOnly(caller, "read every department's alerts");
        else if (!caller.ActsFor(department) && !supervised(department))
            throw new ForbiddenException($"the alerts of {department} are for that department and the office of its region; {caller.DepartmentId} may not read them",
                $"{department} 的预警仅对本部门和所在地区的领导小组办公室可见；{caller.DepartmentId} 无权查看", Reasons.RecordNotVisible.About(department));
        var kind = r.Kind.Trim();
        if (kind.Length > 0 && !AlertKinds.Contains(kind))
            throw new InvalidFieldException("kind", $"{kind} is not one of {string.Join(", ", AlertKinds)}", $"{kind} 不是 {string.Join("、", AlertKinds)} 之一");

        IQueryable<Alert> alerts = query.Query<Alert>();
        if (department.Length > 0) alerts = alerts.Where(a => a.DepartmentId == department);
        if (kind.Length > 0) alerts = alerts.Where(a => a.Kind == kind);
        if (!r.IncludeCleared) alerts = alerts.Where(a => a.ClearedOn == null);
        // An office reads its region's alerts only.
        var list = (await alerts.ToListAsync(call.CancellationToken)).Where(a => department.Length > 0 || supervised(a.DepartmentId)).ToList();
        return new Proto.ListAlertsResponse
        {
            Alerts =
            {
                list.OrderByDescending(a => a.RaisedOn).ThenBy(a => a.AlertId, StringComparer.Ordinal).Select(a => new Proto.Alert
                {
                    AlertId = a.AlertId, Kind = a.Kind, DepartmentId = a.DepartmentId, Subject = a.Subject, Message = a.Message,
                    RaisedOn = Date(a.RaisedOn), DueOn = Date(a.DueOn), Cleared = a.Cleared, ClearedOn = Date(a.ClearedOn),
                }),
            },
        };
    }
}
