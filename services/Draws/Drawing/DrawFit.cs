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
                throw new RuleViolationException(task.Drawn
                    ? $"task {task.TaskId} has been drawn (draw {task.DrawId}): a re-draw names it in redraw_of, with a reason"
                    : $"task {task.TaskId} is not ready for its draw: it is drawn once approved and its partners confirmed");
        }
        else if (!task.Drawn || task.DrawId != c.RedrawOf)
            throw new InvalidFieldException("redraw_of", $"{c.RedrawOf} is not the draw task {task.TaskId} holds ({task.DrawId ?? "none yet"})");
        else if (task.Matched)
            throw new RuleViolationException($"task {task.TaskId} has matched inspectors to draw {c.RedrawOf}; a re-draw cannot replace it now");

        var departments = task.Departments.Select(d => d.DepartmentId).ToList();
        if (c.Departments.Count > 0)
        {
            if (c.Departments[0] != departments[0])
                throw new InvalidFieldException("department_ids", $"the task's lead {departments[0]} comes first, not {c.Departments[0]}");
            if (!c.Departments.ToHashSet().SetEquals(departments))
                throw new InvalidFieldException("department_ids", $"the task's inspecting departments draw together: {string.Join(", ", departments)}");
        }
        var items = task.Departments.SelectMany(d => d.Items).Distinct().ToList();
        foreach (var (item, i) in c.Items.Select((item, i) => (item, i)))
            if (!items.Contains(item)) throw new InvalidFieldException($"item_ids[{i}]", $"{item} is not an item of task {task.TaskId}");
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
            throw new InvalidFieldException("department_ids", $"return visit {visit.VisitId} is drawn by its office {visit.OfficeId} alone");
        if (!c.SampledTasks!.ToHashSet().SetEquals(visit.TaskIds))
            throw new InvalidFieldException("sampled_task_ids", $"return visit {visit.VisitId} samples {string.Join(", ", visit.TaskIds)}");
        if (c.RedrawOf is null && !visit.Planned)
            throw new RuleViolationException($"return visit {visit.VisitId} has been drawn (draw {visit.DrawId}): a re-draw names it in redraw_of, with a reason");
        if (c.RedrawOf is not null && (!visit.Drawn || visit.DrawId != c.RedrawOf))
            throw new InvalidFieldException("redraw_of", $"{c.RedrawOf} is not the draw return visit {visit.VisitId} holds ({visit.DrawId ?? "none yet"})");
        if (c.RedrawOf is not null && visit.Visited)
            throw new RuleViolationException($"return visit {visit.VisitId} has visited entities of draw {c.RedrawOf}; a re-draw cannot replace it now");
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
                throw new InvalidFieldException("strata.risk_classes", $"the task draws class {quota.RiskClass} ({Size(quota.Percent, quota.Count)}): give it a stratum");
        foreach (var stratum in strata)
        {
            var own = quotas.Where(q => stratum.RiskClasses.Contains(q.RiskClass)).ToList();
            if (own.Count == 0) continue;
            var highest = own.Where(q => q.Percent is not null).MaxBy(q => q.Percent);
            if (stratum.Percent is { } percent && own.All(q => q.Percent is not null))
            {
                if (percent < highest!.Percent)
                    throw new InvalidFieldException("strata.percent",
                        $"stratum {stratum.Label}: {percent} % is below the task's quota for class {highest.RiskClass} ({highest.Percent} %)");
                continue;
            }
            var n = candidates(stratum.Label);
            var required = Math.Max(highest is null ? 0 : new StratumSize(highest.Percent, null).For(n), own.Sum(q => q.Count ?? 0));
            var asked = new StratumSize(stratum.Percent, stratum.Count).For(n);
            if (asked < required)
                throw new InvalidFieldException(stratum.Percent is null ? "strata.count" : "strata.percent",
                    $"stratum {stratum.Label}: asks {asked} of {n} candidates, the task's quotas for {string.Join(", ", own.Select(q => $"class {q.RiskClass} ({Size(q.Percent, q.Count)})"))} ask {required}");
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
                    throw new InvalidFieldException($"scope.{field}", $"{value} is outside the scope of task {taskId} ({string.Join(", ", allowed)})");
            return asked;
        }
        return new CandidateScope(Narrow(draw.Divisions, task.Divisions, "divisions", true), Narrow(draw.Industries, task.Industries, "industries", true),
            Narrow(draw.EntityTypes, task.EntityTypes, "entity_types", false), Narrow(draw.Tags, task.Tags, "tags", false),
            Narrow(draw.SubLibraries, task.SubLibraries, "sub_libraries", false));
    }

    private static string Size(decimal? percent, int? count) => percent is { } p ? $"{p} %" : $"{count}";
}
