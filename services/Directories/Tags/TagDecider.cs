using Shuangsuiji.Directories.Departments;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Directories.Tags;

/// <summary>The provincial departments keep the tag library; the levels below only use it.</summary>
public static class TagDecider
{
    public static IReadOnlyList<object> DefineCategory(TagCategory? state, Department? caller, string category, string name, TagSubject? subject, CommandContext ctx)
    {
        var keeper = ProvincialKeeper(caller, ctx);
        var code = Require.Code(category, "category");
        if (state is not null) throw new AlreadyExistsException($"tag category {code} already exists");
        return [new TagCategoryDefined(code, Require.Text(name, "name", 100), subject ?? throw new InvalidFieldException("subject", "is required"),
            keeper.Id, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> AddTag(TagCategory? state, string category, string code, string name, CommandContext ctx)
    {
        var owned = Owned(state, category, ctx);
        var tag = Require.Code(code, "code");
        if (owned.Tags.Any(t => t.Code == tag)) throw new AlreadyExistsException($"tag {category}/{tag} already exists");
        return [new TagAdded(owned.Code, tag, Require.Text(name, "name", 100), ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> RetireTag(TagCategory? state, string category, string code, string reason, CommandContext ctx)
    {
        var owned = Owned(state, category, ctx);
        var tag = owned.Tags.FirstOrDefault(t => t.Code == code) ?? throw new NotFoundException($"no tag {category}/{code}");
        if (tag.Retired) throw new RuleViolationException($"tag {category}/{code} is already retired");
        return [new TagRetired(owned.Code, code, Require.Text(reason, "reason", 500), ctx.Caller, ctx.Now)];
    }

    private static Department ProvincialKeeper(Department? caller, CommandContext ctx)
    {
        if (ctx.Caller.Role is not (Roles.Staff or Roles.System) || caller is not { Level: DepartmentLevel.Province, Retired: false })
            throw new ForbiddenException("the tag library is kept by provincial departments' staff");
        return caller;
    }

    private static TagCategory Owned(TagCategory? state, string category, CommandContext ctx)
    {
        var owned = state ?? throw new NotFoundException($"no tag category {category}");
        if (!ctx.Caller.ActsFor(owned.OwnerDepartment) || ctx.Caller.Role is not (Roles.Staff or Roles.System))
            throw new ForbiddenException($"tag category {category} is kept by {owned.OwnerDepartment}");
        return owned;
    }
}
