using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Marten;
using Shuangsuiji.Disclosure.ItemLists;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Disclosure;

public sealed partial class PublicRecordsApi
{
    public override async Task<Proto.PublicJointItemList> GetJointItemList(Proto.GetPublicJointItemListRequest r, ServerCallContext call)
    {
        var region = Require.Code(r.Region, "region");
        await using var query = store.QuerySession();
        var list = await query.LoadAsync<PublicJointItemList>(PublicJointItemList.IdOf(region), call.CancellationToken);
        var shown = r.Version == 0 ? list?.Versions[^1] : list?.Versions.FirstOrDefault(v => v.Version == r.Version);
        if (list is null || shown is null)
            throw new NotFoundException($"no joint-inspection item list of {region}{(r.Version == 0 ? "" : $" version {r.Version}")} is published",
                $"{region} 尚未公示{(r.Version == 0 ? "" : $"第 {r.Version} 版")}联合抽查事项清单", DisclosureReasons.JointItemListNotFound.About(region));
        var itemIds = shown.Items.SelectMany(i => i.ItemIds).Distinct().ToArray();
        var today = Today;
        // A claimed item shows its source's name, as on the department's list.
        var names = new Dictionary<string, string>();
        foreach (var entry in await query.LoadManyAsync<PublicListItem>(call.CancellationToken, itemIds))
            names[entry.Id] = (await ListedItem.ResolveAsync(query, entry, call.CancellationToken)).ContentOn(today)?.Name ?? "";
        var departments = (await query.LoadManyAsync<PublicDepartment>(call.CancellationToken, [.. itemIds.Select(id => id.Split(':')[0]).Distinct()]))
            .ToDictionary(d => d.Id);
        Proto.PublicJointItemPart Part(string itemId)
        {
            var department = itemId.Split(':')[0];
            return new Proto.PublicJointItemPart
            {
                ItemId = itemId, DepartmentId = department, DepartmentName = departments.GetValueOrDefault(department)?.Name ?? department,
                ItemName = names.GetValueOrDefault(itemId, ""),
            };
        }
        return new Proto.PublicJointItemList
        {
            Region = list.Region, Version = shown.Version, PublishedAt = Timestamp.FromDateTimeOffset(shown.At), Reason = shown.Reason ?? "",
            Items = { shown.Items.Select(i => new Proto.PublicJointItem { Code = i.Code, Name = i.Name, Note = i.Note ?? "", Parts = { i.ItemIds.Select(Part) } }) },
            Versions = { list.Versions.Select(v => new Proto.PublicJointItemListVersion { Version = v.Version, PublishedAt = Timestamp.FromDateTimeOffset(v.At), Reason = v.Reason ?? "" }) },
        };
    }
}
