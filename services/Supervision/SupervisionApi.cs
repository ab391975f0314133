using Grpc.Core;
using Marten;
using Shuangsuiji.ServiceDefaults.Calendar;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Supervision.Activity;
using Shuangsuiji.Supervision.Targets;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Supervision.V1;

namespace Shuangsuiji.Supervision;

/// <summary>
/// The supervision API, one partial class per feature folder (Targets/, Reports/, Alerts/, Training/). The office
/// (role supervisor) reads everything; a department reads its own figures, reports and alerts and its region's.
/// </summary>
public sealed partial class SupervisionApi(IDocumentStore store, Commands commands, TimeProvider clock, LiveCalendar calendar) : Proto.Supervision.SupervisionBase
{
    /// <summary>The year's activity and the subject's scope within it, loaded once the caller may read the subject.</summary>
    private async Task<(YearActivity Activity, Scope Scope)> ReadAsync(string subject, int year, ServerCallContext call)
    {
        var caller = call.Caller();
        await using var query = store.QuerySession();
        var departments = await query.Query<KeptDepartment>().ToListAsync(call.CancellationToken);
        var scope = Scope.Resolve(subject, departments);
        MayRead(caller, scope);
        return (await YearActivity.LoadAsync(query, year, departments, call.CancellationToken), scope);
    }

    private static void MayRead(Caller caller, Scope scope)
    {
        if (!caller.IsSupervisor() && !scope.Includes(caller.DepartmentId))
            throw new ForbiddenException($"the figures of {scope.Name} are for its departments and the supervising office; {caller.DepartmentId} may not read them",
                $"{scope.Name}的统计数据仅对其所属部门和领导小组办公室可见；{caller.DepartmentId} 无权查看", Reasons.RecordNotVisible.About(scope.Subject));
    }

    private static void OfficeOnly(Caller caller, string what)
    {
        if (!caller.IsSupervisor())
            throw new ForbiddenException($"only the supervising office may {what}; {caller.DepartmentId} ({caller.Role}) may not",
                $"只有领导小组办公室可以执行此操作；{caller.DepartmentId}（{caller.Role}）无权执行", Reasons.OfficeOnly.About(null));
    }

    private Task<TState> Change<TState>(string streamId, ServerCallContext call, Func<TState?, CommandContext, IReadOnlyList<object>> decide)
        where TState : class, IAggregate<TState> =>
        commands.Run(call, streamId, null, decide);

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd") ?? "";
}
