using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Tasks.ReturnVisits;

public sealed record PlanReturnVisit(string VisitId, string OfficeId, string Name, IReadOnlyList<string> TaskIds, string? Reason);

/// <summary>
/// The rules of a return visit (回访, docs/domain.md: rules and workflow): the supervising office plans it over closed tasks, the draw
/// engine samples their entities verifiably (only a draw of the office over exactly those tasks counts), the office
/// records what it found at every drawn entity, then closes the visit.
/// </summary>
public static class ReturnVisitDecider
{
    private const int MaxTasks = 1000;

    /// <param name="tasks">the named tasks as they stand (null: no such task)</param>
    public static IReadOnlyList<object> Plan(ReturnVisit? state, PlanReturnVisit c, Func<string, InspectionTask?> tasks, CommandContext ctx)
    {
        var id = Require.Code(c.VisitId, "visit_id");
        if (state is not null) throw new AlreadyExistsException($"return visit {id} already exists");
        Permit.Office(ctx.Caller, Require.Code(c.OfficeId, "office_id"), "plan return visits");
        if (c.TaskIds.Count is 0 or > MaxTasks) throw new InvalidFieldException("task_ids", $"name one to {MaxTasks} closed tasks to sample");
        if (c.TaskIds.Distinct().Count() != c.TaskIds.Count) throw new InvalidFieldException("task_ids", "name each task once");
        foreach (var taskId in c.TaskIds)
        {
            var task = tasks(Require.Code(taskId, "task_ids")) ?? throw new InvalidFieldException("task_ids", $"no task {taskId}");
            if (task.Status != InspectionTaskStatus.Closed)
                throw new InvalidFieldException("task_ids", $"task {taskId} is {task.Status}: return visits sample closed tasks");
        }
        return [new ReturnVisitPlanned(id, c.OfficeId, Require.Text(c.Name, "name"), c.TaskIds, Require.OptionalText(c.Reason, "reason", 1000),
            ctx.Caller, ctx.Now)];
    }

    /// <summary>
    /// The draw engine executed the visit's draw (its message, attributed to the party that executed it). A re-draw
    /// replaces the draw it names until the first entity is visited.
    /// </summary>
    public static IReadOnlyList<object> RecordDraw(ReturnVisit? visit, string drawId, string party, IReadOnlyList<string> sampledTasks, string? redrawOf,
        IReadOnlyList<string> usccs, IReadOnlyCollection<InspectionTask> tasks, CommandContext ctx)
    {
        var v = visit ?? throw new NotFoundException("no such return visit");
        if (party != v.OfficeId) throw new RuleViolationException($"draw {drawId} was prepared by {party}, not by the office {v.OfficeId}");
        if (!sampledTasks.ToHashSet().SetEquals(v.TaskIds))
            throw new RuleViolationException($"draw {drawId} sampled tasks {string.Join(", ", sampledTasks)}, not the visit's {string.Join(", ", v.TaskIds)}");
        var replacing = redrawOf is not null && v.DrawId == redrawOf;
        if (v.Status != (replacing ? ReturnVisitStatus.Drawn : ReturnVisitStatus.Planned))
            throw new RuleViolationException($"return visit {v.VisitId} is {v.Status}: it cannot record draw {drawId}");
        if (v.Visits.Count > 0) throw new RuleViolationException($"return visit {v.VisitId} has visited entities of draw {redrawOf}; a re-draw cannot replace it now");
        var entities = usccs.Select(u => new SampledEntity(u, [.. tasks.Where(t => t.Entities.Contains(u)).Select(t => t.TaskId).Order(StringComparer.Ordinal)]));
        return [new ReturnVisitDrawn(v.VisitId, Require.Code(drawId, "draw_id"), [.. entities], ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> RecordVisit(ReturnVisit? visit, string uscc, DateOnly visitedOn, VisitOutcome outcome, string? findings, CommandContext ctx)
    {
        var v = Office(visit, ctx, "record return visits");
        if (v.Status != ReturnVisitStatus.Drawn)
            throw new RuleViolationException($"return visit {v.VisitId} is {v.Status}: visits are recorded after its draw, until it is closed");
        if (v.Entities.All(e => e.Uscc != uscc)) throw new InvalidFieldException("uscc", $"{uscc} was not drawn for return visit {v.VisitId}");
        if (v.VisitOf(uscc) is { } done) throw new AlreadyExistsException($"{uscc} was visited on {done.VisitedOn:yyyy-MM-dd}");
        if (visitedOn > ChinaDate.Of(ctx.Now)) throw new InvalidFieldException("visited_on", $"{visitedOn:yyyy-MM-dd} is in the future");
        var text = Require.OptionalText(findings, "findings", 2000);
        if (outcome != VisitOutcome.Confirmed && text is null) throw new InvalidFieldException("findings", $"say what was found when the outcome is {outcome}");
        return [new EntityVisited(v.VisitId, uscc, visitedOn, outcome, text, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Close(ReturnVisit? visit, DateOnly closedOn, string? summary, CommandContext ctx)
    {
        var v = Office(visit, ctx, "close return visits");
        if (v.Status != ReturnVisitStatus.Drawn) throw new RuleViolationException($"return visit {v.VisitId} is {v.Status}: only a drawn visit is closed");
        if (v.Entities.Where(e => v.VisitOf(e.Uscc) is null).Select(e => e.Uscc).ToList() is { Count: > 0 } waiting)
            throw new RuleViolationException($"{waiting.Count} drawn entities are not visited yet (first {waiting[0]})");
        var last = v.Visits.Select(x => (DateOnly?)x.VisitedOn).Max();
        if (closedOn < last) throw new InvalidFieldException("closed_on", $"{closedOn:yyyy-MM-dd} is before the last visit ({last:yyyy-MM-dd})");
        if (closedOn > ChinaDate.Of(ctx.Now)) throw new InvalidFieldException("closed_on", $"{closedOn:yyyy-MM-dd} is in the future");
        return [new ReturnVisitClosed(v.VisitId, closedOn, Require.Text(summary, "summary", 4000), ctx.Caller, ctx.Now)];
    }

    private static ReturnVisit Office(ReturnVisit? visit, CommandContext ctx, string what)
    {
        var v = visit ?? throw new NotFoundException("no such return visit");
        Permit.Office(ctx.Caller, v.OfficeId, what);
        return v;
    }
}
