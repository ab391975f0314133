using Microsoft.AspNetCore.Http.HttpResults;
using Proto = Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Disclosure.Portal;

/// <summary>The portal's page of a department's annual plans (年度随机抽查计划), every published version with its adjustment reason.</summary>
public static class PlanPages
{
    public static async Task<RazorComponentResult> Plans(HttpContext http, string departmentId)
    {
        var (api, call) = PortalEndpoints.Records(http);
        var names = await RecordNames.LoadAsync(api, call);
        var department = names.Require(departmentId);
        var plans = (await api.ListPlans(new Proto.ListPublicPlansRequest { DepartmentId = departmentId }, call)).Plans;
        await names.LoadItemsAsync(plans.SelectMany(p => p.Versions).SelectMany(v => v.Tasks).SelectMany(t => t.Items));
        return PortalEndpoints.Page<PlansPage>(new { Department = department, Plans = plans, Names = names });
    }
}
