using Grpc.Core;
using Proto = Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Disclosure.Portal;

/// <summary>
/// The names behind the ids a page's records carry (departments, items), from the public records API, looked up once
/// per page. Records outlive reorganisations, so retired departments are named too; an id nobody published a name
/// for is shown as it is.
/// </summary>
public sealed class RecordNames
{
    private readonly PublicRecordsApi api;
    private readonly ServerCallContext call;
    private readonly Dictionary<string, Html> items = [];

    private RecordNames(PublicRecordsApi api, ServerCallContext call, Dictionary<string, Proto.PublicDepartment> departments) =>
        (this.api, this.call, Departments) = (api, call, departments);

    public IReadOnlyDictionary<string, Proto.PublicDepartment> Departments { get; }

    public static async Task<RecordNames> LoadAsync(PublicRecordsApi api, ServerCallContext call)
    {
        var departments = await api.ListDepartments(new Proto.ListPublicDepartmentsRequest { IncludeRetired = true }, call);
        return new RecordNames(api, call, departments.Departments.ToDictionary(d => d.DepartmentId));
    }

    public string DepartmentName(string id) => Departments.TryGetValue(id, out var d) ? d.Name : id;

    public Html Department(string id) =>
        Departments.ContainsKey(id) ? (Html)$"<a href=\"{Links.Department(id)}\">{DepartmentName(id)}</a>" : (Html)$"{id}";

    /// <summary>The department, or a 404 page when it never was published.</summary>
    public Proto.PublicDepartment Require(string id) =>
        Departments.GetValueOrDefault(id) ?? throw new Shuangsuiji.Kernel.NotFoundException($"no department {id}", $"没有部门 {id}",
            Shuangsuiji.Kernel.Reasons.DepartmentNotFound.About(id));

    /// <summary>Items by their ids (<c>department:code</c>): code and name, linked to the item's page on its department's list.</summary>
    public async Task<IReadOnlyDictionary<string, Html>> ItemsAsync(IEnumerable<string> itemIds)
    {
        foreach (var id in itemIds.Distinct().Where(id => !items.ContainsKey(id)))
        {
            var (departmentId, code) = id.IndexOf(':') is var colon and > 0 ? (id[..colon], id[(colon + 1)..]) : ("", id);
            try
            {
                var item = await api.GetItem(new Proto.GetPublicItemRequest { DepartmentId = departmentId, Code = code }, call);
                items[id] = $"<a href=\"{Links.Item(departmentId, code)}\">{code} {item.Name}</a>";
            }
            catch (Exception e) when (e is Shuangsuiji.Kernel.NotFoundException or Shuangsuiji.Kernel.InvalidFieldException)
            {
                items[id] = $"{code}";
            }
        }
        return items;
    }
}
