using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Directories.Departments;
using Shuangsuiji.Directories.Tags;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Directories.Entities;

/// <summary>A row of a file that could not be taken, with its line number and why.</summary>
/// <summary>A row refused, by its line in the file: why, in English and in Chinese (which the consoles show).</summary>
public sealed record Rejection(int Line, string Reason, string? Chinese = null);

/// <summary>What a batch of rows comes to: the changes to record, how many changed nothing, and the rejected rows.</summary>
public sealed record BatchOutcome<TChange>(IReadOnlyList<TChange> Changes, int Unchanged, IReadOnlyList<Rejection> Rejected);

/// <summary>
/// The rules of the entity directory. A department keeps the entities registered by it or by the departments
/// under it; data changes are recorded only when something actually changes, so importing the same file twice
/// changes nothing; a sharp rise of the risk class raises a warning.
/// </summary>
public static class EntityDecider
{
    public static IReadOnlyList<object> Register(MarketEntity? current, EntityInput input, DepartmentTree departments, CommandContext ctx)
    {
        var (uscc, data, status) = input.Check(departments, KeeperScope(departments, ctx));
        if (current is not null)
            throw new AlreadyExistsException($"entity {uscc} is already in the directory", $"市场主体 {uscc} 已在名录库中", DirectoriesReasons.EntityExists.About(uscc));
        return [new EntityRegistered(uscc, data, status, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Amend(MarketEntity? current, EntityInput input, string reason, DepartmentTree departments, CommandContext ctx)
    {
        var scope = KeeperScope(departments, ctx);
        var entity = Kept(current, input.Uscc, scope);
        var (_, data, _) = (input with { Status = Names.Of(entity.Status) }).Check(departments, scope);
        if (data == entity.Data) return [];
        return [new EntityAmended(entity.Uscc, data, Require.Text(reason, "reason", 500), ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> ChangeStatus(MarketEntity? current, string uscc, RegistrationStatus? status, string reason, DateOnly effectiveOn,
        DepartmentTree departments, CommandContext ctx)
    {
        var entity = Kept(current, uscc, KeeperScope(departments, ctx));
        var next = status ?? throw new InvalidFieldException("status", "is required", "必填", Reasons.FieldRequired);
        if (next == entity.Status)
            throw new RuleViolationException($"entity {uscc} is already {Names.Of(next)}", $"市场主体 {uscc} 的登记状态已是 {Names.Of(next)}",
                DirectoriesReasons.StatusUnchanged.About(Names.Of(next)));
        return [new EntityStatusChanged(entity.Uscc, next, Require.Text(reason, "reason", 500), effectiveOn, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Tag(MarketEntity? current, string uscc, string tag, bool add, TagCatalog tags, DepartmentTree departments, CommandContext ctx)
    {
        var entity = Kept(current, uscc, KeeperScope(departments, ctx));
        if (add)
        {
            tags.RequireUsable(tag, TagSubject.Entity, "tag");
            return entity.Tags.Contains(tag) ? [] : [new EntityTagged(entity.Uscc, tag, ctx.Caller, ctx.Now)];
        }
        return entity.Tags.Contains(tag) ? [new EntityUntagged(entity.Uscc, tag, ctx.Caller, ctx.Now)] : [];
    }

    /// <summary>Sub-library membership ("department/code") is kept by the staff (or a system) of the department that owns the sub-library.</summary>
    public static IReadOnlyList<object> SubLibrary(MarketEntity? current, string uscc, string library, bool join, string? reason,
        DepartmentTree departments, CommandContext ctx)
    {
        var entity = current ?? throw new NotFoundException($"no entity {uscc} in the directory", $"名录库中没有市场主体 {uscc}", DirectoriesReasons.EntityNotFound.About(uscc));
        var owner = SubLibraryOwner(library, departments, "library");
        if (!ctx.Caller.ActsFor(owner))
            throw new ForbiddenException($"sub-library {library} is kept by {owner}", $"子库 {library} 由 {owner} 维护", Reasons.DepartmentOnly.About(owner));
        KeeperScope(departments, ctx);
        if (join) return entity.SubLibraries.Contains(library) ? [] : [new SubLibraryJoined(entity.Uscc, library, ctx.Caller, ctx.Now)];
        return entity.SubLibraries.Contains(library)
            ? [new SubLibraryLeft(entity.Uscc, library, Require.Text(reason, "reason", 500), ctx.Caller, ctx.Now)]
            : [];
    }

    public static IReadOnlyList<object> ChangeRiskClass(MarketEntity? current, string uscc, string riskClass, DateOnly effectiveOn,
        RiskClasses classes, DepartmentTree departments, CommandContext ctx)
    {
        var entity = Kept(current, uscc, KeeperScope(departments, ctx));
        if (!classes.Contains(riskClass))
            throw new InvalidFieldException("risk_class", $"'{riskClass}' is not one of {string.Join(", ", classes.Ordered)}",
                $"“{riskClass}”不是 {string.Join("、", classes.Ordered)} 之一", DirectoriesReasons.RiskClassUnknown.About(classes.Ordered));
        var from = entity.Risk?.Class;
        if (from == riskClass) return [];
        if (entity.Risk is { } risk && effectiveOn < risk.Since)
            throw new InvalidFieldException("effective_on", $"{effectiveOn:yyyy-MM-dd} is before the current class took effect ({risk.Since:yyyy-MM-dd})",
                $"{effectiveOn:yyyy-MM-dd} 早于现有风险等级的生效日期（{risk.Since:yyyy-MM-dd}）", Reasons.DateTooEarly.About(risk.Since));
        List<object> events = [new RiskClassChanged(entity.Uscc, from, riskClass, effectiveOn, ctx.Caller, ctx.Now)];
        if (classes.Warns(from, riskClass)) events.Add(new RiskWarningRaised(entity.Uscc, from, riskClass, effectiveOn, ctx.Now));
        return events;
    }

    /// <summary>
    /// A department's decision enters the entity's credit record. A penalty for a serious violation (严重违法失信) also
    /// raises its risk class one step, from the decision's date (or from when the current class took effect, if
    /// later), warning as any rise does; the highest class stays, and an entity without a class keeps none until the
    /// monthly classification gives it one.
    /// </summary>
    public static IReadOnlyList<object> RecordCredit(MarketEntity entity, CreditEntry credit, RiskClasses classes, CommandContext ctx)
    {
        List<object> events = [new CreditRecorded(entity.Uscc, credit, ctx.Caller, ctx.Now)];
        if (!credit.Serious || credit.Kind != CreditRecordAdded.Penalty || entity.Risk is not { } risk || classes.Above(risk.Class) is not { } raised)
            return events;
        var effectiveOn = credit.DecidedOn > risk.Since ? credit.DecidedOn : risk.Since;
        events.Add(new RiskClassChanged(entity.Uscc, risk.Class, raised, effectiveOn, ctx.Caller, ctx.Now));
        if (classes.Warns(risk.Class, raised)) events.Add(new RiskWarningRaised(entity.Uscc, risk.Class, raised, effectiveOn, ctx.Now));
        return events;
    }

    /// <summary>A batch of entity rows: new ones added, changed ones updated, the same ones left alone.</summary>
    public static BatchOutcome<ImportedEntity> Import(
        IReadOnlyList<(int Line, EntityInput Input)> rows, IReadOnlyDictionary<string, MarketEntity> current,
        DepartmentTree departments, IReadOnlySet<string> scope, Func<MarketEntity, bool> writtenByThisImport)
    {
        var changes = new List<ImportedEntity>();
        var rejected = new List<Rejection>();
        var seen = new Dictionary<string, int>();
        var unchanged = 0;
        foreach (var (line, input) in rows)
        {
            try
            {
                var (uscc, data, status) = input.Check(departments, scope);
                if (seen.TryGetValue(uscc, out var first) || current.GetValueOrDefault(uscc) is { } written && writtenByThisImport(written))
                    throw new InvalidFieldException("uscc", $"{uscc} appears twice in this file" + (first > 0 ? $" (first on line {first})" : ""),
                        $"{uscc} 在本文件中重复出现" + (first > 0 ? $"（首次出现在第 {first} 行）" : ""), Reasons.FieldDuplicate);
                seen[uscc] = line;
                var existing = current.GetValueOrDefault(uscc);
                if (existing is not null && existing.Data == data && existing.Status == status) unchanged++;
                else changes.Add(new ImportedEntity(uscc, data, status, existing is null));
            }
            catch (DomainException e)
            {
                rejected.Add(new Rejection(line, e.Message, e.Chinese));
            }
        }
        return new BatchOutcome<ImportedEntity>(changes, unchanged, rejected);
    }

    /// <summary>The registering authorities whose entities the caller keeps: its own department and those under it.</summary>
    public static IReadOnlySet<string> KeeperScope(DepartmentTree departments, CommandContext ctx) =>
        ctx.Caller.Role is Shuangsuiji.Kernel.Roles.Staff or Shuangsuiji.Kernel.Roles.System
            ? departments.Scope(ctx.Caller.DepartmentId)
            : throw new ForbiddenException($"a {ctx.Caller.Role} may not change the entity directory", $"{ctx.Caller.Role} 角色无权修改检查对象名录库",
                Reasons.RoleNotAllowed.About(ctx.Caller.Role));

    public static string SubLibraryOwner(string library, DepartmentTree departments, string field)
    {
        var parts = library.Split('/');
        if (parts.Length != 2) throw new InvalidFieldException(field, $"'{library}' is not a sub-library (department_id/code)", $"“{library}”不是子库（部门编号/编码）");
        Require.Code(parts[1], field);
        return departments.Find(parts[0]) is { Retired: false } ? parts[0]
            : throw new InvalidFieldException(field, $"no department {parts[0]}", $"没有部门 {parts[0]}（或已撤销）", Reasons.UnknownReference);
    }

    private static MarketEntity Kept(MarketEntity? current, string? uscc, IReadOnlySet<string> scope) => current switch
    {
        null => throw new NotFoundException($"no entity {uscc} in the directory", $"名录库中没有市场主体 {uscc}", DirectoriesReasons.EntityNotFound.About(uscc)),
        _ when !scope.Contains(current.Data.RegisteringAuthority) =>
            throw new ForbiddenException($"entity {current.Uscc} is kept by {current.Data.RegisteringAuthority} and the departments above it",
                $"市场主体 {current.Uscc} 由其登记机关 {current.Data.RegisteringAuthority} 及其上级部门维护",
                DirectoriesReasons.KeeperOnly.About(current.Data.RegisteringAuthority)),
        _ => current,
    };
}
