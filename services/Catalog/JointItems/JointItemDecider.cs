using Shuangsuiji.Catalog.Items;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Catalog.JointItems;

public sealed record PublishJointItemList(string Region, IReadOnlyList<JointItem> Items, string? Reason);

/// <summary>The rules of a joint-inspection item list, as a pure function of the list, the items it names, the command and the caller.</summary>
public static class JointItemDecider
{
    public static IReadOnlyList<object> Publish(JointItemList? state, IReadOnlyDictionary<string, InspectionItem> known, PublishJointItemList c, CommandContext ctx)
    {
        var region = Require.Code(c.Region, "region");
        if (!ctx.Caller.IsSupervisor() || ctx.Caller.Region != region)
            throw new ForbiddenException($"the joint-inspection item list of {region} is kept by that region's office; {ctx.Caller.DepartmentId} ({ctx.Caller.Role}) may not publish it",
                $"{region} 的联合抽查事项清单由该地区的双随机办维护；{ctx.Caller.DepartmentId}（{ctx.Caller.Role}）无权发布", Reasons.OfficeOnly.About(ctx.Caller.DepartmentId));
        if (c.Items.Count == 0) throw new InvalidFieldException("items", "a list names at least one joint item", "清单至少包含一个联合抽查事项", Reasons.FieldRequired);
        var codes = new HashSet<string>();
        var items = new List<JointItem>();
        foreach (var (entry, i) in c.Items.Select((e, i) => (e, i)))
        {
            var code = Require.Code(entry.Code, $"items[{i}].code");
            if (!codes.Add(code)) throw new InvalidFieldException($"items[{i}].code", $"{code} is listed twice", $"{code} 重复", Reasons.FieldInvalid);
            var name = Require.Text(entry.Name, $"items[{i}].name");
            var ids = entry.ItemIds.Select(id => id.Trim()).Where(id => id.Length > 0).Distinct().ToList();
            foreach (var (id, j) in ids.Select((id, j) => (id, j)))
            {
                var field = $"items[{i}].item_ids[{j}]";
                if (!known.TryGetValue(id, out var item))
                    throw new InvalidFieldException(field, $"no item {id} in the catalog", $"事项目录中没有事项 {id}", Reasons.UnknownReference);
                if (item.RetiredOn is not null || item.Withdrawn)
                    throw new InvalidFieldException(field, $"item {id} is retired or its claim withdrawn", $"事项 {id} 已废止或已撤回认领", Reasons.FieldInvalid);
            }
            if (ids.Select(id => known[id].DepartmentId).Distinct().Count() < 2)
                throw new InvalidFieldException($"items[{i}].item_ids", $"joint item {code} combines items of fewer than two departments",
                    $"联合抽查事项 {code} 须组合至少两个部门的事项", CatalogReasons.OneDepartment.About(code));
            items.Add(new JointItem(code, name, ids, Require.OptionalText(entry.Note, $"items[{i}].note", 500)));
        }
        var reason = state is null ? Require.OptionalText(c.Reason, "reason", 500) : Require.Text(c.Reason, "reason", 500);
        return [new JointItemListPublished(JointItemList.IdOf(region), region, items, reason, ctx.Caller, ctx.Now)];
    }
}
