using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Marten;
using Shuangsuiji.Catalog.Items;
using Shuangsuiji.Catalog.JointItems;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Catalog.V1;

namespace Shuangsuiji.Catalog;

public sealed partial class CatalogApi
{
    public override async Task<Proto.JointItemList> PublishJointItemList(Proto.PublishJointItemListRequest r, ServerCallContext call)
    {
        var command = new PublishJointItemList(r.Region, [.. r.Items.Select(i => new JointItem(i.Code, i.Name, i.ItemIds, i.Note))], r.Reason);
        var ids = r.Items.SelectMany(i => i.ItemIds).Select(id => id.Trim()).Where(id => id.Length > 0).Distinct().ToArray();
        var list = await commands.Run<JointItemList, IReadOnlyDictionary<string, InspectionItem>>(call, JointItemList.IdOf(Require.Code(r.Region, "region")),
            r.HasExpectedVersion ? r.ExpectedVersion : null,
            async (session, _, ct) => (await session.LoadManyAsync<InspectionItem>(ct, ids)).ToDictionary(i => i.Id),
            (state, known, ctx) => JointItemDecider.Publish(state, known, command, ctx));
        return ToProto(list, list.Latest);
    }

    public override async Task<Proto.JointItemList> GetJointItemList(Proto.GetJointItemListRequest r, ServerCallContext call)
    {
        var region = Require.Code(r.Region, "region");
        await using var session = store.QuerySession();
        var list = await session.LoadAsync<JointItemList>(JointItemList.IdOf(region), call.CancellationToken)
            ?? throw new NotFoundException($"{region} has published no joint-inspection item list", $"{region} 尚未发布联合抽查事项清单", Reasons.NotFound);
        var version = r.Version == 0 ? list.Latest : list.Versions.FirstOrDefault(v => v.Version == r.Version)
            ?? throw new NotFoundException($"the list of {region} has no version {r.Version}", $"{region} 的清单没有第 {r.Version} 版", Reasons.NotFound);
        return ToProto(list, version);
    }

    private static Proto.JointItemList ToProto(JointItemList list, JointItemListVersion shown) => new()
    {
        Region = list.Region, Version = shown.Version, PublishedAt = Timestamp.FromDateTimeOffset(shown.PublishedAt), Reason = shown.Reason ?? "",
        Items = { shown.Items.Select(i => new Proto.JointItem { Code = i.Code, Name = i.Name, ItemIds = { i.ItemIds }, Note = i.Note ?? "" }) },
        Versions = { list.Versions.Select(v => new Proto.JointItemListVersionInfo { Version = v.Version, PublishedAt = Timestamp.FromDateTimeOffset(v.PublishedAt), Reason = v.Reason ?? "" }) },
    };
}
