using Shuangsuiji.Kernel;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Plans;
using Shuangsuiji.Tasks.ReturnVisits;

namespace Shuangsuiji.Tasks.Draws;

/// <summary>
/// A draw as a client asks it of the draw engine for a task: what it leaves empty the task fills in. A return visit's
/// draw names the closed tasks it samples.
/// </summary>
/// <param name="StrataClasses">the credit risk classes of each stratum (none: the entities without a class)</param>
public sealed record AskedDraw(IReadOnlyList<string> Departments, IReadOnlyList<string> Items, PlanScope Scope,
    IReadOnlyList<IReadOnlyList<string>> StrataClasses, string? RedrawOf, IReadOnlyList<string> SampledTasks)
{
    public bool IsReturnVisit => SampledTasks.Count > 0;
}

/// <summary>The draw a task allows: its inspecting departments (the lead first), the items, a scope within the task's, and the task's risk quotas.</summary>
public sealed record DrawTerms(IReadOnlyList<string> Departments, IReadOnlyList<string> Items, PlanScope Scope, IReadOnlyList<RiskQuota> Quotas);

/// <summary>
/// A draw must fit what it is for, or it is refused with the field that does not fit (rather than drawn and then left
/// unrecorded): a task's draw is made by its inspecting departments, the lead first, for the task's items, within the
/// task's scope, with a stratum for each risk class the task has a quota for, when the task can take a draw; a return
/// visit's draw is the office's, over exactly the visit's tasks. Decided here, where the task's state is; the draw engine
/// asks for it before every preparation, and checks each stratum's size against the quotas itself (only it knows the
/// candidates).
/// </summary>
public static class DrawFit
{
    public static DrawTerms ForTask(InspectionTask task, AskedDraw asked)
    {
        Takes(task, asked.RedrawOf);
        var departments = task.Inspecting.Select(d => d.DepartmentId).ToList();
        if (asked.Departments.Count > 0)
        {
            if (asked.Departments[0] != departments[0])
                throw new InvalidFieldException("department_ids", $"the task's lead {departments[0]} comes first, not {asked.Departments[0]}",
                    $"应首先列出任务的牵头部门 {departments[0]}，而不是 {asked.Departments[0]}", TasksReasons.DrawDepartmentsMismatch.About(departments));
            if (!asked.Departments.ToHashSet().SetEquals(departments))
                throw new InvalidFieldException("department_ids", $"the task's inspecting departments draw together: {string.Join(", ", departments)}",
                    $"任务的各检查部门共同抽取：{string.Join("、", departments)}", TasksReasons.DrawDepartmentsMismatch.About(departments));
        }
        var items = task.Inspecting.SelectMany(d => d.Items).Distinct().ToList();
        foreach (var (item, i) in asked.Items.Select((item, i) => (item, i)))
            if (!items.Contains(item))
                throw new InvalidFieldException($"item_ids[{i}]", $"{item} is not an item of task {task.TaskId}", $"{item} 不是任务 {task.TaskId} 的检查事项",
                    TasksReasons.ItemNotInTask.About(task.TaskId, item));
        var quotas = task.Quotas.Select(q => q with { RiskClass = q.RiskClass.Trim().ToUpperInvariant() }).ToList();
        foreach (var quota in quotas)
            if (!asked.StrataClasses.Any(classes => classes.Contains(quota.RiskClass)))
                throw new InvalidFieldException("strata.risk_classes", $"the task draws class {quota.RiskClass} ({Size(quota)}): give it a stratum",
                    $"任务要求抽取 {quota.RiskClass} 类（{Size(quota)}）：请为其设置分层", TasksReasons.QuotaNotCovered.About(quota.RiskClass));
        return new DrawTerms(departments, asked.Items.Count > 0 ? asked.Items : items, Within(asked.Scope, task.Scope, task.TaskId), quotas);
    }

    /// <summary>
    /// Whether the task can take a draw now: a first draw once it is approved and its partners confirmed; a re-draw of the
    /// draw it holds, until a department has matched inspectors to that one.
    /// </summary>
    public static void Takes(InspectionTask task, string? redrawOf)
    {
        if (redrawOf is null)
        {
            if (task.Status != InspectionTaskStatus.PartnersConfirmed)
                throw task.DrawId is { } drawn
                    ? new RuleViolationException($"task {task.TaskId} has been drawn (draw {drawn}): a re-draw names it in redraw_of, with a reason",
                        $"任务 {task.TaskId} 已完成抽取（抽取 {drawn}）：重新抽取须在 redraw_of 中注明该抽取并说明理由", TasksReasons.AlreadyDrawn.About(task.TaskId, drawn))
                    : new RuleViolationException($"task {task.TaskId} is not ready for its draw: it is drawn once approved and its partners confirmed",
                        $"任务 {task.TaskId} 尚不能抽取：须经批准且各配合部门均已确认后方可抽取", TasksReasons.TaskNotReadyForDraw.About(task.TaskId));
        }
        else if (task.Status != InspectionTaskStatus.Drawn || task.DrawId != redrawOf)
            throw new InvalidFieldException("redraw_of", $"{redrawOf} is not the draw task {task.TaskId} holds ({task.DrawId ?? "none yet"})",
                $"{redrawOf} 不是任务 {task.TaskId} 当前的抽取（{task.DrawId ?? "尚无"}）", TasksReasons.RedrawOfInvalid.About(task.DrawId));
        else if (task.Inspecting.Any(d => d.Stage >= DepartmentStage.Matched))
            throw new RuleViolationException($"task {task.TaskId} has matched inspectors to draw {redrawOf}; a re-draw cannot replace it now",
                $"任务 {task.TaskId} 已为抽取 {redrawOf} 匹配检查人员，不能再以重新抽取替换该抽取", TasksReasons.RedrawTooLate.About(task.TaskId, redrawOf));
    }

