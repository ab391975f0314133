using Shuangsuiji.Tasks.Departments;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Plans;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Tasks.Dispatches;

/// <summary>
/// What a dispatch says when it is sent: outside the plan the task's terms as given; from the plan (PlanYear and TaskCode)
/// the planned task's own. No receivers means every department directly below the sender.
/// </summary>
public sealed record SendDispatch(
    string DispatchId, string DepartmentId, string Name, IReadOnlyList<string> Items, PlanScope Scope, IReadOnlyList<RiskQuota> Quotas,
    DateOnly? CheckFrom, DateOnly? CheckTo, string Notice, IReadOnlyList<string> Receivers, string? TaskCode);

/// <summary>
/// Tasks dispatched down the system (派发, docs/domain.md). Staff of a department send a task to the departments of the same
/// system directly below it (their parent is the sender): not to another system's, not past a level, not to one merged or
/// retired. Each receiver's staff receive it, which makes the receiver's own task — its items of the same codes, the scope
/// narrowed to its region, the dispatch's quotas and period — carried like any of its tasks (its reviewer approves it).
/// </summary>
public static class DispatchDecider
{
    public static IReadOnlyList<object> Send(Dispatch? state, SendDispatch c, DepartmentTree tree, AnnualPlan? plan, CommandContext ctx)
    {
        var id = Require.Code(c.DispatchId, "dispatch_id");
        if (state is not null) throw new AlreadyExistsException($"dispatch {id} already exists", $"派发 {id} 已存在", TasksReasons.DispatchExists.About(id));
        Permit.Staff(ctx.Caller, c.DepartmentId, "dispatch tasks to the departments below it");
        var notice = Require.Text(c.Notice, "notice", 2000);
        if (c.TaskCode is { Length: > 0 } code)
        {
            var (planned, reference) = Planned(plan, c.DepartmentId, code);
            return [new DispatchSent(id, c.DepartmentId, planned.Name, Codes(planned.Items, c.DepartmentId, "task_code"), planned.Scope, planned.Quotas,
                planned.From, planned.To, notice, reference, Receivers(c, tree, planned.Scope), ctx.Caller, ctx.Now)];
        }
        var from = c.CheckFrom ?? throw new InvalidFieldException("check_from", "is required", "必填", Reasons.FieldRequired);
        var to = c.CheckTo ?? throw new InvalidFieldException("check_to", "is required", "必填", Reasons.FieldRequired);
        if (to < from)
            throw new InvalidFieldException("check_to", $"{to:yyyy-MM-dd} is before {from:yyyy-MM-dd}", $"{to:yyyy-MM-dd} 早于 {from:yyyy-MM-dd}", Reasons.DateTooEarly.About(from));
        var scope = PlanDecider.Valid(c.Scope, "scope");
        return [new DispatchSent(id, c.DepartmentId, Require.Text(c.Name, "name"), Codes(c.Items, c.DepartmentId, "items"), scope,
            PlanDecider.Valid(c.Quotas, "quotas"), from, to, notice, null, Receivers(c, tree, scope), ctx.Caller, ctx.Now)];
    }

    /// <summary>
    /// The receiver's staff take the dispatch on: the dispatch records which task carries it, and the task is created in
    /// the same commit (<see cref="TaskFor"/>).
    /// </summary>
    public static IReadOnlyList<object> Receive(Dispatch? state, string departmentId, string taskId, CommandContext ctx)
    {
        var d = state ?? throw new NotFoundException("no such dispatch", "没有该派发任务", TasksReasons.DispatchNotFound.About(null));
        var receiverId = Require.Code(departmentId, "department_id");
        Permit.Staff(ctx.Caller, receiverId, "receive tasks dispatched to it");
        var receiver = d.Receiver(receiverId) ?? throw new InvalidFieldException("department_id", $"dispatch {d.DispatchId} was not sent to {receiverId}",
            $"派发任务 {d.DispatchId} 未派发给 {receiverId}", TasksReasons.NotDispatchReceiver.About(d.DispatchId, receiverId));
        if (receiver.TaskId is { } received)
            throw new AlreadyExistsException($"{receiverId} received dispatch {d.DispatchId} as task {received}", $"{receiverId} 已接收派发任务 {d.DispatchId}（任务 {received}）",
                TasksReasons.DispatchReceived.About(d.DispatchId, received));
        return [new DispatchReceived(d.DispatchId, receiverId, Require.Code(taskId, "task_id"), ctx.Caller, ctx.Now)];
    }

    /// <summary>The receiver's own task, outside its own plan: the notice is its reason, the dispatch its origin.</summary>
    public static TaskCreated TaskFor(Dispatch d, DispatchReceived received, DepartmentTree tree) =>
        new(received.TaskId, received.DepartmentId, d.Name, [.. d.Items.Select(code => $"{received.DepartmentId}:{code}")],
            Narrowed(d.Scope, tree[received.DepartmentId]?.RegionCode ?? ""), d.Quotas, d.CheckFrom, d.CheckTo, null,
            $"上级派发（{d.DispatchId}）：{d.Notice}", received.By, received.At, d.DispatchId);

