using Grpc.Core;
using Proto = Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Disclosure.Portal;

/// <summary>An item as a page names it: its code, and its name once published (none for an item nobody published).</summary>
public sealed record ItemName(string DepartmentId, string Code, string? Name);

/// <summary>
/// The names behind the ids a page's records carry (departments, items), from the public records API, looked up once
/// per page. Records outlive reorganisations, so retired departments are named too; an id nobody published a name
/// for is shown as it is.
/// </summary>
public sealed class RecordNames
{
    private readonly PublicRecordsApi api;
    private readonly ServerCallContext call;
    private readonly Dictionary<string, ItemName> items = [];

    private RecordNames(PublicRecordsApi api, ServerCallContext call, Dictionary<string, Proto.PublicDepartment> departments) =>
        (this.api, this.call, Departments) = (api, call, departments);

    public IReadOnlyDictionary<string, Proto.PublicDepartment> Departments { get; }

    public static async Task<RecordNames> LoadAsync(PublicRecordsApi api, ServerCallContext call)
    {
        var departments = await api.ListDepartments(new Proto.ListPublicDepartmentsRequest { IncludeRetired = true }, call);
        return new RecordNames(api, call, departments.Departments.ToDictionary(d => d.DepartmentId));
    }

    public string DepartmentName(string id) => Departments.TryGetValue(id, out var d) ? d.Name : id;

    /// <summary>The department, or a 404 page when it never was published.</summary>
    public Proto.PublicDepartment Require(string id) =>
        Departments.GetValueOrDefault(id) ?? throw new Shuangsuiji.Kernel.NotFoundException($"no department {id}", $"没有部门 {id}",
            Shuangsuiji.Kernel.Reasons.DepartmentNotFound.About(id));

    /// <summary>Looks up the names of items by their ids (<c>department:code</c>), before the page shows them (<see cref="Item"/>).</summary>
    public async Task LoadItemsAsync(IEnumerable<string> itemIds)
    {
        foreach (var id in itemIds.Distinct().Where(id => !items.ContainsKey(id)))
        {
            var unnamed = Unnamed(id);
            try
            {
                var item = await api.GetItem(new Proto.GetPublicItemRequest { DepartmentId = unnamed.DepartmentId, Code = unnamed.Code }, call);
                items[id] = unnamed with { Name = item.Name };
            }
            catch (Exception e) when (e is Shuangsuiji.Kernel.NotFoundException or Shuangsuiji.Kernel.InvalidFieldException)
            {
                items[id] = unnamed;
            }
        }
    }

    /// <summary>An item by its id, named if <see cref="LoadItemsAsync"/> found it.</summary>
    public ItemName Item(string id) => items.GetValueOrDefault(id) ?? Unnamed(id);

    private static ItemName Unnamed(string id) =>
        id.IndexOf(':') is var colon and > 0 ? new(id[..colon], id[(colon + 1)..], null) : new("", id, null);
}