    public static DrawTerms ForVisit(ReturnVisit visit, AskedDraw asked)
    {
        if (asked.Departments.Count > 0 && (asked.Departments.Count != 1 || asked.Departments[0] != visit.OfficeId))
            throw new InvalidFieldException("department_ids", $"return visit {visit.VisitId} is drawn by its office {visit.OfficeId} alone",
                $"回访 {visit.VisitId} 由其办公室 {visit.OfficeId} 单独抽取", TasksReasons.DrawDepartmentsMismatch.About(visit.OfficeId));
        if (!asked.SampledTasks.ToHashSet().SetEquals(visit.TaskIds))
            throw new InvalidFieldException("sampled_task_ids", $"return visit {visit.VisitId} samples {string.Join(", ", visit.TaskIds)}",
                $"回访 {visit.VisitId} 抽取的任务是 {string.Join("、", visit.TaskIds)}", TasksReasons.SampledTasksMismatch.About(visit.TaskIds));
        Takes(visit, asked.RedrawOf);
        return new DrawTerms([visit.OfficeId], asked.Items, asked.Scope, []);
    }

    /// <summary>Whether the return visit can take a draw now: once planned; a re-draw of the draw it holds until an entity is visited.</summary>
    public static void Takes(ReturnVisit visit, string? redrawOf)
    {
        if (redrawOf is null && visit.Status != ReturnVisitStatus.Planned)
            throw new RuleViolationException($"return visit {visit.VisitId} has been drawn (draw {visit.DrawId}): a re-draw names it in redraw_of, with a reason",
                $"回访 {visit.VisitId} 已完成抽取（抽取 {visit.DrawId}）：重新抽取须在 redraw_of 中注明该抽取并说明理由",
                TasksReasons.AlreadyDrawn.About(visit.VisitId, visit.DrawId));
        if (redrawOf is not null && (visit.Status != ReturnVisitStatus.Drawn || visit.DrawId != redrawOf))
            throw new InvalidFieldException("redraw_of", $"{redrawOf} is not the draw return visit {visit.VisitId} holds ({visit.DrawId ?? "none yet"})",
                $"{redrawOf} 不是回访 {visit.VisitId} 当前的抽取（{visit.DrawId ?? "尚无"}）", TasksReasons.RedrawOfInvalid.About(visit.DrawId));
        if (redrawOf is not null && visit.Visits.Count > 0)
            throw new RuleViolationException($"return visit {visit.VisitId} has visited entities of draw {redrawOf}; a re-draw cannot replace it now",
                $"回访 {visit.VisitId} 已回访抽取 {redrawOf} 的对象，不能再以重新抽取替换该抽取", TasksReasons.RedrawTooLate.About(visit.VisitId, redrawOf));
    }

    /// <summary>
    /// The draw's scope, within the task's: divisions and industries are code prefixes, so the draw's must each lie under
    /// one of the task's; types, tags and sub-libraries are sets, so the draw's must be among the task's. A dimension the
    /// draw leaves empty is the task's; one the task leaves open, the draw may narrow.
    /// </summary>
    private static PlanScope Within(PlanScope draw, PlanScope task, string taskId)
    {
        IReadOnlyList<string> Narrow(IReadOnlyList<string> asked, IReadOnlyList<string> allowed, string field, bool prefixes)
        {
            if (allowed.Count == 0) return asked;
            if (asked.Count == 0) return allowed;
            foreach (var value in asked)
                if (!allowed.Any(a => prefixes ? value.StartsWith(a, StringComparison.Ordinal) : value == a))
                    throw new InvalidFieldException($"scope.{field}", $"{value} is outside the scope of task {taskId} ({string.Join(", ", allowed)})",
                        $"{value} 超出任务 {taskId} 的范围（{string.Join("、", allowed)}）", TasksReasons.OutsideScope.About(allowed));
            return asked;
        }
        return new PlanScope(Narrow(draw.Divisions, task.Divisions, "divisions", true), Narrow(draw.Industries, task.Industries, "industries", true),
            Narrow(draw.EntityTypes, task.EntityTypes, "entity_types", false), Narrow(draw.Tags, task.Tags, "tags", false),
            Narrow(draw.SubLibraries, task.SubLibraries, "sub_libraries", false));
    }

    private static string Size(RiskQuota quota) => quota.Percent is { } p ? $"{p} %" : $"{quota.Count}";
}
