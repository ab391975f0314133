using Shuangsuiji.Draws.Candidates;
using Shuangsuiji.Draws.Sampling;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Draws.Drawing;

/// <summary>
/// A draw must fit what it is for, or it is refused at preparation with the field that does not fit (rather than
/// drawn and then dropped by the tasks service): a task's draw is made by its inspecting departments, the lead first,
/// for the task's items, within the task's scope, with each risk class the task has a quota for in a stratum at least
/// as large; a return visit's draw is the office's, over exactly the visit's tasks. What the request leaves empty is
/// taken from the task.
/// </summary>
public static class DrawFit
{
    public static PrepareDraw ForTask(PrepareDraw c, TaskTerms task)
    {
        if (c.RedrawOf is null)
        {
            if (!task.PartnersConfirmed)
                throw task.Drawn
                    ? new RuleViolationException($"task {task.TaskId} has been drawn (draw {task.DrawId}): a re-draw names it in redraw_of, with a reason",
                        $"任务 {task.TaskId} 已完成抽取（抽取 {task.DrawId}）：重新抽取须在 redraw_of 中注明该抽取并说明理由",
                        DrawsReasons.AlreadyDrawn.About(task.TaskId, task.DrawId))
                    : new RuleViolationException($"task {task.TaskId} is not ready for its draw: it is drawn once approved and its partners confirmed",
                        $"任务 {task.TaskId} 尚不能抽取：须经批准且各配合部门均已确认后方可抽取", DrawsReasons.TaskNotReadyForDraw.About(task.TaskId));
        }
        else if (!task.Drawn || task.DrawId != c.RedrawOf)
            throw new InvalidFieldException("redraw_of", $"{c.RedrawOf} is not the draw task {task.TaskId} holds ({task.DrawId ?? "none yet"})",
                $"{c.RedrawOf} 不是任务 {task.TaskId} 当前的抽取（{task.DrawId ?? "尚无"}）", DrawsReasons.RedrawOfInvalid.About(task.DrawId));
        else if (task.Matched)
            throw new RuleViolationException($"task {task.TaskId} has matched inspectors to draw {c.RedrawOf}; a re-draw cannot replace it now",
                $"任务 {task.TaskId} 已为抽取 {c.RedrawOf} 匹配检查人员，不能再以重新抽取替换该抽取", DrawsReasons.RedrawTooLate.About(task.TaskId, c.RedrawOf));

        var departments = task.Departments.Select(d => d.DepartmentId).ToList();
        if (c.Departments.Count > 0)
        {
            if (c.Departments[0] != departments[0])
                throw new InvalidFieldException("department_ids", $"the task's lead {departments[0]} comes first, not {c.Departments[0]}",
                    $"应首先列出任务的牵头部门 {departments[0]}，而不是 {c.Departments[0]}", DrawsReasons.DepartmentsMismatch.About(departments));
            if (!c.Departments.ToHashSet().SetEquals(departments))
                throw new InvalidFieldException("department_ids", $"the task's inspecting departments draw together: {string.Join(", ", departments)}",
                    $"任务的各检查部门共同抽取：{string.Join("、", departments)}", DrawsReasons.DepartmentsMismatch.About(departments));
        }
        var items = task.Departments.SelectMany(d => d.Items).Distinct().ToList();
        foreach (var (item, i) in c.Items.Select((item, i) => (item, i)))
            if (!items.Contains(item))
                throw new InvalidFieldException($"item_ids[{i}]", $"{item} is not an item of task {task.TaskId}", $"{item} 不是任务 {task.TaskId} 的检查事项",
                    DrawsReasons.ItemNotInTask.About(task.TaskId, item));
        return c with
        {
            Departments = departments,
            Items = c.Items.Count > 0 ? c.Items : items,
            Scope = Within(c.Scope, task.Scope, task.TaskId),
        };
    }

    public static PrepareDraw ForVisit(PrepareDraw c, VisitTerms visit)
    {
        if (c.Departments.Count > 0 && (c.Departments.Count != 1 || c.Departments[0] != visit.OfficeId))
            throw new InvalidFieldException("department_ids", $"return visit {visit.VisitId} is drawn by its office {visit.OfficeId} alone",
                $"回访 {visit.VisitId} 由其办公室 {visit.OfficeId} 单独抽取", DrawsReasons.DepartmentsMismatch.About(visit.OfficeId));
        if (!c.SampledTasks!.ToHashSet().SetEquals(visit.TaskIds))
            throw new InvalidFieldException("sampled_task_ids", $"return visit {visit.VisitId} samples {string.Join(", ", visit.TaskIds)}",
                $"回访 {visit.VisitId} 抽取的任务是 {string.Join("、", visit.TaskIds)}", DrawsReasons.SampledTasksMismatch.About(visit.TaskIds));
        if (c.RedrawOf is null && !visit.Planned)
            throw new RuleViolationException($"return visit {visit.VisitId} has been drawn (draw {visit.DrawId}): a re-draw names it in redraw_of, with a reason",
                $"回访 {visit.VisitId} 已完成抽取（抽取 {visit.DrawId}）：重新抽取须在 redraw_of 中注明该抽取并说明理由",
                DrawsReasons.AlreadyDrawn.About(visit.VisitId, visit.DrawId));
        if (c.RedrawOf is not null && (!visit.Drawn || visit.DrawId != c.RedrawOf))
            throw new InvalidFieldException("redraw_of", $"{c.RedrawOf} is not the draw return visit {visit.VisitId} holds ({visit.DrawId ?? "none yet"})",
                $"{c.RedrawOf} 不是回访 {visit.VisitId} 当前的抽取（{visit.DrawId ?? "尚无"}）", DrawsReasons.RedrawOfInvalid.About(visit.DrawId));
        if (c.RedrawOf is not null && visit.Visited)
            throw new RuleViolationException($"return visit {visit.VisitId} has visited entities of draw {c.RedrawOf}; a re-draw cannot replace it now",
                $"回访 {visit.VisitId} 已回访抽取 {c.RedrawOf} 的对象，不能再以重新抽取替换该抽取", DrawsReasons.RedrawTooLate.About(visit.VisitId, c.RedrawOf));
        return c with { Departments = [visit.OfficeId] };
    }

