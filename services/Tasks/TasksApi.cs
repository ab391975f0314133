using Grpc.Core;
using Marten;
using Npgsql;
using Shuangsuiji.ServiceDefaults.Calendar;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.Tasks.Departments;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Tasks.V1;

namespace Shuangsuiji.Tasks;

/// <summary>
/// The tasks API, one partial class per feature folder (Plans/, InspectionTasks/, Draws/, Results/, Forms/, ReturnVisits/, Dispatches/).
/// Each command binds the request, runs the decider against the store with the caller's expected version, and maps the
/// result; a task's draw is asked of the draw engine (<paramref name="engine"/>); 待办 reads the open work table (<paramref name="work"/>).
/// </summary>
public sealed partial class TasksApi(IDocumentStore store, Commands commands, TaskSnapshots snapshots, LiveCalendar calendar,
    Api.Draws.V1.Draws.DrawsClient engine, NpgsqlDataSource db, OpenWork.WorkTable work, TimeProvider clock) : Proto.Tasks.TasksBase
{
    private Task<TState> Change<TState>(
        string streamId, long? expectedVersion, ServerCallContext call, Func<TState?, CommandContext, IReadOnlyList<object>> decide)
        where TState : class, IAggregate<TState> =>
        commands.Run(call, streamId, expectedVersion, decide);

    /// <summary>
    /// Reads a department's records: its own people, the departments above it in the same system (本系统, read-only) and the
    /// office of its region (<see cref="DepartmentTree"/>).
    /// </summary>
    private static async Task MayReadAsync(IQuerySession query, Caller caller, string departmentId, string what, CancellationToken ct)
    {
        if (!await ReadsAsync(query, caller, [departmentId], ct))
            throw new ForbiddenException($"{what} of {departmentId} are for that department, the departments above it and the office of its region; {caller.DepartmentId} may not read them",
                $"{departmentId} 的这些记录仅对本部门、本系统上级部门和所在地区的领导小组办公室可见；{caller.DepartmentId} 无权查看", Reasons.RecordNotVisible.About(departmentId));
    }

    /// <summary>Whether the caller reads the records of one of the departments; the department tree is read only when the caller is none of them.</summary>
    private static async Task<bool> ReadsAsync(IQuerySession query, Caller caller, IEnumerable<string> departmentIds, CancellationToken ct)
    {
        var ids = departmentIds.ToList();
        if (ids.Any(caller.ActsFor)) return true;
        var tree = await DepartmentTrees.LoadAsync(query, ct);
        return ids.Any(id => tree.MayRead(caller, id));
    }

    private static long? Expected(bool given, long version) => given ? version : null;

    /// <summary>The proto enumerations list the domain's values in the same order, after UNSPECIFIED = 0.</summary>
    private static TProto ToProto<TDomain, TProto>(TDomain value) where TDomain : struct, Enum where TProto : struct, Enum =>
        (TProto)Enum.ToObject(typeof(TProto), Convert.ToInt32(value) + 1);

    private static TDomain FromProto<TDomain>(Enum value, string field) where TDomain : struct, Enum
    {
        var number = Convert.ToInt32(value) - 1;
        return number >= 0 && Enum.IsDefined(typeof(TDomain), number)
            ? (TDomain)Enum.ToObject(typeof(TDomain), number)
            : throw new InvalidFieldException(field, number < 0 ? "is required" : $"{value} is not a known value", number < 0 ? "必填" : $"{value} 不是可识别的取值",
                number < 0 ? Reasons.FieldRequired : Reasons.FieldInvalid);
    }

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd") ?? "";
}
