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
        if (state is not null) throw new AlreadyExistsException($"tag category {code} already exists", $"标签类别 {code} 已存在", DirectoriesReasons.TagCategoryExists.About(code));
        return [new TagCategoryDefined(code, Require.Text(name, "name", 100), subject ?? throw new InvalidFieldException("subject", "is required", "必填", Reasons.FieldRequired),
            keeper.Id, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> AddTag(TagCategory? state, string category, string code, string name, CommandContext ctx)
    {
        var owned = Owned(state, category, ctx);
        var tag = Require.Code(code, "code");
        if (owned.Tags.Any(t => t.Code == tag))
            throw new AlreadyExistsException($"tag {category}/{tag} already exists", $"标签 {category}/{tag} 已存在", DirectoriesReasons.TagExists.About($"{category}/{tag}"));
        return [new TagAdded(owned.Code, tag, Require.Text(name, "name", 100), ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> RetireTag(TagCategory? state, string category, string code, string reason, CommandContext ctx)
    {
        var owned = Owned(state, category, ctx);
        var tag = owned.Tags.FirstOrDefault(t => t.Code == code)
            ?? throw new NotFoundException($"no tag {category}/{code}", $"没有标签 {category}/{code}", DirectoriesReasons.TagNotFound.About($"{category}/{code}"));
        if (tag.Retired)
            throw new RuleViolationException($"tag {category}/{code} is already retired", $"标签 {category}/{code} 已停用", DirectoriesReasons.TagAlreadyRetired.About($"{category}/{code}"));
        return [new TagRetired(owned.Code, code, Require.Text(reason, "reason", 500), ctx.Caller, ctx.Now)];
    }

    private static Department ProvincialKeeper(Department? caller, CommandContext ctx)
    {
        if (ctx.Caller.Role is not (Roles.Staff or Roles.System) || caller is not { Level: DepartmentLevel.Province, Retired: false })
            throw new ForbiddenException("the tag library is kept by provincial departments' staff", "标签字库由省级部门工作人员维护", DirectoriesReasons.ProvinceOnly);
        return caller;
    }

    private static TagCategory Owned(TagCategory? state, string category, CommandContext ctx)
    {
        var owned = state ?? throw new NotFoundException($"no tag category {category}", $"没有标签类别 {category}", DirectoriesReasons.TagCategoryNotFound.About(category));
        if (!ctx.Caller.ActsFor(owned.OwnerDepartment) || ctx.Caller.Role is not (Roles.Staff or Roles.System))
            throw new ForbiddenException($"tag category {category} is kept by {owned.OwnerDepartment}", $"标签类别 {category} 由 {owned.OwnerDepartment} 维护",
                Reasons.DepartmentOnly.About(owned.OwnerDepartment));
        return owned;
    }
}
