using Shuangsuiji.Kernel;

namespace Shuangsuiji.Directories.Departments;

public sealed record CreateDepartment(
    string DepartmentId, string Name, DepartmentLevel? Level, string RegionCode, string? ParentId, IReadOnlyList<InternalUnit> Units,
    DepartmentKind Kind = DepartmentKind.Member);

public sealed record RenameDepartment(string DepartmentId, string Name, string Reason, DateOnly EffectiveOn);

public sealed record AddInternalUnit(string DepartmentId, InternalUnit Unit);

public sealed record RemoveInternalUnit(string DepartmentId, string UnitCode, string Reason);

public sealed record RetireDepartment(string DepartmentId, string Reason, DateOnly EffectiveOn, string? SuccessorId);

public sealed record MergeDepartment(string DepartmentId, string IntoId, string Reason, DateOnly EffectiveOn);

public sealed record NameLiaisonOfficer(string DepartmentId, LiaisonOfficer Officer);

/// <summary>
/// The rules for departments. The member departments are kept by the supervising office; a department's own
/// staff may keep its internal units.
/// </summary>
public static class DepartmentDecider
{
    public static IReadOnlyList<object> Create(Department? state, Department? parent, CreateDepartment c, CommandContext ctx)
    {
        RequireSupervisor(ctx, "create departments");
        var id = Require.Code(c.DepartmentId, "department_id");
        if (state is not null) throw new AlreadyExistsException($"department {id} already exists", $"部门 {id} 已存在", DirectoriesReasons.DepartmentExists.About(id));
        var name = Require.Text(c.Name, "name", 100);
        var level = Require.Defined(c.Level, "level");
        var region = RegionCode(c.RegionCode, level);
        var units = Units(c.Units);
        InRegion(ctx, region, id);
        if (c.Kind == DepartmentKind.Office && c.ParentId is { Length: > 0 })
            throw new InvalidFieldException("parent_id", "an office of the leading group (领导小组办公室) has no parent department", "领导小组办公室没有上级部门");
        if (c.ParentId is { Length: > 0 } parentId)
        {
            if (level == DepartmentLevel.Province) throw new InvalidFieldException("parent_id", "a province-level department has no parent", "省级部门没有上级部门");
            if (parent is null) throw new InvalidFieldException("parent_id", $"no department {parentId}", $"没有部门 {parentId}", Reasons.UnknownReference);
            if (parent.Retired)
                throw new InvalidFieldException("parent_id", $"department {parentId} is retired", $"部门 {parentId} 已撤销", Reasons.DepartmentRetired.About(parentId));
            if (parent.Level != level - 1)
                throw new InvalidFieldException("parent_id", $"a {Name(level)} department's parent must be at {Name(level - 1)} level, {parentId} is {Name(parent.Level)}",
                    $"{Chinese(level)}部门的上级须为{Chinese(level - 1)}部门，{parentId} 是{Chinese(parent.Level)}部门", DirectoriesReasons.WrongParentLevel.About(Name(level - 1)));
            if (!region.StartsWith(parent.RegionCode[..(level == DepartmentLevel.City ? 2 : 4)], StringComparison.Ordinal))
                throw new InvalidFieldException("region_code", $"{region} is not within the parent's region {parent.RegionCode}",
                    $"{region} 不在上级部门的行政区划 {parent.RegionCode} 之内", DirectoriesReasons.OutsideRegion.About(parent.RegionCode));
        }
        return [new DepartmentCreated(id, name, level, region, c.ParentId is { Length: > 0 } ? c.ParentId : null, units, ctx.Caller, ctx.Now, c.Kind)];
    }

