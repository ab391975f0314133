using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Shuangsuiji.Disclosure.ItemLists;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Disclosure.Portal;

/// <summary>The portal's pages of departments and their item lists (随机抽查事项清单, 一单).</summary>
public static class ItemListPages
{
    private const int PageSize = 50;
    private const int MaxSearchHits = 100;

    public static async Task<RazorComponentResult> Home(HttpContext http)
    {
        var (api, call) = PortalEndpoints.Records(http);
        var departments = (await api.ListDepartments(new Proto.ListPublicDepartmentsRequest(), call)).Departments;
        return PortalEndpoints.Page<HomePage>(new { Departments = departments });
    }

    public static async Task<RazorComponentResult> Department(HttpContext http, IDocumentStore store, string departmentId, string? q, string? kind, string? page)
    {
        var (api, call) = PortalEndpoints.Records(http);
        var list = await api.ListItems(new Proto.ListPublicItemsRequest
        {
            DepartmentId = departmentId, Query = q ?? "", Kind = kind ?? "", PageSize = PageSize, PageToken = page ?? "",
        }, call);
        await using var query = store.QuerySession();
        var department = await query.LoadAsync<PublicDepartment>(departmentId, http.RequestAborted)
                         ?? throw new NotFoundException($"no department {departmentId}", $"没有部门 {departmentId}", Reasons.DepartmentNotFound.About(departmentId));
        var successor = department.SuccessorId is { } id ? await query.LoadAsync<PublicDepartment>(id, http.RequestAborted) : null;
        var timeliness = await api.GetTimeliness(new Proto.GetTimelinessRequest { DepartmentId = departmentId }, call);
        return PortalEndpoints.Page<DepartmentPage>(new
        {
            Department = department, Successor = successor, List = list, Timeliness = timeliness, Query = q, Kind = kind,
        });
    }

    public static async Task<RazorComponentResult> Item(HttpContext http, string departmentId, string code)
    {
        var (api, call) = PortalEndpoints.Records(http);
        var item = await api.GetItem(new Proto.GetPublicItemRequest { DepartmentId = departmentId, Code = code }, call);
        return PortalEndpoints.Page<ItemPage>(new { DepartmentId = departmentId, Item = item });
    }

    /// <summary>
    /// Items listed today whose name or code contains the words, across every department, and departments by name. The
    /// API lists one department at a time, so this reads the public documents, resolving claims as the API does.
    /// </summary>
    public static async Task<RazorComponentResult> Search(HttpContext http, IDocumentStore store, TimeProvider clock, string? q)
    {
        var words = q?.Trim() ?? "";
        if (words.Length == 0) return PortalEndpoints.Page<ItemSearchPage>(new { Words = words });
        await using var query = store.QuerySession();
        var departments = (await query.Query<PublicDepartment>().Where(d => !d.Retired).ToListAsync(http.RequestAborted))
            .ToDictionary(d => d.Id);
        var entries = (await query.Query<PublicListItem>().ToListAsync(http.RequestAborted)).ToDictionary(e => e.Id);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        bool Matches(string text) => text.Contains(words, StringComparison.OrdinalIgnoreCase);
        var hits = entries.Values
            .Where(e => departments.ContainsKey(e.DepartmentId))
            .Select(e => ListedItem.Resolve(e, entries))
            .Where(i => i.ListedOn(today) && (Matches(i.Entry.Code) || Matches(i.ContentOn(today)?.Name ?? "")))
            .OrderBy(i => i.Entry.DepartmentId, StringComparer.Ordinal).ThenBy(i => i.Entry.Code, StringComparer.Ordinal)
            .Select(i => new ItemSearchPage.Hit(i.Entry.DepartmentId, departments[i.Entry.DepartmentId].Name, i.Entry.Code, i.ContentOn(today)?.Name, i.Kind(today) ?? ""))
            .ToList();
        var namedDepartments = departments.Values.Where(d => Matches(d.Name)).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        return PortalEndpoints.Page<ItemSearchPage>(new { Words = words, Departments = namedDepartments, Hits = hits, Shown = MaxSearchHits });
    }
}
