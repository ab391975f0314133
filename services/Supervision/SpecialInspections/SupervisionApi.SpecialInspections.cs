using Grpc.Core;
using Marten;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Supervision.Activity;
using Shuangsuiji.Supervision.SpecialInspections;
using Shuangsuiji.Supervision.Targets;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Supervision.V1;

namespace Shuangsuiji.Supervision;

public sealed partial class SupervisionApi
{
    public override async Task<Proto.SpecialInspection> OpenSpecialInspection(Proto.OpenSpecialInspectionRequest r, ServerCallContext call)
    {
        var id = Require.Code(r.InspectionId, "inspection_id");
        var command = new SpecialInspectionDecider.Open(id, r.Subject, Require.Date(r.From, "from"), Require.Date(r.To, "to"),
            [.. r.DepartmentIds.Select(d => d.Trim()).Where(d => d.Length > 0)], r.RegionCode.Trim() is { Length: > 0 } region ? region : null);
        var caller = call.Caller();
        await using var query = store.QuerySession();
        var departments = (await query.Query<KeptDepartment>().ToListAsync(call.CancellationToken)).Where(d => !d.Retired).ToList();
        var supervised = Supervised(caller, departments);
        IReadOnlyList<string>? RegionDepartments(string code) => supervised(Scope.RegionPrefix + code)
            ? [.. departments.Where(d => Regions.Within(d.RegionCode, code) && d.Id != caller.DepartmentId).Select(d => d.Id).Order(StringComparer.Ordinal)]
            : null;
        return ToProto(await Change<SpecialInspection>(SpecialInspection.StreamId(id), call,
            (current, ctx) => SpecialInspectionDecider.OpenInspection(current, command, supervised, RegionDepartments, ctx)));
    }

    public override async Task<Proto.SpecialInspection> RecordFinding(Proto.RecordFindingRequest r, ServerCallContext call)
    {
        var rectifyBy = Require.Date(r.RectifyBy, "rectify_by");
        return ToProto(await Change<SpecialInspection>(InspectionStream(r.InspectionId), call,
            (current, ctx) => SpecialInspectionDecider.RecordFinding(current, r.DepartmentId.Trim(), r.Found, r.Rectification, rectifyBy, ctx)));
    }

    public override async Task<Proto.SpecialInspection> CloseSpecialInspection(Proto.CloseSpecialInspectionRequest r, ServerCallContext call) =>
        ToProto(await Change<SpecialInspection>(InspectionStream(r.InspectionId), call, SpecialInspectionDecider.Close));

    public override async Task<Proto.SpecialInspection> DraftCircular(Proto.DraftCircularRequest r, ServerCallContext call)
    {
        var circularId = r.CircularId.Trim() is { Length: > 0 } given ? Require.Code(given, "circular_id") : null;
        var corrects = r.Corrects.Trim() is { Length: > 0 } c ? c : null;
        return ToProto(await Change<SpecialInspection>(InspectionStream(r.InspectionId), call,
            (current, ctx) => SpecialInspectionDecider.Draft(current, circularId, r.Title, r.Text, [.. r.FindingIds.Select(f => f.Trim())], corrects, ctx)));
    }

    public override async Task<Proto.SpecialInspection> PublishCircular(Proto.PublishCircularRequest r, ServerCallContext call)
    {
        var circularId = Require.Code(r.CircularId, "circular_id");
        return ToProto(await Change<SpecialInspection>(InspectionStream(r.InspectionId), call,
            (current, ctx) => SpecialInspectionDecider.Publish(current, circularId, ctx)));
    }

    public override async Task<Proto.SpecialInspection> GetSpecialInspection(Proto.GetSpecialInspectionRequest r, ServerCallContext call)
    {
        var caller = call.Caller();
        var stream = InspectionStream(r.InspectionId);
        await using var query = store.QuerySession();
        var inspection = await query.LoadAsync<SpecialInspection>(stream, call.CancellationToken);
        var visible = MayReadInspection(caller, await query.Query<KeptDepartment>().ToListAsync(call.CancellationToken));
        if (inspection is null || !visible(inspection))
            throw new NotFoundException($"no special inspection {r.InspectionId} the caller may read", $"没有可查看的专项督查 {r.InspectionId}",
                SupervisionReasons.SpecialInspectionNotFound.About(r.InspectionId));
        return ToProto(inspection);
    }

    public override async Task<Proto.ListSpecialInspectionsResponse> ListSpecialInspections(Proto.ListSpecialInspectionsRequest r, ServerCallContext call)
    {
        var caller = call.Caller();
        await using var query = store.QuerySession();
        var visible = MayReadInspection(caller, await query.Query<KeptDepartment>().ToListAsync(call.CancellationToken));
        var all = await query.Query<SpecialInspection>().ToListAsync(call.CancellationToken);
        return new Proto.ListSpecialInspectionsResponse
        {
            Inspections = { all.Where(visible).OrderByDescending(i => i.OpenedOn).ThenBy(i => i.InspectionId, StringComparer.Ordinal).Select(ToProto) },
        };
    }

    /// <summary>The office that keeps it and the offices over it read a special inspection; a department the inspections it is named in.</summary>
    private static Func<SpecialInspection, bool> MayReadInspection(Caller caller, IReadOnlyList<KeptDepartment> departments)
    {
        var supervised = Supervised(caller, departments);
        return i => caller.DepartmentId == i.OfficeId || supervised(i.OfficeId) || !caller.IsSupervisor() && i.DepartmentIds.Any(caller.ActsFor);
    }

    private static string InspectionStream(string inspectionId) => SpecialInspection.StreamId(Require.Code(inspectionId, "inspection_id"));

    private static Proto.SpecialInspection ToProto(SpecialInspection i) => new()
    {
        InspectionId = i.InspectionId, OfficeId = i.OfficeId, Subject = i.Subject, From = Date(i.From), To = Date(i.To), DepartmentIds = { i.DepartmentIds },
        RegionCode = i.RegionCode ?? "", Status = i.Closed ? "closed" : "open", OpenedOn = Date(i.OpenedOn), ClosedOn = Date(i.ClosedOn), Version = i.Version,
        Findings =
        {
            i.Findings.Select(f => new Proto.Finding
            {
                FindingId = f.FindingId, DepartmentId = f.DepartmentId, Found = f.Found, Rectification = f.Rectification, RectifyBy = Date(f.RectifyBy),
                RecordedOn = Date(f.RecordedOn),
            }),
        },
        Circulars =
        {
            i.Circulars.Select(c => new Proto.Circular
            {
                CircularId = c.CircularId, Title = c.Title, Text = c.Text, FindingIds = { c.FindingIds }, Corrects = c.Corrects ?? "",
                Status = c.Published ? "published" : "draft", PublishedOn = Date(c.PublishedOn),
            }),
        },
    };
}