    public static IReadOnlyList<object> Rename(Department? state, RenameDepartment c, CommandContext ctx)
    {
        RequireSupervisor(ctx, "rename departments");
        var department = Active(state, c.DepartmentId);
        InRegion(ctx, department.RegionCode, department.Id);
        var name = Require.Text(c.Name, "name", 100);
        if (name == department.Name) throw new InvalidFieldException("name", "is the department's current name", "与部门现用名称相同");
        return [new DepartmentRenamed(department.Id, name, Require.Text(c.Reason, "reason", 500), c.EffectiveOn, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> AddUnit(Department? state, AddInternalUnit c, CommandContext ctx)
    {
        var department = Active(state, c.DepartmentId);
        RequireOwnOrSupervisor(department, ctx);
        var unit = Units([c.Unit], "unit")[0];
        if (department.Units.Any(u => u.Code == unit.Code))
            throw new AlreadyExistsException($"department {department.Id} already has internal unit {unit.Code}", $"部门 {department.Id} 已有内设机构 {unit.Code}",
                DirectoriesReasons.UnitExists.About(department.Id, unit.Code));
        return [new InternalUnitAdded(department.Id, unit, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> RemoveUnit(Department? state, RemoveInternalUnit c, CommandContext ctx)
    {
        var department = Active(state, c.DepartmentId);
        RequireOwnOrSupervisor(department, ctx);
        if (department.Units.All(u => u.Code != c.UnitCode))
            throw new NotFoundException($"department {department.Id} has no internal unit {c.UnitCode}", $"部门 {department.Id} 没有内设机构 {c.UnitCode}",
                DirectoriesReasons.UnitNotFound.About(department.Id, c.UnitCode));
        return [new InternalUnitRemoved(department.Id, c.UnitCode, Require.Text(c.Reason, "reason", 500), ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Retire(Department? state, Department? successor, RetireDepartment c, CommandContext ctx)
    {
        RequireSupervisor(ctx, "retire departments");
        var department = Active(state, c.DepartmentId);
        InRegion(ctx, department.RegionCode, department.Id);
        var reason = Require.Text(c.Reason, "reason", 500);
        if (c.SuccessorId is { Length: > 0 } successorId)
        {
            if (successorId == department.Id) throw new InvalidFieldException("successor_id", "a department cannot succeed itself", "部门不能承继自身");
            if (successor is null) throw new InvalidFieldException("successor_id", $"no department {successorId}", $"没有部门 {successorId}", Reasons.UnknownReference);
            if (successor.Retired)
                throw new InvalidFieldException("successor_id", $"department {successorId} is retired", $"部门 {successorId} 已撤销", Reasons.DepartmentRetired.About(successorId));
        }
        return [new DepartmentRetired(department.Id, c.SuccessorId is { Length: > 0 } ? c.SuccessorId : null, reason, c.EffectiveOn, ctx.Caller, ctx.Now)];
    }

    /// <summary>The events of a merger: those on the merged department's stream, and those on its successor's.</summary>
    public static (IReadOnlyList<object> Merged, IReadOnlyList<object> Into) Merge(Department? state, Department? into, MergeDepartment c, CommandContext ctx)
    {
        RequireSupervisor(ctx, "merge departments");
        var department = Active(state, c.DepartmentId);
        InRegion(ctx, department.RegionCode, department.Id);
        var intoId = Require.Code(c.IntoId, "into_id");
        if (intoId == department.Id) throw new InvalidFieldException("into_id", "a department cannot be merged into itself", "部门不能并入自身");
        if (into is null) throw new InvalidFieldException("into_id", $"no department {intoId}", $"没有部门 {intoId}", Reasons.UnknownReference);
        if (into.Retired) throw new InvalidFieldException("into_id", $"department {intoId} is retired", $"部门 {intoId} 已撤销", Reasons.DepartmentRetired.About(intoId));
        if (into.Kind != department.Kind)
            throw new InvalidFieldException("into_id", "a member department merges into a member department, an office into an office", "成员单位只能并入成员单位，办公室只能并入办公室",
                DirectoriesReasons.MergeKindDiffers.About(intoId));
        InRegion(ctx, into.RegionCode, into.Id);
        var reason = Require.Text(c.Reason, "reason", 500);
        return ([new DepartmentMerged(department.Id, into.Id, reason, c.EffectiveOn, ctx.Caller, ctx.Now)],
            [new DepartmentAbsorbed(into.Id, department.Id, reason, c.EffectiveOn, ctx.Caller, ctx.Now)]);
    }

    /// <summary>The department's administrator names its liaison officer, or the office does for a department of its region.</summary>
    public static IReadOnlyList<object> NameLiaison(Department? state, NameLiaisonOfficer c, CommandContext ctx)
    {
        var department = Active(state, c.DepartmentId);
        if (ctx.Caller.IsSupervisor()) InRegion(ctx, department.RegionCode, department.Id);
        else if (!(ctx.Caller.ActsFor(department.Id) && ctx.Caller.Role == Roles.Admin))
            throw new ForbiddenException($"only the administrator of {department.Id} or the supervising office may name its liaison officer",
                $"只有 {department.Id} 的管理员或领导小组办公室可以设置联络员", DirectoriesReasons.LiaisonKeeperOnly.About(department.Id));
        var o = c.Officer;
        var email = Require.OptionalText(o.Email, "email", 100) ?? "";
        var at = email.IndexOf('@');
        if (email.Length > 0 && (at <= 0 || at == email.Length - 1 || email.Contains(' ')))
            throw new InvalidFieldException("email", $"'{email}' is not an email address", $"“{email}”不是电子邮箱地址");
        var officer = new LiaisonOfficer(Require.Text(o.Name, "name", 50), Require.OptionalText(o.Position, "position", 50) ?? "",
            Phone(o.OfficePhone, "office_phone"), Phone(o.Mobile, "mobile"), email);
        if (officer.OfficePhone.Length == 0 && officer.Mobile.Length == 0)
            throw new InvalidFieldException("mobile", "a liaison officer needs an office phone or a mobile", "联络员须留办公电话或手机号码", Reasons.FieldRequired);
        return officer == department.Liaison ? [] : [new LiaisonOfficerNamed(department.Id, officer, ctx.Caller, ctx.Now)];
    }

    /// <summary>Who reads a liaison officer's contact details: the department itself and the offices over its region.</summary>
    public static void RequireLiaisonReader(Department department, Caller caller)
    {
        if (caller.ActsFor(department.Id)) return;
        if (caller.IsSupervisor() && (Regions.CityOrWider(caller.Region) || Regions.Within(department.RegionCode, caller.Region))) return;
        throw new ForbiddenException($"{caller.DepartmentId} may not read the liaison officer of {department.Id}", $"{caller.DepartmentId} 无权查看 {department.Id} 的联络员",
            DirectoriesReasons.LiaisonKeeperOnly.About(department.Id));
    }

    private static string Phone(string? value, string field)
    {
        var phone = Require.OptionalText(value, field, 20) ?? "";
        return phone.All(ch => char.IsAsciiDigit(ch) || ch is '-' or '+' or ' ') ? phone
            : throw new InvalidFieldException(field, $"'{phone}' is not a phone number", $"“{phone}”不是电话号码");
    }

    private static Department Active(Department? state, string id) => state switch
    {
        null => throw new NotFoundException($"no department {id}", $"没有部门 {id}", Reasons.DepartmentNotFound.About(id)),
        { Retired: true } => throw new RuleViolationException($"department {id} is retired", $"部门 {id} 已撤销", Reasons.DepartmentClosed.About(id)),
        _ => state,
    };

    private static void RequireSupervisor(CommandContext ctx, string what)
    {
        if (!ctx.Caller.IsSupervisor())
            throw new ForbiddenException($"only the supervising office may {what}", "只有领导小组办公室可以维护成员单位（新建、更名、撤销部门）", Reasons.OfficeOnly.About(null));
    }

    /// <summary>
    /// An office keeps the member departments of its region, by the region its token carries: the city's office (130300)
    /// any, a county's office (130302) its county's only.
    /// </summary>
    private static void InRegion(CommandContext ctx, string region, string departmentId)
    {
        if (!Regions.CityOrWider(ctx.Caller.Region) && !Regions.Within(region, ctx.Caller.Region))
            throw new ForbiddenException($"department {departmentId} ({region}) lies outside the region of the office {ctx.Caller.DepartmentId} ('{ctx.Caller.Region}')",
                $"部门 {departmentId}（{region}）不在领导小组办公室 {ctx.Caller.DepartmentId} 的管辖地区（{ctx.Caller.Region}）之内",
                Reasons.OfficeOnly.About(departmentId));
    }

    private static void RequireOwnOrSupervisor(Department department, CommandContext ctx)
    {
        if (ctx.Caller.IsSupervisor()) InRegion(ctx, department.RegionCode, department.Id);
        else if (!ctx.Caller.ActsFor(department.Id))
            throw new ForbiddenException($"{ctx.Caller.DepartmentId} may not change department {department.Id}", $"{ctx.Caller.DepartmentId} 无权修改部门 {department.Id}",
                Reasons.DepartmentOnly.About(department.Id));
    }

    /// <summary>
    /// 行政区划代码: six digits; a province's ends in 0000, a city's in 00, a county's in neither
    /// (130000 Hebei, 130300 Qinhuangdao, 130302 Haigang).
    /// </summary>
    private static string RegionCode(string? value, DepartmentLevel level)
    {
        var code = value?.Trim() ?? "";
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
            throw new InvalidFieldException("region_code", $"'{code}' is not a six-digit administrative division code", $"“{code}”不是六位行政区划代码");
        var expected = level switch
        {
            DepartmentLevel.Province => code.EndsWith("0000", StringComparison.Ordinal),
            DepartmentLevel.City => code.EndsWith("00", StringComparison.Ordinal) && !code.EndsWith("0000", StringComparison.Ordinal),
            _ => !code.EndsWith("00", StringComparison.Ordinal),
        };
        return expected ? code : throw new InvalidFieldException("region_code", $"{code} is not a {Name(level)}-level division code", $"{code} 不是{Chinese(level)}行政区划代码");
    }

    private static InternalUnit[] Units(IReadOnlyList<InternalUnit> units, string field = "units")
    {
        var checkedUnits = units.Select((u, i) => new InternalUnit(
            Require.Code(u.Code, $"{field}[{i}].code"), Require.Text(u.Name, $"{field}[{i}].name", 100))).ToArray();
        var duplicate = checkedUnits.GroupBy(u => u.Code).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? checkedUnits
            : throw new InvalidFieldException(field, $"unit code {duplicate.Key} appears twice", $"内设机构编码 {duplicate.Key} 重复出现", Reasons.FieldDuplicate);
    }

    public static string Name(DepartmentLevel level) => level.ToString().ToLowerInvariant();

    private static string Chinese(DepartmentLevel level) => level switch
    {
        DepartmentLevel.Province => "省级",
        DepartmentLevel.City => "市级",
        _ => "县级",
    };
}
