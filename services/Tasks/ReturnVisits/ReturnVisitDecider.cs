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
    /// <param name="supervised">whether the caller's office supervises a department (its region holds the department's)</param>
    public static IReadOnlyList<object> Plan(ReturnVisit? state, PlanReturnVisit c, Func<string, InspectionTask?> tasks, Func<string, bool> supervised,
        CommandContext ctx)
    {
        var id = Require.Code(c.VisitId, "visit_id");
        if (state is not null) throw new AlreadyExistsException($"return visit {id} already exists", $"回访 {id} 已存在", TasksReasons.ReturnVisitExists.About(id));
        Permit.Office(ctx.Caller, Require.Code(c.OfficeId, "office_id"), "plan return visits");
        if (c.TaskIds.Count is 0 or > MaxTasks)
            throw new InvalidFieldException("task_ids", $"name one to {MaxTasks} closed tasks to sample", $"请列出 1 至 {MaxTasks} 个已办结的任务供抽取",
                c.TaskIds.Count == 0 ? Reasons.FieldRequired : Reasons.FieldOutOfRange);
        if (c.TaskIds.Distinct().Count() != c.TaskIds.Count) throw new InvalidFieldException("task_ids", "name each task once", "每个任务只能列出一次", Reasons.FieldDuplicate);
        foreach (var taskId in c.TaskIds)
        {
            var task = tasks(Require.Code(taskId, "task_ids")) ?? throw new InvalidFieldException("task_ids", $"no task {taskId}", $"没有任务 {taskId}", Reasons.UnknownReference);
            // A county's office samples its county's tasks only; the city office any task in the city.
            if (task.Departments.FirstOrDefault(d => !supervised(d.DepartmentId)) is { } outside)
                throw new ForbiddenException($"task {taskId} is of {outside.DepartmentId}, outside the region of the office {c.OfficeId}",
                    $"任务 {taskId} 属于 {outside.DepartmentId}，不在领导小组办公室 {c.OfficeId} 的辖区内", TasksReasons.TaskOutsideRegion.About(taskId, outside.DepartmentId));
            if (task.Status != InspectionTaskStatus.Closed)
                throw new InvalidFieldException("task_ids", $"task {taskId} is {task.Status}: return visits sample closed tasks",
                    $"任务 {taskId} 当前为{task.Status.Label()}：回访只抽取已办结的任务", TasksReasons.TaskNotClosed.About(taskId, task.Status));
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
        var v = Existing(visit);
        if (party != v.OfficeId)
            throw new RuleViolationException($"draw {drawId} was prepared by {party}, not by the office {v.OfficeId}",
                $"抽取 {drawId} 由 {party} 准备，而不是由领导小组办公室 {v.OfficeId} 准备", TasksReasons.DrawByOther.About(drawId, party));
        if (!sampledTasks.ToHashSet().SetEquals(v.TaskIds))
            throw new RuleViolationException($"draw {drawId} sampled tasks {string.Join(", ", sampledTasks)}, not the visit's {string.Join(", ", v.TaskIds)}",
                $"抽取 {drawId} 抽样的任务为 {string.Join("、", sampledTasks)}，而非回访的 {string.Join("、", v.TaskIds)}", TasksReasons.DrawSamplesOtherTasks.About(drawId));
        var replacing = redrawOf is not null && v.DrawId == redrawOf;
        var expected = replacing ? ReturnVisitStatus.Drawn : ReturnVisitStatus.Planned;
        if (v.Status != expected)
            throw new RuleViolationException($"return visit {v.VisitId} is {v.Status}: it cannot record draw {drawId}",
                $"回访 {v.VisitId} 当前为{v.Status.Label()}：不能记录抽取 {drawId}", TasksReasons.ReturnVisitWrongStatus.About(v.VisitId, v.Status, expected));
        if (v.Visits.Count > 0)
            throw new RuleViolationException($"return visit {v.VisitId} has visited entities of draw {redrawOf}; a re-draw cannot replace it now",
                $"回访 {v.VisitId} 已走访抽取 {redrawOf} 的对象，不能再以重新抽取替换该抽取", TasksReasons.RedrawTooLate.About(v.VisitId, redrawOf));
        var entities = usccs.Select(u => new SampledEntity(u, [.. tasks.Where(t => t.Entities.Contains(u)).Select(t => t.TaskId).Order(StringComparer.Ordinal)]));
        return [new ReturnVisitDrawn(v.VisitId, Require.Code(drawId, "draw_id"), [.. entities], ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> RecordVisit(ReturnVisit? visit, string uscc, DateOnly visitedOn, VisitOutcome outcome, string? findings, CommandContext ctx)
    {
        var v = Office(visit, ctx, "record return visits");
        if (v.Status != ReturnVisitStatus.Drawn)
            throw new RuleViolationException($"return visit {v.VisitId} is {v.Status}: visits are recorded after its draw, until it is closed",
                $"回访 {v.VisitId} 当前为{v.Status.Label()}：走访在抽取之后、办结之前记录",
                TasksReasons.ReturnVisitWrongStatus.About(v.VisitId, v.Status, nameof(ReturnVisitStatus.Drawn)));
        if (v.Entities.All(e => e.Uscc != uscc))
            throw new InvalidFieldException("uscc", $"{uscc} was not drawn for return visit {v.VisitId}", $"{uscc} 未被回访 {v.VisitId} 抽中",
                TasksReasons.EntityNotSampled.About(v.VisitId, uscc));
        if (v.VisitOf(uscc) is { } done)
            throw new AlreadyExistsException($"{uscc} was visited on {done.VisitedOn:yyyy-MM-dd}", $"{uscc} 已于 {done.VisitedOn:yyyy-MM-dd} 走访",
                TasksReasons.EntityVisited.About(uscc, done.VisitedOn));
        if (visitedOn > ChinaDate.Of(ctx.Now))
            throw new InvalidFieldException("visited_on", $"{visitedOn:yyyy-MM-dd} is in the future", $"{visitedOn:yyyy-MM-dd} 晚于今天", Reasons.DateInFuture.About(ChinaDate.Of(ctx.Now)));
        var text = Require.OptionalText(findings, "findings", 2000);
        if (outcome != VisitOutcome.Confirmed && text is null)
            throw new InvalidFieldException("findings", $"say what was found when the outcome is {outcome}", "走访结果不是“检查结果属实，整改到位”时，请说明发现的情况", Reasons.FieldRequired);
        return [new EntityVisited(v.VisitId, uscc, visitedOn, outcome, text, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Close(ReturnVisit? visit, DateOnly closedOn, string? summary, CommandContext ctx)
    {
        var v = Office(visit, ctx, "close return visits");
        if (v.Status != ReturnVisitStatus.Drawn)
            throw new RuleViolationException($"return visit {v.VisitId} is {v.Status}: only a drawn visit is closed", $"回访 {v.VisitId} 当前为{v.Status.Label()}：只有已抽取的回访才能办结",
                TasksReasons.ReturnVisitWrongStatus.About(v.VisitId, v.Status, nameof(ReturnVisitStatus.Drawn)));
        if (v.Entities.Where(e => v.VisitOf(e.Uscc) is null).Select(e => e.Uscc).ToList() is { Count: > 0 } waiting)
            throw new RuleViolationException($"{waiting.Count} drawn entities are not visited yet (first {waiting[0]})", $"尚有 {waiting.Count} 个抽中对象未走访（首个为 {waiting[0]}）",
                TasksReasons.VisitsPending.About(v.VisitId, waiting.Count, waiting[0]));
        var last = v.Visits.Select(x => (DateOnly?)x.VisitedOn).Max();
        if (closedOn < last)
            throw new InvalidFieldException("closed_on", $"{closedOn:yyyy-MM-dd} is before the last visit ({last:yyyy-MM-dd})", $"{closedOn:yyyy-MM-dd} 早于最后一次走访（{last:yyyy-MM-dd}）",
                Reasons.DateTooEarly.About(last));
        if (closedOn > ChinaDate.Of(ctx.Now))
            throw new InvalidFieldException("closed_on", $"{closedOn:yyyy-MM-dd} is in the future", $"{closedOn:yyyy-MM-dd} 晚于今天", Reasons.DateInFuture.About(ChinaDate.Of(ctx.Now)));
        return [new ReturnVisitClosed(v.VisitId, closedOn, Require.Text(summary, "summary", 4000), ctx.Caller, ctx.Now)];
    }

    private static ReturnVisit Office(ReturnVisit? visit, CommandContext ctx, string what)
    {
        var v = Existing(visit);
        Permit.Office(ctx.Caller, v.OfficeId, what);
        return v;
    }

    private static ReturnVisit Existing(ReturnVisit? visit) =>
        visit ?? throw new NotFoundException("no such return visit", "没有该回访", TasksReasons.ReturnVisitNotFound.About(null));
}
