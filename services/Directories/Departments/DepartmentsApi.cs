using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Marten;
using JasperFx.Events;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Directories.V1;

namespace Shuangsuiji.Directories.Departments;

/// <summary>The departments API: binds requests, runs the decider against the store, maps the result.</summary>
public sealed class DepartmentsApi(IDocumentStore store, Commands commands) : Proto.Departments.DepartmentsBase
{
    public override async Task<Proto.Department> CreateDepartment(Proto.CreateDepartmentRequest r, ServerCallContext call)
    {
        var command = new CreateDepartment(r.DepartmentId, r.Name, ToLevel(r.Level), r.RegionCode, r.ParentId,
            [.. r.Units.Select(u => new InternalUnit(u.Code, u.Name))], r.Kind == Proto.DepartmentKind.Office ? DepartmentKind.Office : DepartmentKind.Member);
        return ToProto(await commands.Run<Department, Department?>(call, Require.Code(r.DepartmentId, "department_id"), null,
            async (session, _, ct) => r.ParentId is { Length: > 0 } ? await session.LoadAsync<Department>(r.ParentId, ct) : null,
            (state, parent, ctx) => DepartmentDecider.Create(state, parent, command, ctx)));
    }

    public override Task<Proto.Department> RenameDepartment(Proto.RenameDepartmentRequest r, ServerCallContext call) =>
        Change(r.DepartmentId, r.HasExpectedVersion ? r.ExpectedVersion : null, call, (state, ctx) =>
            DepartmentDecider.Rename(state, new RenameDepartment(r.DepartmentId, r.Name, r.Reason, Require.Date(r.EffectiveOn, "effective_on")), ctx));

    public override Task<Proto.Department> AddInternalUnit(Proto.AddInternalUnitRequest r, ServerCallContext call) =>
        Change(r.DepartmentId, r.HasExpectedVersion ? r.ExpectedVersion : null, call, (state, ctx) =>
            DepartmentDecider.AddUnit(state, new AddInternalUnit(r.DepartmentId, new InternalUnit(r.Unit?.Code ?? "", r.Unit?.Name ?? "")), ctx));

    public override Task<Proto.Department> RemoveInternalUnit(Proto.RemoveInternalUnitRequest r, ServerCallContext call) =>
        Change(r.DepartmentId, r.HasExpectedVersion ? r.ExpectedVersion : null, call, (state, ctx) =>
            DepartmentDecider.RemoveUnit(state, new RemoveInternalUnit(r.DepartmentId, r.UnitCode, r.Reason), ctx));

    public override async Task<Proto.Department> RetireDepartment(Proto.RetireDepartmentRequest r, ServerCallContext call)
    {
        var effectiveOn = Require.Date(r.EffectiveOn, "effective_on");
        Department? successor = null;
        if (r.SuccessorId is { Length: > 0 })
        {
            await using var query = store.QuerySession();
            successor = await query.LoadAsync<Department>(r.SuccessorId, call.CancellationToken);
        }
        return await Change(r.DepartmentId, r.HasExpectedVersion ? r.ExpectedVersion : null, call, (state, ctx) =>
            DepartmentDecider.Retire(state, successor, new RetireDepartment(r.DepartmentId, r.Reason, effectiveOn, r.SuccessorId), ctx));
    }

    /// <summary>Both streams in one session: the merged department's and its successor's (at the version read) commit together.</summary>
    public override async Task<Proto.Department> MergeDepartment(Proto.MergeDepartmentRequest r, ServerCallContext call)
    {
        var command = new MergeDepartment(r.DepartmentId, r.IntoId, r.Reason, Require.Date(r.EffectiveOn, "effective_on"));
        return ToProto(await commands.Run<Department, IEventStream<Department>?>(call, Require.Code(r.DepartmentId, "department_id"),
            r.HasExpectedVersion ? r.ExpectedVersion : null,
            async (session, _, ct) => r.IntoId is { Length: > 0 } && r.IntoId != r.DepartmentId ? await session.Events.FetchForWriting<Department>(r.IntoId.Trim(), ct) : null,
            (state, into, ctx) =>
            {
                var (merged, absorbed) = DepartmentDecider.Merge(state, into?.Aggregate, command, ctx);
                into!.AppendMany(absorbed);
                return merged;
            }));
    }

