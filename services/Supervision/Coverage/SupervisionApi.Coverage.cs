using Grpc.Core;
using Marten;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Supervision.Activity;
using Shuangsuiji.Supervision.Coverage;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Supervision.V1;

namespace Shuangsuiji.Supervision;

public sealed partial class SupervisionApi
{
    /// <summary>A department reads its own coverage; an office every department it oversees, or one of them.</summary>
    public override async Task<Proto.Coverage> GetCoverage(Proto.GetCoverageRequest r, ServerCallContext call)
    {
        var caller = call.Caller();
        if (r.Year is < 2000 or > 2100) throw new InvalidFieldException("year", "is a year such as 2022", "须为年份，如 2022", Reasons.FieldOutOfRange);
        var department = r.DepartmentId.Trim();
        await using var query = store.QuerySession();
        var departments = await query.Query<KeptDepartment>().ToListAsync(call.CancellationToken);
        var supervised = Supervised(caller, departments);
        if (department.Length == 0) OfficeOnly(caller, "read every department's coverage");
        else if (!caller.ActsFor(department) && !supervised(department))
            throw new ForbiddenException($"the coverage of {department} is for that department and the office of its region; {caller.DepartmentId} may not read it",
                $"{department} 的覆盖情况仅对本部门和所在地区的领导小组办公室可见；{caller.DepartmentId} 无权查看", Reasons.RecordNotVisible.About(department));
        var items = department.Length > 0
            ? await query.Query<ListedItem>().Where(i => i.DepartmentId == department).ToListAsync(call.CancellationToken)
            : (await query.Query<ListedItem>().ToListAsync(call.CancellationToken)).Where(i => supervised(i.DepartmentId)).ToList();
        var plans = await query.Query<KeptPlan>().Where(p => p.Year == r.Year).ToListAsync(call.CancellationToken);
        var names = departments.ToDictionary(d => d.Id, d => d.Name);
        return new Proto.Coverage
        {
            Year = r.Year,
            Departments =
            {
                ItemCoverage.Of(items, plans).Select(c => new Proto.DepartmentCoverage
                {
                    DepartmentId = c.DepartmentId, Name = names.GetValueOrDefault(c.DepartmentId, c.DepartmentId), ItemsClaimed = c.Claimed, ItemsCovered = c.Covered,
                    Ratio = c.Ratio, PlanPublished = c.PlanPublished, Uncovered = { c.Uncovered.Select(i => new Proto.CoveredItem { ItemId = i.Id, Code = i.Code }) },
                }),
            },
        };
    }
}
