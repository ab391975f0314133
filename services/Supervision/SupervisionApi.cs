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
/// (role supervisor) reads everything in its region — the city office (市双随机办) the whole city, a county's office
/// (县区双随机办) its county only; a department reads its own figures, reports and alerts and its region's.
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
        MayRead(caller, scope, departments);
        return (await YearActivities.LoadAsync(query, year, departments, call.CancellationToken), scope);
    }

    private static void MayRead(Caller caller, Scope scope, IReadOnlyList<KeptDepartment> departments)
    {
        if (caller.IsSupervisor() ? !scope.DepartmentIds.All(Supervised(caller, departments)) : !scope.Includes(caller.DepartmentId))
            throw new ForbiddenException($"the figures of {scope.Name} are for its departments and the office of its region; {caller.DepartmentId} may not read them",
                $"{scope.Name}的统计数据仅对其所属部门和所在地区的领导小组办公室可见；{caller.DepartmentId} 无权查看", Reasons.RecordNotVisible.About(scope.Subject));
    }

    /// <summary>
    /// Which departments an office's supervisor oversees: those whose division lies within the office's (the city office's
    /// 130300 holds the city's departments and every county's; a county office's 130302 its county's). A supervisor of a
    /// department this service does not know as one oversees none.
    /// </summary>
    private static Func<string, bool> Supervised(Caller caller, IReadOnlyList<KeptDepartment> departments)
    {
        if (!caller.IsSupervisor() || departments.FirstOrDefault(d => d.Id == caller.DepartmentId) is not { } office) return _ => false;
        var regions = departments.ToDictionary(d => d.Id, d => d.RegionCode);
        return id => id.StartsWith(Scope.RegionPrefix, StringComparison.Ordinal)
            ? Regions.Within(id[Scope.RegionPrefix.Length..], office.RegionCode)
            : regions.TryGetValue(id, out var region) && Regions.Within(region, office.RegionCode);
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
