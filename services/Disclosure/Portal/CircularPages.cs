using Microsoft.AspNetCore.Http.HttpResults;
using Proto = Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Disclosure.Portal;

/// <summary>
/// The portal's circulars (督查通报) of the supervising offices' special inspections (专项督查): the list, newest first, and
/// each circular with the findings it names; a corrected circular links to its correction and the other way round.
/// </summary>
public static class CircularPages
{
    private const int PageSize = 50;

    public static async Task<RazorComponentResult> List(HttpContext http, string? page)
    {
        var (api, call) = PortalEndpoints.Records(http);
        var circulars = await api.ListCirculars(new Proto.ListPublicCircularsRequest { PageSize = PageSize, PageToken = page ?? "" }, call);
        return PortalEndpoints.Page<CircularsPage>(new { Circulars = circulars });
    }

    public static async Task<RazorComponentResult> Circular(HttpContext http, string circularId)
    {
        var (api, call) = PortalEndpoints.Records(http);
        var circular = await api.GetCircular(new Proto.GetPublicCircularRequest { CircularId = circularId }, call);
        return PortalEndpoints.Page<CircularPage>(new { Circular = circular });
    }
}