    /// <summary>
    /// Each class the task has a quota for lies in a stratum that asks at least the quota: a percentage stratum at least the
    /// highest percentage of its classes' quotas; otherwise at least as many entities as those quotas ask of its candidates.
    /// </summary>
    public static void Quotas(IReadOnlyList<StratumSpec> strata, Func<string, int> candidates, IReadOnlyList<RiskQuota> quotas)
    {
        foreach (var quota in quotas)
            if (!strata.Any(s => s.RiskClasses.Contains(quota.RiskClass)))
                throw new InvalidFieldException("strata.risk_classes", $"the task draws class {quota.RiskClass} ({Size(quota.Percent, quota.Count)}): give it a stratum",
                    $"任务要求抽取 {quota.RiskClass} 类（{Size(quota.Percent, quota.Count)}）：请为其设置分层", DrawsReasons.QuotaNotCovered.About(quota.RiskClass));
        foreach (var (stratum, i) in strata.Select((s, i) => (s, i)))
        {
            var own = quotas.Where(q => stratum.RiskClasses.Contains(q.RiskClass)).ToList();
            if (own.Count == 0) continue;
            var highest = own.Where(q => q.Percent is not null).MaxBy(q => q.Percent);
            if (stratum.Percent is { } percent && own.All(q => q.Percent is not null))
            {
                if (percent < highest!.Percent)
                    throw new InvalidFieldException($"strata[{i}].percent",
                        $"stratum {stratum.Label}: {percent} % is below the task's quota for class {highest.RiskClass} ({highest.Percent} %)",
                        $"分层 {stratum.Label}：{percent} % 低于任务对 {highest.RiskClass} 类的抽查比例（{highest.Percent} %）",
                        DrawsReasons.QuotaNotMet.About(stratum.Label, $"{highest.Percent} %"));
                continue;
            }
            var n = candidates(stratum.Label);
            var required = Math.Max(highest is null ? 0 : new StratumSize(highest.Percent, null).For(n), own.Sum(q => q.Count ?? 0));
            var asked = new StratumSize(stratum.Percent, stratum.Count).For(n);
            if (asked < required)
                throw new InvalidFieldException(stratum.Percent is null ? $"strata[{i}].count" : $"strata[{i}].percent",
                    $"stratum {stratum.Label}: asks {asked} of {n} candidates, the task's quotas for {string.Join(", ", own.Select(q => $"class {q.RiskClass} ({Size(q.Percent, q.Count)})"))} ask {required}",
                    $"分层 {stratum.Label}：从 {n} 个候选对象中抽取 {asked} 个，而任务对 {string.Join("、", own.Select(q => $"{q.RiskClass} 类（{Size(q.Percent, q.Count)}）"))} 的要求为 {required} 个",
                    DrawsReasons.QuotaNotMet.About(stratum.Label, required));
        }
    }

    /// <summary>
    /// The draw's scope, within the task's: divisions and industries are code prefixes, so the draw's must each lie under
    /// one of the task's; types, tags and sub-libraries are sets, so the draw's must be among the task's. A dimension the
    /// draw leaves empty is the task's; one the task leaves open, the draw may narrow.
    /// </summary>
    private static CandidateScope Within(CandidateScope draw, CandidateScope task, string taskId)
    {
        IReadOnlyList<string> Narrow(IReadOnlyList<string> asked, IReadOnlyList<string> allowed, string field, bool prefixes)
        {
            if (allowed.Count == 0) return asked;
            if (asked.Count == 0) return allowed;
            foreach (var value in asked)
                if (!allowed.Any(a => prefixes ? value.StartsWith(a, StringComparison.Ordinal) : value == a))
                    throw new InvalidFieldException($"scope.{field}", $"{value} is outside the scope of task {taskId} ({string.Join(", ", allowed)})",
                        $"{value} 超出任务 {taskId} 的范围（{string.Join("、", allowed)}）", DrawsReasons.OutsideScope.About(allowed));
            return asked;
        }
        return new CandidateScope(Narrow(draw.Divisions, task.Divisions, "divisions", true), Narrow(draw.Industries, task.Industries, "industries", true),
            Narrow(draw.EntityTypes, task.EntityTypes, "entity_types", false), Narrow(draw.Tags, task.Tags, "tags", false),
            Narrow(draw.SubLibraries, task.SubLibraries, "sub_libraries", false));
    }

    private static string Size(decimal? percent, int? count) => percent is { } p ? $"{p} %" : $"{count}";
}
