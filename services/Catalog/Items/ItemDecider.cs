using System.Text.RegularExpressions;
using Shuangsuiji.Catalog.Departments;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Catalog.Items;

public sealed record CreateItem(string DepartmentId, string Code, ItemContent Content, DateOnly EffectiveOn);

public sealed record AmendItem(string DepartmentId, string Code, ItemContent Content, string Reason, DateOnly EffectiveOn);

public sealed record RetireItem(string DepartmentId, string Code, string Reason, DateOnly EffectiveOn);

public sealed record ClaimItem(string DepartmentId, string SourceItemId, ItemKind? LocalKind);

public sealed record WithdrawClaim(string DepartmentId, string Code, string Reason);

/// <summary>
/// The rules of the item list: a department keeps only its own list; items change by dated, reasoned
/// revisions and are never deleted; a claim adopts a live item of the department's upper level.
/// </summary>
public static partial class ItemDecider
{
    public static readonly IReadOnlySet<string> EntityTypes =
        new HashSet<string> { "enterprise", "individual_business", "farmers_cooperative", "other" };

    public static IReadOnlyList<object> Create(InspectionItem? state, Department? department, CreateItem c, CommandContext ctx)
    {
        var owner = ListKeeper(department, c.DepartmentId, ctx.Caller);
        var code = Require.Code(c.Code, "code");
        if (state is not null)
            throw new AlreadyExistsException($"item {code} is already on the list of {owner.Id}", $"事项 {code} 已在 {owner.Id} 的事项清单中",
                CatalogReasons.ItemExists.About(state.Id));
        var content = Valid(c.Content, owner);
        return [new ItemCreated(InspectionItem.IdOf(owner.Id, code), owner.Id, code, content, c.EffectiveOn, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Amend(InspectionItem? state, Department? department, AmendItem c, CommandContext ctx)
    {
        var owner = ListKeeper(department, c.DepartmentId, ctx.Caller);
        var item = OpenOwnItem(state, c.Code, owner.Id, "amended");
        var content = Valid(c.Content, owner);
        var reason = Require.Text(c.Reason, "reason", 500);
        NotBefore(c.EffectiveOn, item);
        return [new ItemAmended(item.Id, content, reason, c.EffectiveOn, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Retire(InspectionItem? state, Department? department, RetireItem c, CommandContext ctx)
    {
        var owner = ListKeeper(department, c.DepartmentId, ctx.Caller);
        var item = OpenOwnItem(state, c.Code, owner.Id, "retired");
        var reason = Require.Text(c.Reason, "reason", 500);
        NotBefore(c.EffectiveOn, item);
        return [new ItemRetired(item.Id, reason, c.EffectiveOn, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Claim(InspectionItem? state, Department? department, ItemView? source, ClaimItem c, CommandContext ctx)
    {
        var claimer = ListKeeper(department, c.DepartmentId, ctx.Caller);
        if (source is null)
            throw new InvalidFieldException("source_item_id", $"no item {c.SourceItemId}", $"没有事项 {c.SourceItemId}", Reasons.UnknownReference);
        if (claimer.ParentId is null)
            throw new RuleViolationException($"{claimer.Id} has no upper-level department to claim items from", $"{claimer.Id} 没有可认领事项的上级部门",
                CatalogReasons.NoUpperLevel.About(claimer.Id));
        if (source.Item.DepartmentId != claimer.ParentId)
            throw new InvalidFieldException("source_item_id",
                $"{source.Item.Id} is not on the list of {claimer.Id}'s upper-level department {claimer.ParentId}",
                $"{source.Item.Id} 不在 {claimer.Id} 的上级部门 {claimer.ParentId} 的事项清单中", CatalogReasons.NotUpperLevelItem.About(claimer.ParentId));
        if (source.Closed())
            throw new RuleViolationException($"item {source.Item.Id} is retired or withdrawn and cannot be claimed", $"事项 {source.Item.Id} 已废止或已撤回认领，不能认领",
                CatalogReasons.ItemClosed.About(source.Item.Id));
        if (c.LocalKind is ItemKind.General)
            throw new InvalidFieldException("local_kind", "only KEY may be set locally; leave it unset to keep the upper level's kind",
                "本级只能设为重点检查事项（KEY）；不填则沿用上级的事项类别");
        var id = InspectionItem.IdOf(claimer.Id, source.Item.Code);
        if (state is { Withdrawn: false })
            throw new AlreadyExistsException($"item {source.Item.Code} is already on the list of {claimer.Id}", $"事项 {source.Item.Code} 已在 {claimer.Id} 的事项清单中",
                CatalogReasons.ItemExists.About(id));
        if (state is { Origin: ItemOrigin.Claimed } && state.SourceItemId != source.Item.Id)
            throw new AlreadyExistsException($"{claimer.Id} once claimed {state.SourceItemId} under code {source.Item.Code}",
                $"{claimer.Id} 曾以编码 {source.Item.Code} 认领过 {state.SourceItemId}", CatalogReasons.ItemExists.About(id));
        return [new ItemClaimed(id, claimer.Id, source.Item.Code, source.Item.Id, c.LocalKind, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Withdraw(InspectionItem? state, Department? department, WithdrawClaim c, CommandContext ctx)
    {
        var claimer = ListKeeper(department, c.DepartmentId, ctx.Caller);
        var item = state ?? throw new NotFoundException($"no item {c.Code} on the list of {claimer.Id}", $"{claimer.Id} 的事项清单中没有事项 {c.Code}",
            CatalogReasons.ItemNotFound.About(InspectionItem.IdOf(claimer.Id, c.Code)));
        if (item.Origin != ItemOrigin.Claimed)
            throw new RuleViolationException($"item {item.Id} is the department's own item, not a claim; retire it instead",
                $"事项 {item.Id} 是本部门自有事项，不是认领的事项；请改为废止", CatalogReasons.NotAClaim.About(item.Id));
        if (item.Withdrawn)
            throw new RuleViolationException($"the claim of {item.Id} is already withdrawn", $"事项 {item.Id} 的认领已撤回", CatalogReasons.ClaimWithdrawn.About(item.Id));
        return [new ClaimWithdrawn(item.Id, Require.Text(c.Reason, "reason", 500), ctx.Caller, ctx.Now)];
    }

    /// <summary>Only the department's own staff and administrators (or a system acting for it) keep its list.</summary>
    public static Department ListKeeper(Department? department, string departmentId, Caller caller)
    {
        if (!caller.ActsFor(departmentId) || caller.Role is not (Roles.Staff or Roles.Admin or Roles.System))
            throw new ForbiddenException($"{caller.DepartmentId} ({caller.Role}) may not change the item list of {departmentId}",
                $"{caller.DepartmentId}（{caller.Role}）无权修改 {departmentId} 的事项清单", Reasons.DepartmentOnly.About(departmentId));
        return department switch
        {
            null => throw new InvalidFieldException("department_id", $"no department {departmentId}", $"事项目录服务尚未获知部门 {departmentId}",
                Reasons.DepartmentNotKnown.About(departmentId)),
            { Retired: true } => throw new RuleViolationException($"department {departmentId} is retired", $"部门 {departmentId} 已撤销",
                Reasons.DepartmentClosed.About(departmentId)),
            _ => department,
        };
    }

    private static InspectionItem OpenOwnItem(InspectionItem? state, string code, string departmentId, string what) => state switch
    {
        null => throw new NotFoundException($"no item {code} on the list of {departmentId}", $"{departmentId} 的事项清单中没有事项 {code}",
            CatalogReasons.ItemNotFound.About(InspectionItem.IdOf(departmentId, code))),
        { Origin: ItemOrigin.Claimed } => throw new RuleViolationException(
            $"item {state.Id} is claimed from {state.SourceItemId}; only its own department can have it {what}",
            $"事项 {state.Id} 认领自 {state.SourceItemId}，只有其所属部门可以{(what == "retired" ? "废止" : "修订")}",
            CatalogReasons.ItemClaimed.About(state.Id, state.SourceItemId)),
        { RetiredOn: not null } => throw new RuleViolationException($"item {state.Id} is retired (from {state.RetiredOn:yyyy-MM-dd})",
            $"事项 {state.Id} 已废止（自 {state.RetiredOn:yyyy-MM-dd} 起）", CatalogReasons.ItemClosed.About(state.Id)),
        _ => state,
    };

    private static void NotBefore(DateOnly effectiveOn, InspectionItem item)
    {
        if (effectiveOn < item.LatestEffectiveOn())
            throw new InvalidFieldException("effective_on", $"{effectiveOn:yyyy-MM-dd} is before the item's latest revision ({item.LatestEffectiveOn():yyyy-MM-dd})",
                $"{effectiveOn:yyyy-MM-dd} 早于该事项最近一次修订的生效日期（{item.LatestEffectiveOn():yyyy-MM-dd}）",
                CatalogReasons.BeforeLatestRevision.About(item.LatestEffectiveOn()));
    }

    public static ItemContent Valid(ItemContent c, Department owner)
    {
        var kind = Require.Defined((ItemKind?)c.Kind, "content.kind");
        var internalUnit = Require.OptionalText(c.InternalUnit, "content.internal_unit", 64);
        if (internalUnit is not null && !owner.UnitCodes.Contains(internalUnit))
            throw new InvalidFieldException("content.internal_unit", $"{owner.Id} has no internal unit {internalUnit}",
                $"事项目录服务所知的 {owner.Id} 没有内设机构 {internalUnit}", CatalogReasons.UnitNotKnown.About(owner.Id, internalUnit));
        foreach (var (type, i) in c.EntityTypes.Select((t, i) => (t, i)))
            if (!EntityTypes.Contains(type))
                throw new InvalidFieldException($"content.entity_types[{i}]", $"'{type}' is not one of {string.Join(", ", EntityTypes)}",
                    $"“{type}”不是 {string.Join("、", EntityTypes)} 之一");
        foreach (var (industry, i) in c.Industries.Select((t, i) => (t, i)))
            if (!IndustryPattern().IsMatch(industry))
                throw new InvalidFieldException($"content.industries[{i}]", $"'{industry}' is not a GB/T 4754 section or division (e.g. C or C13)",
                    $"“{industry}”不是 GB/T 4754 的门类或大类代码（如 C 或 C13）");
        return new ItemContent(
            Require.Text(c.Name, "content.name"), kind, Require.Text(c.LegalBasis, "content.legal_basis", 2000), internalUnit,
            Require.Text(c.Content, "content.content", 4000), Require.Text(c.Method, "content.method", 500),
            [.. c.EntityTypes.Distinct()], [.. c.Industries.Distinct()], Require.OptionalText(c.InternetPlusCode, "content.internet_plus_code", 64));
    }

    [GeneratedRegex("^[A-T]([0-9]{2})?$")]
    private static partial Regex IndustryPattern();
}
