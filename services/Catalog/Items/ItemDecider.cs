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
        if (state is not null) throw new AlreadyExistsException($"item {code} is already on the list of {owner.Id}");
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
        if (source is null) throw new InvalidFieldException("source_item_id", $"no item {c.SourceItemId}");
        if (claimer.ParentId is null)
            throw new RuleViolationException($"{claimer.Id} has no upper-level department to claim items from");
        if (source.Item.DepartmentId != claimer.ParentId)
            throw new InvalidFieldException("source_item_id",
                $"{source.Item.Id} is not on the list of {claimer.Id}'s upper-level department {claimer.ParentId}");
        if (source.Closed())
            throw new RuleViolationException($"item {source.Item.Id} is retired or withdrawn and cannot be claimed");
        if (c.LocalKind is ItemKind.General)
            throw new InvalidFieldException("local_kind", "only KEY may be set locally; leave it unset to keep the upper level's kind");
        var id = InspectionItem.IdOf(claimer.Id, source.Item.Code);
        if (state is { Withdrawn: false })
            throw new AlreadyExistsException($"item {source.Item.Code} is already on the list of {claimer.Id}");
        if (state is { Origin: ItemOrigin.Claimed } && state.SourceItemId != source.Item.Id)
            throw new AlreadyExistsException($"{claimer.Id} once claimed {state.SourceItemId} under code {source.Item.Code}");
        return [new ItemClaimed(id, claimer.Id, source.Item.Code, source.Item.Id, c.LocalKind, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Withdraw(InspectionItem? state, Department? department, WithdrawClaim c, CommandContext ctx)
    {
        var claimer = ListKeeper(department, c.DepartmentId, ctx.Caller);
        var item = state ?? throw new NotFoundException($"no item {c.Code} on the list of {claimer.Id}");
        if (item.Origin != ItemOrigin.Claimed) throw new RuleViolationException($"item {item.Id} is the department's own item, not a claim; retire it instead");
        if (item.Withdrawn) throw new RuleViolationException($"the claim of {item.Id} is already withdrawn");
        return [new ClaimWithdrawn(item.Id, Require.Text(c.Reason, "reason", 500), ctx.Caller, ctx.Now)];
    }

    /// <summary>Only the department's own staff (or a system acting for it) keep its list.</summary>
    public static Department ListKeeper(Department? department, string departmentId, Caller caller)
    {
        if (!caller.ActsFor(departmentId) || caller.Role is not (Roles.Staff or Roles.System))
            throw new ForbiddenException($"{caller.DepartmentId} ({caller.Role}) may not change the item list of {departmentId}");
        return department switch
        {
            null => throw new InvalidFieldException("department_id", $"no department {departmentId}"),
            { Retired: true } => throw new RuleViolationException($"department {departmentId} is retired"),
            _ => department,
        };
    }

    private static InspectionItem OpenOwnItem(InspectionItem? state, string code, string departmentId, string what) => state switch
    {
        null => throw new NotFoundException($"no item {code} on the list of {departmentId}"),
        { Origin: ItemOrigin.Claimed } => throw new RuleViolationException(
            $"item {state.Id} is claimed from {state.SourceItemId}; only its own department can have it {what}"),
        { RetiredOn: not null } => throw new RuleViolationException($"item {state.Id} is retired (from {state.RetiredOn:yyyy-MM-dd})"),
        _ => state,
    };

    private static void NotBefore(DateOnly effectiveOn, InspectionItem item)
    {
        if (effectiveOn < item.LatestEffectiveOn())
            throw new InvalidFieldException("effective_on", $"{effectiveOn:yyyy-MM-dd} is before the item's latest revision ({item.LatestEffectiveOn():yyyy-MM-dd})");
    }

    public static ItemContent Valid(ItemContent c, Department owner)
    {
        var kind = Require.Defined((ItemKind?)c.Kind, "content.kind");
        var internalUnit = Require.OptionalText(c.InternalUnit, "content.internal_unit", 64);
        if (internalUnit is not null && !owner.UnitCodes.Contains(internalUnit))
            throw new InvalidFieldException("content.internal_unit", $"{owner.Id} has no internal unit {internalUnit}");
        foreach (var (type, i) in c.EntityTypes.Select((t, i) => (t, i)))
            if (!EntityTypes.Contains(type))
                throw new InvalidFieldException($"content.entity_types[{i}]", $"'{type}' is not one of {string.Join(", ", EntityTypes)}");
        foreach (var (industry, i) in c.Industries.Select((t, i) => (t, i)))
            if (!IndustryPattern().IsMatch(industry))
                throw new InvalidFieldException($"content.industries[{i}]", $"'{industry}' is not a GB/T 4754 section or division (e.g. C or C13)");
        return new ItemContent(
            Require.Text(c.Name, "content.name"), kind, Require.Text(c.LegalBasis, "content.legal_basis", 2000), internalUnit,
            Require.Text(c.Content, "content.content", 4000), Require.Text(c.Method, "content.method", 500),
            [.. c.EntityTypes.Distinct()], [.. c.Industries.Distinct()], Require.OptionalText(c.InternetPlusCode, "content.internet_plus_code", 64));
    }

    [GeneratedRegex("^[A-T]([0-9]{2})?$")]
    private static partial Regex IndustryPattern();
}
