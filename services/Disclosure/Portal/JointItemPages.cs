using Microsoft.AspNetCore.Http.HttpResults;
using Proto = Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Disclosure.Portal;

/// <summary>The portal's page of a region's joint-inspection item list (联合抽查事项清单), any published version.</summary>
public static class JointItemPages
{
    /// <summary>The city's list unless a region is asked for.</summary>
    public const string City = "130300";

    public static async Task<RazorComponentResult> List(HttpContext http, string? region, long? version)
    {
        var (api, call) = PortalEndpoints.Records(http);
        try
        {
            var list = await api.GetJointItemList(new Proto.GetPublicJointItemListRequest { Region = region ?? City, Version = version ?? 0 }, call);
            return PortalEndpoints.Page<JointItemsPage>(new { Region = list.Region, List = list });
        }
        catch (Kernel.NotFoundException) when (version is null)
        {
            // The navigation links here before the office has published a list: that is news to give, not an error.
            return PortalEndpoints.Page<JointItemsPage>(new { Region = region ?? City });
        }
    }
}
