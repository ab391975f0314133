using Shuangsuiji.Kernel;

namespace Shuangsuiji.Supervision.SpecialInspections;

/// <param name="RegionCode">set when opened over a region: <paramref name="DepartmentIds"/> are then its departments at the time</param>
public sealed record SpecialInspectionOpened(string InspectionId, string OfficeId, string Subject, DateOnly From, DateOnly To, IReadOnlyList<string> DepartmentIds,
    string? RegionCode, DateOnly OpenedOn, Caller By, DateTimeOffset At);

public sealed record FindingRecorded(string InspectionId, string FindingId, string DepartmentId, string Found, string Rectification, DateOnly RectifyBy,
    DateOnly RecordedOn, Caller By, DateTimeOffset At);

public sealed record SpecialInspectionClosed(string InspectionId, DateOnly ClosedOn, Caller By, DateTimeOffset At);

/// <summary>A circular's draft written, new or again (the draft's whole text each time).</summary>
public sealed record CircularDrafted(string InspectionId, string CircularId, string Title, string Text, IReadOnlyList<string> FindingIds, string? Corrects,
    Caller By, DateTimeOffset At);

/// <summary>The draft became the circular: public from now on, and never changed again.</summary>
public sealed record CircularPublished(string InspectionId, string CircularId, DateOnly PublishedOn, Caller By, DateTimeOffset At);

public sealed record Finding(string FindingId, string DepartmentId, string Found, string Rectification, DateOnly RectifyBy, DateOnly RecordedOn);

public sealed record Circular(string CircularId, string Title, string Text, IReadOnlyList<string> FindingIds, string? Corrects, DateOnly? PublishedOn)
{
    public bool Published => PublishedOn is not null;
}

/// <summary>
/// A special inspection (专项督查) of the office (stream "special-inspection:{id}"): the departments it looks at, the
/// findings per department, and its circulars (通报).
/// </summary>
public sealed record SpecialInspection(string Id, string InspectionId, string OfficeId, string Subject, DateOnly From, DateOnly To,
    IReadOnlyList<string> DepartmentIds, string? RegionCode, DateOnly OpenedOn, DateOnly? ClosedOn, IReadOnlyList<Finding> Findings,
    IReadOnlyList<Circular> Circulars) : IAggregate<SpecialInspection>
{
    public long Version { get; set; }

    public bool Closed => ClosedOn is not null;

    public static string StreamId(string inspectionId) => $"special-inspection:{inspectionId}";

    public static SpecialInspection When(SpecialInspection? state, object @event) => (state, @event) switch
    {
        (null, SpecialInspectionOpened e) => new SpecialInspection(StreamId(e.InspectionId), e.InspectionId, e.OfficeId, e.Subject, e.From, e.To, e.DepartmentIds,
            e.RegionCode, e.OpenedOn, null, [], []),
        ({ } s, FindingRecorded e) => s with { Findings = [.. s.Findings, new Finding(e.FindingId, e.DepartmentId, e.Found, e.Rectification, e.RectifyBy, e.RecordedOn)] },
        ({ } s, SpecialInspectionClosed e) => s with { ClosedOn = e.ClosedOn },
        ({ } s, CircularDrafted e) => s with
        {
            Circulars = [.. s.Circulars.Where(c => c.CircularId != e.CircularId), new Circular(e.CircularId, e.Title, e.Text, e.FindingIds, e.Corrects, null)],
        },
        ({ } s, CircularPublished e) => s with
        {
            Circulars = [.. s.Circulars.Select(c => c.CircularId == e.CircularId ? c with { PublishedOn = e.PublishedOn } : c)],
        },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to special inspection {state?.Id ?? "(new)"}"),
    };

    public Circular? Circular(string circularId) => Circulars.FirstOrDefault(c => c.CircularId == circularId);
}

/// <summary>
/// The office's decisions on its special inspections. An office inspects the departments it oversees (the city office the
/// city's and the counties', a county office its county's); findings are recorded while the inspection is open, circulars
/// published once it is closed, so that a circular reports findings that no longer change.
/// </summary>
public static class SpecialInspectionDecider
{
    public sealed record Open(string InspectionId, string Subject, DateOnly From, DateOnly To, IReadOnlyList<string> DepartmentIds, string? RegionCode);

