using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Marten;
using Shuangsuiji.Directories.Entities;
using Shuangsuiji.Directories.Tags;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Directories.V1;

namespace Shuangsuiji.Directories.Inspectors;

/// <summary>The inspector directory API. Reads are for the inspector's own department and the supervising office; personal data for the department only.</summary>
public sealed class InspectorsApi(IDocumentStore store, EntityQueries entities, Commands commands) : Proto.Inspectors.InspectorsBase
{
    public override async Task<Proto.Inspector> SaveInspector(Proto.SaveInspectorRequest r, ServerCallContext call)
    {
        var departmentId = Require.Code(r.DepartmentId, "department_id");
        var inspector = await commands.Run<Inspector, (TagCatalog Tags, HashSet<string> Known)>(call,
            Inspector.StreamId(departmentId, Require.Code(r.InspectorId, "inspector_id")), null,
            async (session, ctx, ct) =>
            {
                InspectorDecider.Keeper(departmentId, ctx); // before reading the tags and the entities
                return (await TagCatalogs.LoadAsync(session, ct), await KnownEntitiesAsync(r.Conflicts, ct));
            },
            (current, read, ctx) => InspectorDecider.Upsert(current, departmentId, new InspectorInput(r.InspectorId, r.Name, r.Unit, r.CertificateNo,
                r.CertificateValidFrom, r.CertificateValidTo, r.Region, [.. r.Specialties], current is null ? null : Names.Of(current.Status), r.IdNumber,
                r.Phone, [.. r.Conflicts]), read.Tags, read.Known.Contains, "saved by the department", ctx));
        return ToProto(inspector, call.Caller());
    }

    public override Task<Proto.Inspector> ChangeInspectorStatus(Proto.ChangeInspectorStatusRequest r, ServerCallContext call)
    {
        var effectiveOn = Require.Date(r.EffectiveOn, "effective_on");
        InspectorStatus? status = r.Status switch
        {
            Proto.InspectorStatus.Active => InspectorStatus.Active,
            Proto.InspectorStatus.OnLeave => InspectorStatus.OnLeave,
            Proto.InspectorStatus.Transferred => InspectorStatus.Transferred,
            Proto.InspectorStatus.Retired => InspectorStatus.Retired,
            _ => null,
        };
        return Change(r.DepartmentId, r.InspectorId, call, (current, ctx) => InspectorDecider.ChangeStatus(current, status, r.Reason, effectiveOn, ctx));
    }

    public override async Task<Proto.Inspector> DeclareConflict(Proto.ConflictRequest r, ServerCallContext call)
    {
        var known = await KnownEntitiesAsync([r.Uscc], call.CancellationToken);
        return await Change(r.DepartmentId, r.InspectorId, call, (current, ctx) => InspectorDecider.DeclareConflict(current, r.Uscc, r.Reason, known.Contains, ctx));
    }

    public override Task<Proto.Inspector> WithdrawConflict(Proto.ConflictRequest r, ServerCallContext call) =>
        Change(r.DepartmentId, r.InspectorId, call, (current, ctx) => InspectorDecider.WithdrawConflict(current, r.Uscc, r.Reason, ctx));

    public override async Task<Proto.Inspector> GetInspector(Proto.GetInspectorRequest r, ServerCallContext call)
    {
        var caller = Reader(r.DepartmentId, call);
        await using var query = store.QuerySession();
        var inspector = await query.LoadAsync<Inspector>(Inspector.StreamId(r.DepartmentId, Require.Code(r.InspectorId, "inspector_id")), call.CancellationToken)
            ?? throw new NotFoundException($"no inspector {r.InspectorId} in {r.DepartmentId}", $"{r.DepartmentId} 没有检查人员 {r.InspectorId}",
                DirectoriesReasons.InspectorNotFound.About(r.DepartmentId, r.InspectorId));
        return ToProto(inspector, caller);
    }

    public override async Task<Proto.ListInspectorsResponse> ListInspectors(Proto.ListInspectorsRequest r, ServerCallContext call)
    {
        var caller = Reader(r.DepartmentId, call);
        await using var query = store.QuerySession();
        var inspectors = await query.Query<Inspector>().Where(i => i.DepartmentId == r.DepartmentId).OrderBy(i => i.InspectorId).ToListAsync(call.CancellationToken);
        return new Proto.ListInspectorsResponse
        {
            Inspectors =
            {
                inspectors.Where(i => r.IncludeInactive || i.Status == InspectorStatus.Active)
                    .Where(i => r.Specialty is not { Length: > 0 } || i.Specialties.Contains(r.Specialty))
                    .Select(i => ToProto(i, caller)),
            },
        };
    }

    private async Task<Proto.Inspector> Change(string departmentId, string inspectorId, ServerCallContext call,
        Func<Inspector?, CommandContext, IReadOnlyList<object>> decide) =>
        ToProto(await commands.Run(call, Inspector.StreamId(Require.Code(departmentId, "department_id"), Require.Code(inspectorId, "inspector_id")), null, decide),
            call.Caller());

    private async Task<HashSet<string>> KnownEntitiesAsync(IEnumerable<string> usccs, CancellationToken ct) =>
        [.. await entities.ExistingAsync([.. usccs.Select(u => u.Trim())], ct)];

    private static Caller Reader(string departmentId, ServerCallContext call)
    {
        var caller = call.Caller();
        if (!caller.ActsFor(departmentId) && !caller.IsSupervisor())
            throw new ForbiddenException($"the inspectors of {departmentId} are for that department and the supervising office",
                $"{departmentId} 的检查人员仅对本部门和领导小组办公室可见", Reasons.RecordNotVisible.About(departmentId));
        return caller;
    }

    private static Proto.Inspector ToProto(Inspector i, Caller reader)
    {
        var proto = new Proto.Inspector
        {
            InspectorId = i.InspectorId,
            DepartmentId = i.DepartmentId,
            Name = i.Profile.Name,
            Unit = i.Profile.Unit ?? "",
            CertificateNo = i.Profile.Certificate.Number,
            CertificateValidFrom = i.Profile.Certificate.ValidFrom.ToString("yyyy-MM-dd"),
            CertificateValidTo = i.Profile.Certificate.ValidTo.ToString("yyyy-MM-dd"),
            Region = i.Profile.Region,
            Status = i.Status switch
            {
                InspectorStatus.Active => Proto.InspectorStatus.Active,
                InspectorStatus.OnLeave => Proto.InspectorStatus.OnLeave,
                InspectorStatus.Transferred => Proto.InspectorStatus.Transferred,
                _ => Proto.InspectorStatus.Retired,
            },
            Specialties = { i.Specialties },
            Conflicts = { i.Conflicts },
            Version = i.Version,
            UpdatedAt = Timestamp.FromDateTimeOffset(i.UpdatedAt),
        };
        // Personal data only for the inspector's own department (docs/domain.md, public and private): not even the supervising office.
        if (reader.ActsFor(i.DepartmentId))
        {
            proto.IdNumber = i.Personal.IdNumber ?? "";
            proto.Phone = i.Personal.Phone ?? "";
        }
        return proto;
    }
}
