using Grpc.Core;
using Shuangsuiji.Api.Catalog.V1;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Workbench.Plans;

/// <summary>A joint item (联合抽查事项) a department's plan may take a joint task from, with the list it is on.</summary>
public sealed record JointItemChoice(string Region, long ListVersion, JointItem Item)
{
    public IEnumerable<string> Departments => Item.ItemIds.Select(id => id.Split(':')[0]).Distinct();

    /// <summary>
    /// The joint items of the lists of the department's region and the regions above it, the nearest list first, as the tasks
    /// service resolves a code: a department not on a joint item cannot take it, so it is not offered.
    /// </summary>
    public static async Task<IReadOnlyList<JointItemChoice>> ForAsync(string departmentId, Departments.DepartmentsClient departments,
        Catalog.CatalogClient catalog, CancellationToken ct)
    {
        var choices = new List<JointItemChoice>();
        var seen = new HashSet<string>();
        var department = await departments.GetDepartmentAsync(new GetDepartmentRequest { DepartmentId = departmentId }, cancellationToken: ct);
        for (var region = department.RegionCode; !string.IsNullOrEmpty(region); region = Regions.Above(region))
        {
            try
            {
                var list = await catalog.GetJointItemListAsync(new GetJointItemListRequest { Region = region }, cancellationToken: ct);
                choices.AddRange(list.Items.Where(i => seen.Add(i.Code)).Select(i => new JointItemChoice(region, list.Version, i))
                    .Where(c => c.Departments.Contains(departmentId)));
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                // this region has published no list
            }
        }
        return choices;
    }
}