    /// <param name="supervised">whether the caller's office oversees a department</param>
    /// <param name="regionDepartments">the departments of a region the caller's office oversees, or null when it does not oversee that region</param>
    public static IReadOnlyList<object> OpenInspection(SpecialInspection? current, Open command, Func<string, bool> supervised,
        Func<string, IReadOnlyList<string>?> regionDepartments, CommandContext ctx)
    {
        OfficeOnly(ctx.Caller);
        if (current is not null)
            throw new AlreadyExistsException($"special inspection {command.InspectionId} exists", $"专项督查 {command.InspectionId} 已存在",
                SupervisionReasons.SpecialInspectionExists.About(command.InspectionId));
        var subject = Require.Text(command.Subject, "subject", 200);
        if (command.To < command.From) throw new InvalidFieldException("to", "is before from", "早于开始日期", Reasons.FieldOutOfRange);
        IReadOnlyList<string> departments;
        if (command.RegionCode is { } region)
        {
            if (command.DepartmentIds.Count > 0)
                throw new InvalidFieldException("department_ids", "give departments or a region, not both", "部门与地区只能二选一", Reasons.FieldInvalid);
            departments = regionDepartments(region) ?? throw new ForbiddenException($"region {region} is not within the office's",
                $"地区 {region} 不在本办公室的辖区内", Reasons.RecordNotVisible.About(region));
            if (departments.Count == 0)
                throw new NotFoundException($"no department of region {region} is known", $"监管服务尚未获知地区 {region} 的任何部门",
                    SupervisionReasons.RegionNotFound.About(region));
        }
        else
        {
            if (command.DepartmentIds.Count == 0)
                throw new InvalidFieldException("department_ids", "give the departments or a region", "请选择部门或地区", Reasons.FieldRequired);
            if (command.DepartmentIds.Distinct().Count() != command.DepartmentIds.Count)
                throw new InvalidFieldException("department_ids", "a department is given twice", "部门重复", Reasons.FieldDuplicate);
            foreach (var (id, i) in command.DepartmentIds.Select((id, i) => (id, i)))
                if (!supervised(id))
                    throw new InvalidFieldException($"department_ids[{i}]", $"{id} is not a department the office oversees", $"{id} 不是本办公室监督的部门",
                        Reasons.DepartmentNotKnown.About(id));
            departments = command.DepartmentIds;
        }
        return [new SpecialInspectionOpened(command.InspectionId, ctx.Caller.DepartmentId, subject, command.From, command.To, departments, command.RegionCode,
            ChinaToday(ctx), ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> RecordFinding(SpecialInspection? current, string departmentId, string found, string rectification, DateOnly rectifyBy,
        CommandContext ctx)
    {
        var inspection = Own(current, ctx);
        if (inspection.Closed) throw Closed(inspection);
        if (!inspection.DepartmentIds.Contains(departmentId))
            throw new InvalidFieldException("department_id", $"{departmentId} is not a department of this inspection", $"{departmentId} 不在本次督查范围内",
                Reasons.FieldInvalid);
        var today = ChinaToday(ctx);
        if (rectifyBy < today) throw new InvalidFieldException("rectify_by", "is in the past", "整改期限不能早于今天", Reasons.FieldOutOfRange);
        return [new FindingRecorded(inspection.InspectionId, $"F{inspection.Findings.Count + 1}", departmentId, Require.Text(found, "found", 2000),
            Require.Text(rectification, "rectification", 2000), rectifyBy, today, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Close(SpecialInspection? current, CommandContext ctx)
    {
        var inspection = Own(current, ctx);
        return inspection.Closed ? [] : [new SpecialInspectionClosed(inspection.InspectionId, ChinaToday(ctx), ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Draft(SpecialInspection? current, string? circularId, string title, string text, IReadOnlyList<string> findingIds,
        string? corrects, CommandContext ctx)
    {
        var inspection = Own(current, ctx);
        var id = circularId ?? $"{inspection.InspectionId}-{inspection.Circulars.Count + 1}";
        if (circularId is not null)
        {
            var draft = inspection.Circular(circularId) ?? throw NoCircular(inspection, circularId);
            if (draft.Published) throw Published(draft);
        }
        foreach (var (findingId, i) in findingIds.Select((f, i) => (f, i)))
            if (inspection.Findings.All(f => f.FindingId != findingId))
                throw new InvalidFieldException($"finding_ids[{i}]", $"{findingId} is not a finding of this inspection", $"{findingId} 不是本次督查的发现问题",
                    Reasons.UnknownReference);
        if (corrects is not null && inspection.Circular(corrects) is not { Published: true })
            throw new InvalidFieldException("corrects", $"{corrects} is not a published circular of this inspection", $"{corrects} 不是本次督查已发布的通报",
                Reasons.UnknownReference);
        return [new CircularDrafted(inspection.InspectionId, id, Require.Text(title, "title", 200), Require.Text(text, "text", 20000), [.. findingIds.Distinct()],
            corrects, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Publish(SpecialInspection? current, string circularId, CommandContext ctx)
    {
        var inspection = Own(current, ctx);
        var circular = inspection.Circular(circularId) ?? throw NoCircular(inspection, circularId);
        if (circular.Published) return [];
        if (!inspection.Closed)
            throw new RuleViolationException($"special inspection {inspection.InspectionId} is still open: close it before publishing its circular",
                $"专项督查 {inspection.InspectionId} 尚未结束，结束后才能发布通报", SupervisionReasons.SpecialInspectionOpen.About(inspection.InspectionId));
        return [new CircularPublished(inspection.InspectionId, circularId, ChinaToday(ctx), ctx.Caller, ctx.Now)];
    }

    /// <summary>The inspection, if it is the caller's office's own.</summary>
    private static SpecialInspection Own(SpecialInspection? current, CommandContext ctx)
    {
        OfficeOnly(ctx.Caller);
        if (current is null) throw new NotFoundException("no such special inspection", "没有该专项督查", SupervisionReasons.SpecialInspectionNotFound.About(null));
        if (current.OfficeId != ctx.Caller.DepartmentId)
            throw new ForbiddenException($"special inspection {current.InspectionId} is {current.OfficeId}'s", $"专项督查 {current.InspectionId} 属于 {current.OfficeId}",
                Reasons.OfficeOnly.About(current.OfficeId));
        return current;
    }

    private static RuleViolationException Closed(SpecialInspection inspection) =>
        new($"special inspection {inspection.InspectionId} is closed", $"专项督查 {inspection.InspectionId} 已结束", SupervisionReasons.SpecialInspectionClosed.About(inspection.InspectionId));

    private static RuleViolationException Published(Circular circular) =>
        new($"circular {circular.CircularId} is published and cannot change: a correction is a new circular that names it (corrects)",
            $"通报 {circular.CircularId} 已发布，不能修改；如需更正，请另发一份注明所更正通报的新通报", SupervisionReasons.CircularAlreadyPublished.About(circular.CircularId));

    private static NotFoundException NoCircular(SpecialInspection inspection, string circularId) =>
        new($"special inspection {inspection.InspectionId} has no circular {circularId}", $"专项督查 {inspection.InspectionId} 没有通报 {circularId}",
            SupervisionReasons.CircularNotFound.About(circularId));

    private static void OfficeOnly(Caller caller)
    {
        if (!caller.IsSupervisor())
            throw new ForbiddenException($"only the supervising office keeps special inspections; {caller.DepartmentId} ({caller.Role}) may not",
                $"只有领导小组办公室可以开展专项督查；{caller.DepartmentId}（{caller.Role}）无权执行", Reasons.OfficeOnly.About(null));
    }

    private static DateOnly ChinaToday(CommandContext ctx) => Shuangsuiji.Kernel.Calendar.ChinaDate.Of(ctx.Now);
}