    public override async Task<Proto.LiaisonOfficer> SetLiaisonOfficer(Proto.SetLiaisonOfficerRequest r, ServerCallContext call)
    {
        var officer = new LiaisonOfficer(r.Name, r.Position, r.OfficePhone, r.Mobile, r.Email);
        return ToLiaison(await commands.Run<Department>(call, Require.Code(r.DepartmentId, "department_id"), null,
            (state, ctx) => DepartmentDecider.NameLiaison(state, new NameLiaisonOfficer(r.DepartmentId, officer), ctx)));
    }

    public override async Task<Proto.LiaisonOfficer> GetLiaisonOfficer(Proto.GetLiaisonOfficerRequest r, ServerCallContext call)
    {
        await using var query = store.QuerySession();
        var department = await query.LoadAsync<Department>(Require.Code(r.DepartmentId, "department_id"), call.CancellationToken)
            ?? throw new NotFoundException($"no department {r.DepartmentId}", $"没有部门 {r.DepartmentId}", Reasons.DepartmentNotFound.About(r.DepartmentId));
        DepartmentDecider.RequireLiaisonReader(department, call.Caller());
        return ToLiaison(department);
    }

    private static Proto.LiaisonOfficer ToLiaison(Department d) => d.Liaison is { } o
        ? new() { DepartmentId = d.Id, Name = o.Name, Position = o.Position, OfficePhone = o.OfficePhone, Mobile = o.Mobile, Email = o.Email, UpdatedAt = Timestamp.FromDateTimeOffset(d.UpdatedAt) }
        : new() { DepartmentId = d.Id };

    public override async Task<Proto.Department> GetDepartment(Proto.GetDepartmentRequest r, ServerCallContext call)
    {
        await using var query = store.QuerySession();
        var department = await query.LoadAsync<Department>(Require.Code(r.DepartmentId, "department_id"), call.CancellationToken)
            ?? throw new NotFoundException($"no department {r.DepartmentId}", $"没有部门 {r.DepartmentId}", Reasons.DepartmentNotFound.About(r.DepartmentId));
        return ToProto(department);
    }

    public override async Task<Proto.ListDepartmentsResponse> ListDepartments(Proto.ListDepartmentsRequest r, ServerCallContext call)
    {
        await using var query = store.QuerySession();
        IQueryable<Department> departments = query.Query<Department>();
        if (!r.IncludeRetired) departments = departments.Where(d => !d.Retired);
        if (r.ParentId is { Length: > 0 }) departments = departments.Where(d => d.ParentId == r.ParentId);
        if (ToLevel(r.Level) is { } level) departments = departments.Where(d => d.Level == level);
        var list = await departments.OrderBy(d => d.Id).ToListAsync(call.CancellationToken);
        return new Proto.ListDepartmentsResponse { Departments = { list.Select(ToProto) } };
    }

    private async Task<Proto.Department> Change(
        string departmentId, long? expectedVersion, ServerCallContext call, Func<Department?, CommandContext, IReadOnlyList<object>> decide) =>
        ToProto(await commands.Run(call, Require.Code(departmentId, "department_id"), expectedVersion, decide));

    private static DepartmentLevel? ToLevel(Proto.DepartmentLevel level) => level switch
    {
        Proto.DepartmentLevel.Province => DepartmentLevel.Province,
        Proto.DepartmentLevel.City => DepartmentLevel.City,
        Proto.DepartmentLevel.County => DepartmentLevel.County,
        _ => null,
    };

    public static Proto.Department ToProto(Department d) => new()
    {
        DepartmentId = d.Id,
        Name = d.Name,
        Level = d.Level switch
        {
            DepartmentLevel.Province => Proto.DepartmentLevel.Province,
            DepartmentLevel.City => Proto.DepartmentLevel.City,
            _ => Proto.DepartmentLevel.County,
        },
        RegionCode = d.RegionCode,
        Kind = d.Kind == DepartmentKind.Office ? Proto.DepartmentKind.Office : Proto.DepartmentKind.Member,
        ParentId = d.ParentId ?? "",
        Units = { d.Units.Select(u => new Proto.InternalUnit { Code = u.Code, Name = u.Name }) },
        Retired = d.Retired,
        SuccessorId = d.SuccessorId ?? "",
        Merged = d.Merged,
        AbsorbedIds = { d.AbsorbedIds },
        Version = d.Version,
        UpdatedAt = Timestamp.FromDateTimeOffset(d.UpdatedAt),
    };
}