    /// <summary>Whether the scope's divisions reach into the region (a region not known to this service is not held against it).</summary>
    public static bool Reaches(PlanScope scope, string region)
    {
        if (region.Length == 0) return true;
        var prefix = Regions.Prefix(region);
        return scope.Divisions.Any(d => d.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(d, StringComparison.Ordinal));
    }

    /// <summary>
    /// The sender's divisions within the receiver's region, or the region itself where a division holds it (the city's
    /// "1303" becomes the county's "130302"); the sender's where the receiver's region is unknown. A receiver lies in the
    /// scope when the dispatch is sent; one whose region changed since gets its own region.
    /// </summary>
    public static PlanScope Narrowed(PlanScope scope, string region)
    {
        if (region.Length == 0) return scope;
        var prefix = Regions.Prefix(region);
        var divisions = scope.Divisions.Select(d => d.StartsWith(prefix, StringComparison.Ordinal) ? d : prefix.StartsWith(d, StringComparison.Ordinal) ? prefix : null)
            .OfType<string>().Distinct().ToList();
        return scope with { Divisions = divisions.Count > 0 ? divisions : [prefix] };
    }

    /// <summary>
    /// The departments the dispatch goes to: each named one must lie in the dispatch's scope, where it would inspect; "all
    /// below" means those of them whose region the scope reaches (the city bureau's task over two counties goes to those
    /// two counties' bureaus).
    /// </summary>
    private static IReadOnlyList<string> Receivers(SendDispatch c, DepartmentTree tree, PlanScope scope)
    {
        if (c.Receivers.Count == 0)
        {
            var below = tree.All.Where(d => d.ParentId == c.DepartmentId && !d.Retired).ToList();
            var reached = below.Where(d => Reaches(scope, d.RegionCode)).Select(d => d.Id).Order(StringComparer.Ordinal).ToList();
            return reached.Count > 0 ? reached
                : below.Count == 0 ? throw new RuleViolationException($"{c.DepartmentId} has no department of its system below it", $"{c.DepartmentId} 没有本系统的下级部门",
                    TasksReasons.NoLowerDepartments.About(c.DepartmentId))
                : throw new RuleViolationException($"no department of the system below {c.DepartmentId} lies in the dispatch's scope",
                    $"{c.DepartmentId} 本系统的下级部门均不在派发任务的抽查范围内", TasksReasons.NoLowerDepartments.About(c.DepartmentId));
        }
        foreach (var (id, i) in c.Receivers.Select((id, i) => (id, i)))
        {
            var receiver = tree[Require.Code(id, $"receivers[{i}]")];
            if (receiver?.ParentId != c.DepartmentId)
                throw new InvalidFieldException($"receivers[{i}]", $"{id} is not a department of the same system directly below {c.DepartmentId}",
                    $"{id} 不是 {c.DepartmentId} 本系统的直接下级部门", TasksReasons.NotLowerDepartment.About(c.DepartmentId, id));
            if (receiver.Retired)
                throw new InvalidFieldException($"receivers[{i}]", receiver.SuccessorId is { } s ? $"{id} was merged into {s}" : $"{id} is retired",
                    receiver.SuccessorId is { } t ? $"{receiver.Name} 已并入 {t}" : $"{receiver.Name} 已撤销", Reasons.DepartmentRetired.About(id));
            if (!Reaches(scope, receiver.RegionCode))
                throw new InvalidFieldException($"receivers[{i}]", $"{id}'s region {receiver.RegionCode} lies outside the dispatch's scope ({string.Join(", ", scope.Divisions)})",
                    $"{receiver.Name} 所在地区 {receiver.RegionCode} 不在派发任务的抽查范围（{string.Join("、", scope.Divisions)}）内",
                    TasksReasons.ReceiverOutsideScope.About(id, receiver.RegionCode));
        }
        if (c.Receivers.Distinct().Count() != c.Receivers.Count)
            throw new InvalidFieldException("receivers", "a department is given twice", "下级部门重复列出", Reasons.FieldDuplicate);
        return c.Receivers;
    }

    private static (PlannedTask Task, PlanRef Reference) Planned(AnnualPlan? plan, string departmentId, string code)
    {
        var published = plan?.Published ?? throw new InvalidFieldException("plan_year", "no published plan of that year to dispatch from", "该年度没有已公布的计划",
            TasksReasons.PlanNotPublished);
        var planned = published.Batches.SelectMany(b => b.Tasks).FirstOrDefault(t => t.Code == code)
            ?? throw new InvalidFieldException("task_code", $"version {published.Version} of plan {plan.PlanId} has no planned task {code}",
                $"计划 {plan.PlanId} 第 {published.Version} 版中没有计划任务 {code}", Reasons.UnknownReference);
        if (planned.LeadDepartmentId != departmentId)
            throw new InvalidFieldException("task_code", $"{code} is led by {planned.LeadDepartmentId}", $"{code} 由 {planned.LeadDepartmentId} 牵头",
                TasksReasons.NotPlanLead.About(planned.LeadDepartmentId));
        return (planned, new PlanRef(plan.PlanId, published.Version, code));
    }

    /// <summary>The sender's items by their codes: each receiver checks its own item of the same code (claimed down the levels).</summary>
    private static IReadOnlyList<string> Codes(IReadOnlyList<string> items, string departmentId, string field) =>
        [.. ItemIds.Valid(items, departmentId, field).Select(id => id.Split(':')[1])];
}
