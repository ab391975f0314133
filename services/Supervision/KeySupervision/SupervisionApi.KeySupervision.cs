using Grpc.Core;
using Marten;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Supervision.Activity;
using Shuangsuiji.Supervision.KeySupervision;
using Shuangsuiji.Supervision.Targets;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Supervision.V1;

namespace Shuangsuiji.Supervision;

public sealed partial class SupervisionApi
{
    /// <summary>
    /// Key supervision (重点监管): entities whose risk class rose sharply and for which no result has been entered since — a
    /// department's (it reads its own; the office of its region too), or a region's (offices only; empty: the caller's office's region).
    /// </summary>
    public override async Task<Proto.ListKeySupervisionResponse> ListKeySupervision(Proto.ListKeySupervisionRequest r, ServerCallContext call)
    {
        var caller = call.Caller();
        var department = r.DepartmentId.Trim();
        var region = r.RegionCode.Trim();
        await using var query = store.QuerySession();
        var departments = await query.Query<KeptDepartment>().ToListAsync(call.CancellationToken);
        var supervised = Supervised(caller, departments);
        Func<RiskRise, bool> concerned;
        if (department.Length > 0)
        {
            if (region.Length > 0) throw new InvalidFieldException("region_code", "give a department or a region, not both", "部门与地区只能二选一", Reasons.FieldInvalid);
            if (!caller.ActsFor(department) && !supervised(department))
                throw new ForbiddenException($"the key supervision of {department} is for that department and the office of its region; {caller.DepartmentId} may not read it",
                    $"{department} 的重点监管对象仅对本部门和所在地区的领导小组办公室可见；{caller.DepartmentId} 无权查看", Reasons.RecordNotVisible.About(department));
            concerned = e => e.DepartmentIds.Contains(department);
        }
        else
        {
            OfficeOnly(caller, "read a region's key supervision");
            // The office's own region; a city office's people may carry none in their token.
            if (region.Length == 0) region = departments.FirstOrDefault(d => d.Id == caller.DepartmentId)?.RegionCode ?? "";
            if (!supervised(Scope.RegionPrefix + region))
                throw new ForbiddenException($"region {region} is not within the office's", $"地区 {region} 不在本办公室的辖区内", Reasons.RecordNotVisible.About(region));
            concerned = e => Regions.Within(e.Division, region);
        }
        var rises = (await query.Query<RiskRise>().ToListAsync(call.CancellationToken)).Where(concerned).ToList();
        var usccs = rises.Select(e => e.Id).ToArray();
        var results = (await query.Query<KeptResult>().Where(x => usccs.Contains(x.State.Uscc)).ToListAsync(call.CancellationToken)).ToLookup(x => x.State.Uscc);
        return new Proto.ListKeySupervisionResponse
        {
            Entities =
            {
                rises.Where(e => !e.InspectedBy(results[e.Id])).OrderByDescending(e => e.EffectiveOn).ThenBy(e => e.Id, StringComparer.Ordinal)
                    .Select(e => new Proto.KeyEntity
                    {
                        Uscc = e.Id, Name = e.Name, Division = e.Division, DepartmentIds = { e.DepartmentIds }, FromClass = e.FromClass ?? "", ToClass = e.ToClass,
                        EffectiveOn = Date(e.EffectiveOn),
                    }),
            },
        };
    }
}
