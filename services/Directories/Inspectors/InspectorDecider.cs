using Shuangsuiji.Directories.Entities;
using Shuangsuiji.Directories.Tags;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Directories.Inspectors;

/// <summary>An inspector as submitted (a command or a file row), before it is checked.</summary>
public sealed record InspectorInput(
    string? InspectorId, string? Name, string? Unit, string? CertificateNumber, string? ValidFrom, string? ValidTo, string? Region,
    IReadOnlyList<string> Specialties, string? Status, string? IdNumber, string? Phone, IReadOnlyList<string> Conflicts);

/// <summary>
/// The rules of the inspector directory: a department keeps its own inspectors; specialties come from the
/// tag library; conflicts name entities of the directory. Nothing is recorded when nothing changes.
/// </summary>
public static class InspectorDecider
{
    public static readonly IReadOnlyDictionary<string, InspectorStatus> Statuses = new Dictionary<string, InspectorStatus>
    {
        ["active"] = InspectorStatus.Active, ["在岗"] = InspectorStatus.Active,
        ["on_leave"] = InspectorStatus.OnLeave, ["休假"] = InspectorStatus.OnLeave,
        ["transferred"] = InspectorStatus.Transferred, ["调离"] = InspectorStatus.Transferred,
        ["retired"] = InspectorStatus.Retired, ["退休"] = InspectorStatus.Retired,
    };

    /// <summary>
    /// Registers a new inspector or brings an existing one in line with the input: one event per aspect that
    /// differs. <paramref name="entityExists"/> checks conflict codes against the entity directory.
    /// </summary>
    public static IReadOnlyList<object> Upsert(Inspector? current, string departmentId, InspectorInput input, TagCatalog tags,
        Func<string, bool> entityExists, string reason, CommandContext ctx)
    {
        Keeper(departmentId, ctx);
        var id = Require.Code(input.InspectorId, "inspector_id");
        var profile = Profile(input);
        var specialties = Specialties(input.Specialties, tags, current?.Specialties ?? []);
        var personal = new PersonalData(IdNumber(input.IdNumber), Require.OptionalText(input.Phone, "phone", 20));
        var status = string.IsNullOrWhiteSpace(input.Status) ? InspectorStatus.Active
            : Statuses.TryGetValue(input.Status.Trim(), out var s) ? s
            : throw new InvalidFieldException("status", $"'{input.Status}' is not one of active, on_leave, transferred, retired",
                $"“{input.Status}”不是在岗（active）、休假（on_leave）、调离（transferred）或退休（retired）之一");
        var conflicts = input.Conflicts.Select(u => EntityInput.CheckUscc(u, "conflicts")).Distinct().Order().ToList();
        if (conflicts.FirstOrDefault(u => !entityExists(u)) is { } unknown)
            throw new InvalidFieldException("conflicts", $"no entity {unknown} in the directory", $"名录库中没有市场主体 {unknown}", Reasons.UnknownReference);

        var events = new List<object>();
        if (current is null)
        {
            events.Add(new InspectorRegistered(id, departmentId, profile, specialties, personal, ctx.Caller, ctx.Now));
            if (status != InspectorStatus.Active) events.Add(new InspectorStatusChanged(id, status, reason, DateOnly.FromDateTime(ctx.Now.Date), ctx.Caller, ctx.Now));
            events.AddRange(conflicts.Select(u => new ConflictDeclared(id, u, reason, ctx.Caller, ctx.Now)));
            return events;
        }
        if (current.Profile != profile) events.Add(new InspectorAmended(id, profile, ctx.Caller, ctx.Now));
        if (current.Personal != personal) events.Add(new InspectorPersonalDataChanged(id, personal, ctx.Caller, ctx.Now));
        if (!current.Specialties.SequenceEqual(specialties)) events.Add(new InspectorSpecialtiesChanged(id, specialties, ctx.Caller, ctx.Now));
        if (current.Status != status) events.Add(new InspectorStatusChanged(id, status, reason, DateOnly.FromDateTime(ctx.Now.Date), ctx.Caller, ctx.Now));
        events.AddRange(conflicts.Except(current.Conflicts).Select(u => new ConflictDeclared(id, u, reason, ctx.Caller, ctx.Now)));
        events.AddRange(current.Conflicts.Except(conflicts).Select(u => new ConflictWithdrawn(id, u, reason, ctx.Caller, ctx.Now)));
        return events;
    }

    public static IReadOnlyList<object> ChangeStatus(Inspector? current, InspectorStatus? status, string reason, DateOnly effectiveOn, CommandContext ctx)
    {
        var inspector = Kept(current, ctx);
        var next = status ?? throw new InvalidFieldException("status", "is required", "必填", Reasons.FieldRequired);
        if (next == inspector.Status)
            throw new RuleViolationException($"inspector {inspector.InspectorId} is already {Names.Of(next)}", $"检查人员 {inspector.InspectorId} 的状态已是 {Names.Of(next)}",
                DirectoriesReasons.StatusUnchanged.About(Names.Of(next)));
        return [new InspectorStatusChanged(inspector.InspectorId, next, Require.Text(reason, "reason", 500), effectiveOn, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> DeclareConflict(Inspector? current, string uscc, string reason, Func<string, bool> entityExists, CommandContext ctx)
    {
        var inspector = Kept(current, ctx);
        var code = EntityInput.CheckUscc(uscc);
        if (!entityExists(code)) throw new InvalidFieldException("uscc", $"no entity {code} in the directory", $"名录库中没有市场主体 {code}", Reasons.UnknownReference);
        if (inspector.Conflicts.Contains(code)) return [];
        return [new ConflictDeclared(inspector.InspectorId, code, Require.Text(reason, "reason", 500), ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> WithdrawConflict(Inspector? current, string uscc, string reason, CommandContext ctx)
    {
        var inspector = Kept(current, ctx);
        if (!inspector.Conflicts.Contains(uscc))
            throw new NotFoundException($"inspector {inspector.InspectorId} has declared no conflict with {uscc}", $"检查人员 {inspector.InspectorId} 未申报与 {uscc} 存在利害关系",
                DirectoriesReasons.ConflictNotFound.About(inspector.InspectorId, uscc));
        return [new ConflictWithdrawn(inspector.InspectorId, uscc, Require.Text(reason, "reason", 500), ctx.Caller, ctx.Now)];
    }

    /// <summary>Only the inspector's own department keeps (and sees the personal data of) its inspectors.</summary>
    public static void Keeper(string departmentId, CommandContext ctx)
    {
        if (!ctx.Caller.ActsFor(departmentId) || ctx.Caller.Role is not (Roles.Staff or Roles.System))
            throw new ForbiddenException($"the inspectors of {departmentId} are kept by its own staff", $"{departmentId} 的检查人员由本部门工作人员维护",
                Reasons.DepartmentOnly.About(departmentId));
    }

    private static Inspector Kept(Inspector? current, CommandContext ctx)
    {
        var inspector = current ?? throw new NotFoundException("no such inspector", "没有该检查人员", DirectoriesReasons.InspectorNotFound.About(null, null));
        Keeper(inspector.DepartmentId, ctx);
        return inspector;
    }

    private static InspectorProfile Profile(InspectorInput input)
    {
        var validFrom = Require.Date(input.ValidFrom, "certificate_valid_from");
        var validTo = Require.Date(input.ValidTo, "certificate_valid_to");
        if (validTo < validFrom)
            throw new InvalidFieldException("certificate_valid_to", "is before certificate_valid_from", "早于执法证有效期起始日期", Reasons.DateTooEarly.About(validFrom));
        var region = input.Region?.Trim() ?? "";
        if (region.Length != 6 || !region.All(char.IsAsciiDigit))
            throw new InvalidFieldException("region", $"'{input.Region}' is not a six-digit administrative division code", $"“{input.Region}”不是六位行政区划代码");
        return new InspectorProfile(Require.Text(input.Name, "name", 50), Require.OptionalText(input.Unit, "unit", 64),
            new Certificate(Require.Text(input.CertificateNumber, "certificate_no", 40), validFrom, validTo), region);
    }

    private static string? IdNumber(string? value) =>
        value?.Trim().ToUpperInvariant() is { Length: > 0 } number
            ? ResidentIdNumber.Problem(number) is { } problem
                ? throw new InvalidFieldException("id_number", problem, "不是有效的居民身份证号码（18 位，校验码须正确）", DirectoriesReasons.IdNumberInvalid)
                : number
            : null;

    /// <summary>New specialties must be usable tags; one the inspector already has may stay after its tag retires.</summary>
    private static string[] Specialties(IReadOnlyList<string> specialties, TagCatalog tags, IReadOnlyList<string> held)
    {
        var list = specialties.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct().Order().ToArray();
        foreach (var tag in list.Except(held)) tags.RequireUsable(tag, TagSubject.Inspector, "specialties");
        return list;
    }
}
