using System.Text.RegularExpressions;
using Shuangsuiji.Kernel;
using Shuangsuiji.Tasks.JointItems;

namespace Shuangsuiji.Tasks.Plans;

/// <summary>
/// The procedure of an annual plan: staff draft it, a reviewer of the same department approves it, staff publish it;
/// an adjustment states its reason, is approved again and published as the next version.
/// </summary>
public static partial class PlanDecider
{
    public static readonly IReadOnlySet<string> EntityTypes =
        new HashSet<string> { "enterprise", "individual_business", "farmers_cooperative", "other" };

    /// <param name="jointItems">the joint item a planned task names by its code, on the lists of the department's region and those above it</param>
    public static IReadOnlyList<object> Draft(AnnualPlan? plan, string departmentId, int year, IReadOnlyList<PlanBatch> batches, CommandContext ctx,
        Func<string, JointItem?>? jointItems = null)
    {
        Permit.Staff(ctx.Caller, departmentId, "draft its annual plan");
        ValidYear(year);
        if (plan is not null) throw new AlreadyExistsException($"{departmentId} already has a plan for {year}; revise or adjust it",
            $"{departmentId} 已有 {year} 年度计划，请修改或调整该计划", TasksReasons.PlanExists.About(departmentId, year));
        return [new PlanDrafted(AnnualPlan.IdOf(departmentId, year), departmentId, year, Valid(batches, departmentId, year, jointItems), ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Revise(AnnualPlan? plan, IReadOnlyList<PlanBatch> batches, CommandContext ctx, Func<string, JointItem?>? jointItems = null)
    {
        var current = Existing(plan);
        Permit.Staff(ctx.Caller, current.DepartmentId, "revise its annual plan");
        InStatus(current, "revised", PlanStatus.Draft, PlanStatus.Adjusting);
        return [new PlanRevised(current.PlanId, Valid(batches, current.DepartmentId, current.Year, jointItems), ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Approve(AnnualPlan? plan, CommandContext ctx)
    {
        var current = Existing(plan);
        Permit.Reviewer(ctx.Caller, current.DepartmentId, "approve its annual plan");
        InStatus(current, "approved", PlanStatus.Draft, PlanStatus.Adjusting);
        return [new PlanApproved(current.PlanId, ctx.Caller, ctx.Now)];
    }

    /// <summary>Publishes the next version and files it (备案) with the level above.</summary>
    /// <param name="recipientsOf">with whom a department's plan is filed (<see cref="Departments.DepartmentTree.FilingRecipients"/>)</param>
    public static IReadOnlyList<object> Publish(AnnualPlan? plan, Func<string, IReadOnlyList<string>> recipientsOf, CommandContext ctx)
    {
        var current = Existing(plan);
        Permit.Staff(ctx.Caller, current.DepartmentId, "publish its annual plan");
        InStatus(current, "published", PlanStatus.Approved);
        var version = current.Versions.Count + 1;
        var published = new PlanPublished(current.PlanId, version, current.Batches, current.AdjustmentReason, ctx.Caller, ctx.Now);
        var recipients = recipientsOf(current.DepartmentId);
        return recipients.Count == 0 ? [published] : [published, new PlanFiled(current.PlanId, version, recipients, ctx.Caller, ctx.Now)];
    }

    /// <summary>
    /// A recipient acknowledges the filed version (<paramref name="version"/>; 0 the latest published): its staff or reviewer,
    /// or the supervisor of the office it was filed with.
    /// </summary>
    public static IReadOnlyList<object> AcknowledgeFiling(AnnualPlan? plan, int version, CommandContext ctx)
    {
        var current = Existing(plan);
        var filed = (version == 0 ? current.Published : current.Versions.FirstOrDefault(v => v.Version == version)) is { FiledWith.Count: > 0 } v ? v
            : throw new RuleViolationException($"plan {current.PlanId} has no filed version {(version == 0 ? "published" : version)}",
                $"计划 {current.PlanId} 没有已备案的{(version == 0 ? "已公布版本" : $"第 {version} 版")}", TasksReasons.PlanNotFiled.About(current.PlanId, version));
        var caller = ctx.Caller;
        var recipient = filed.FiledWith.FirstOrDefault(r => caller.ActsFor(r.DepartmentId));
        if (recipient is null || caller.Role is not (Roles.Staff or Roles.Reviewer or Roles.Supervisor))
            throw new ForbiddenException(
                $"version {filed.Version} of plan {current.PlanId} was filed with {string.Join(", ", filed.FiledWith.Select(r => r.DepartmentId))}: only their staff, reviewers or supervisors acknowledge it; {caller.DepartmentId} ({caller.Role}) may not",
                $"计划 {current.PlanId} 第 {filed.Version} 版已向 {string.Join("、", filed.FiledWith.Select(r => r.DepartmentId))} 备案，只有这些部门的工作人员、审核人员或领导小组办公室可以确认；{caller.DepartmentId}（{caller.Role}）无权确认",
                TasksReasons.NotFilingRecipient.About(current.PlanId, caller.DepartmentId));
        if (recipient.AcknowledgedBy is { } by)
            throw new AlreadyExistsException($"{recipient.DepartmentId} acknowledged version {filed.Version} of plan {current.PlanId} already ({by.UserId})",
                $"{recipient.DepartmentId} 已确认计划 {current.PlanId} 第 {filed.Version} 版的备案（{by.UserId}）",
                TasksReasons.FilingAcknowledged.About(current.PlanId, filed.Version, recipient.DepartmentId));
        return [new PlanFilingAcknowledged(current.PlanId, filed.Version, recipient.DepartmentId, caller, ctx.Now)];
    }

    /// <summary>Opens an adjustment of the published plan; the published version stays in force until the next one is published.</summary>
    public static IReadOnlyList<object> StartAdjustment(AnnualPlan? plan, string? reason, CommandContext ctx)
    {
        var current = Existing(plan);
        Permit.Staff(ctx.Caller, current.DepartmentId, "adjust its annual plan");
        InStatus(current, "adjusted", PlanStatus.Published);
        return [new PlanAdjustmentStarted(current.PlanId, Require.Text(reason, "reason", 1000), ctx.Caller, ctx.Now)];
    }

    public static int ValidYear(int year) => year is < 2000 or > 2100
        ? throw new InvalidFieldException("year", $"{year} is not a plan year", $"{year} 不是有效的计划年度", Reasons.FieldOutOfRange)
        : year;

    private static AnnualPlan Existing(AnnualPlan? plan) => plan ?? throw new NotFoundException("no such plan", "没有该计划", TasksReasons.PlanNotFound.About(null, null));

    private static void InStatus(AnnualPlan plan, string what, params PlanStatus[] allowed)
    {
        if (!allowed.Contains(plan.Status))
            throw new RuleViolationException($"plan {plan.PlanId} is {plan.Status}; it can be {what} only when {string.Join(" or ", allowed)}",
                $"计划 {plan.PlanId} 当前为{plan.Status.Label()}；只有在{StatusLabels.Labels(allowed, s => s.Label())}时才能执行此操作",
                TasksReasons.PlanWrongStatus.About(plan.PlanId, plan.Status, allowed.Select(s => s.ToString())));
    }

    public static IReadOnlyList<PlanBatch> Valid(IReadOnlyList<PlanBatch> batches, string departmentId, int year, Func<string, JointItem?>? jointItems = null)
    {
        if (batches.Count == 0) throw new InvalidFieldException("batches", "give at least one batch", "至少列出一个批次", Reasons.FieldRequired);
        var codes = new HashSet<string>();
        return [.. batches.Select((b, i) =>
        {
            var field = $"batches[{i}]";
            if (b.Number < 1) throw new InvalidFieldException($"{field}.number", "must be 1 or more", "批次号须不小于 1", Reasons.FieldOutOfRange);
            if (batches.Take(i).Any(o => o.Number == b.Number)) throw new InvalidFieldException($"{field}.number", $"batch {b.Number} is given twice", $"批次 {b.Number} 重复", Reasons.FieldDuplicate);
            if (b.Tasks.Count == 0) throw new InvalidFieldException($"{field}.tasks", "give at least one planned task", "至少列出一项计划任务", Reasons.FieldRequired);
            var tasks = b.Tasks.Select((t, j) =>
            {
                var task = Valid(FromJointItem(t, $"{field}.tasks[{j}]", departmentId, jointItems), $"{field}.tasks[{j}]", departmentId, year);
                if (!codes.Add(task.Code)) throw new InvalidFieldException($"{field}.tasks[{j}].code", $"'{task.Code}' is used twice in the plan", $"任务编码“{task.Code}”在计划中重复使用", Reasons.FieldDuplicate);
                return task;
            }).ToList();
            return new PlanBatch(b.Number, Require.Text(b.Name, $"{field}.name"), tasks);
        })];
    }

    private static PlannedTask Valid(PlannedTask t, string field, string departmentId, int year)
    {
        if (t.From > t.To) throw new InvalidFieldException($"{field}.to", $"{t.To:yyyy-MM-dd} is before {t.From:yyyy-MM-dd}", $"{t.To:yyyy-MM-dd} 早于 {t.From:yyyy-MM-dd}", Reasons.DateTooEarly.About(t.From));
        if (t.From.Year != year || t.To.Year != year) throw new InvalidFieldException($"{field}.from", $"the period must lie within {year}", $"检查期间须在 {year} 年度之内", Reasons.FieldOutOfRange);
        var lead = Require.Code(t.LeadDepartmentId, $"{field}.lead_department_id");
        var participants = Codes(t.ParticipantIds, $"{field}.participant_ids");
        if (t.Joint)
        {
            if (participants.Count == 0) throw new InvalidFieldException($"{field}.participant_ids", "a joint task needs at least one participating department", "联合任务至少需要一个配合部门", Reasons.FieldRequired);
            if (participants.Contains(lead)) throw new InvalidFieldException($"{field}.participant_ids", $"{lead} leads the task and cannot also participate", $"{lead} 牵头该任务，不能同时作为配合部门");
            if (lead != departmentId && !participants.Contains(departmentId))
                throw new InvalidFieldException($"{field}.lead_department_id", $"{departmentId} plans only joint tasks it leads or takes part in",
                    $"{departmentId} 只能计划由其牵头或参与的联合任务");
        }
        else
        {
            if (lead != departmentId) throw new InvalidFieldException($"{field}.lead_department_id", $"an own task is led by {departmentId}", $"本部门任务由 {departmentId} 牵头");
            if (participants.Count > 0) throw new InvalidFieldException($"{field}.participant_ids", "an own task has no participating departments", "本部门任务没有配合部门");
        }
        var items = ItemIds.Valid(t.Items, departmentId, $"{field}.items");
        return new PlannedTask(Require.Code(t.Code, $"{field}.code"), Require.Text(t.Name, $"{field}.name"), items,
            Valid(t.Scope, $"{field}.scope"), Valid(t.Quotas, $"{field}.quotas"), t.From, t.To, t.Joint, lead, participants, t.JointItem);
    }

    /// <summary>
    /// A planned task taken from a joint item (联合抽查事项) is joint; what the plan leaves blank the item fills — the planning
    /// department leads, the item's other departments take part, the department checks its own items of the joint item —
    /// and what the plan gives must lie within the item.
    /// </summary>
    private static PlannedTask FromJointItem(PlannedTask t, string field, string departmentId, Func<string, JointItem?>? jointItems)
    {
        if (t.JointItem is not { } asked) return t;
        var code = Require.Code(asked.Code, $"{field}.joint_item_code");
        var item = jointItems?.Invoke(code) ?? throw new InvalidFieldException($"{field}.joint_item_code",
            $"no joint item {code} on the joint-inspection item list of {departmentId}'s region or a region above it",
            $"{departmentId} 所在地区及上级地区的联合抽查事项清单中没有联合抽查事项 {code}", TasksReasons.JointItemUnknown.About(code));
        var departments = item.Departments;
        if (!departments.Contains(departmentId))
            throw new InvalidFieldException($"{field}.joint_item_code", $"joint item {code} combines items of {string.Join(", ", departments)}, not of {departmentId}",
                $"联合抽查事项 {code} 组合的是 {string.Join("、", departments)} 的事项，不含 {departmentId}", TasksReasons.JointItemMismatch.About(code, departmentId));
        var lead = string.IsNullOrWhiteSpace(t.LeadDepartmentId) ? departmentId : t.LeadDepartmentId.Trim();
        var participants = t.ParticipantIds.Count == 0 ? [.. departments.Where(d => d != lead)] : t.ParticipantIds;
        var items = t.Items.Count == 0 ? item.ItemsOf(departmentId) : t.Items;
        if (!departments.Contains(lead)) throw OutsideJointItem($"{field}.lead_department_id", lead, item);
        foreach (var (participant, i) in participants.Select((p, i) => (p.Trim(), i)))
            if (!departments.Contains(participant)) throw OutsideJointItem($"{field}.participant_ids[{i}]", participant, item);
        foreach (var (id, i) in items.Select((id, i) => (id.Trim(), i)))
            if (!item.ItemIds.Contains(id)) throw OutsideJointItem($"{field}.items[{i}]", id, item);
        return t with
        {
            Joint = true, LeadDepartmentId = lead, ParticipantIds = participants, Items = items,
            JointItem = new JointItemRef(item.Code, item.Region, item.Name, item.ListVersion),
        };
    }

    private static InvalidFieldException OutsideJointItem(string field, string given, JointItem item) => new(field,
        $"{given} is not part of joint item {item.Code} ({string.Join(", ", item.ItemIds)})",
        $"{given} 不属于联合抽查事项 {item.Code}（{string.Join("、", item.ItemIds)}）", TasksReasons.JointItemMismatch.About(item.Code, given));

    public static PlanScope Valid(PlanScope scope, string field)
    {
        if (scope.Divisions.Count == 0) throw new InvalidFieldException($"{field}.divisions", "give at least one administrative division", "至少列出一个行政区划", Reasons.FieldRequired);
        foreach (var (d, i) in scope.Divisions.Select((d, i) => (d, i)))
            if (!DivisionPattern().IsMatch(d)) throw new InvalidFieldException($"{field}.divisions[{i}]", $"'{d}' is not a division code or its prefix (2–12 digits)",
                    $"“{d}”不是行政区划代码或其前缀（2–12 位数字）");
        foreach (var (industry, i) in scope.Industries.Select((d, i) => (d, i)))
            if (!IndustryPattern().IsMatch(industry))
                throw new InvalidFieldException($"{field}.industries[{i}]", $"'{industry}' is not a GB/T 4754 section or division (e.g. C or C13)",
                    $"“{industry}”不是 GB/T 4754 的门类或大类（如 C 或 C13）");
        foreach (var (type, i) in scope.EntityTypes.Select((t, i) => (t, i)))
            if (!EntityTypes.Contains(type))
                throw new InvalidFieldException($"{field}.entity_types[{i}]", $"'{type}' is not one of {string.Join(", ", EntityTypes)}",
                    $"“{type}”不是 {string.Join("、", EntityTypes)} 之一");
        return new PlanScope([.. scope.Divisions.Distinct()], [.. scope.Industries.Distinct()], [.. scope.EntityTypes.Distinct()],
            Qualified(scope.Tags, $"{field}.tags", "category/code"), Qualified(scope.SubLibraries, $"{field}.sub_libraries", "department/code"));
    }

    public static IReadOnlyList<RiskQuota> Valid(IReadOnlyList<RiskQuota> quotas, string field)
    {
        if (quotas.Count == 0) throw new InvalidFieldException(field, "give the ratio or count of at least one risk class", "至少给出一个风险类别的抽查比例或数量", Reasons.FieldRequired);
        return [.. quotas.Select((q, i) =>
        {
            var riskClass = Require.Code(q.RiskClass, $"{field}[{i}].risk_class");
            if (quotas.Take(i).Any(o => o.RiskClass == riskClass)) throw new InvalidFieldException($"{field}[{i}].risk_class", $"{riskClass} is given twice", $"风险类别 {riskClass} 重复", Reasons.FieldDuplicate);
            if (q.Percent is null == q.Count is null) throw new InvalidFieldException($"{field}[{i}]", $"class {riskClass}: give a percent or a count", $"风险类别 {riskClass}：须给出比例或数量之一");
            if (q.Percent is < 0 or > 100) throw new InvalidFieldException($"{field}[{i}].percent", $"{q.Percent} is not between 0 and 100", $"{q.Percent} 不在 0 到 100 之间", Reasons.FieldOutOfRange);
            if (q.Count is < 0) throw new InvalidFieldException($"{field}[{i}].count", "cannot be negative", "不能为负数", Reasons.FieldOutOfRange);
            return q with { RiskClass = riskClass };
        })];
    }

    /// <summary>Tags and sub-libraries are named as the directories name them: two codes joined by '/'.</summary>
    private static List<string> Qualified(IReadOnlyList<string> values, string field, string form)
    {
        foreach (var (value, i) in values.Select((v, i) => (v, i)))
        {
            var parts = value.Split('/');
            if (parts.Length != 2) throw new InvalidFieldException($"{field}[{i}]", $"'{value}' is not of the form {form}", $"“{value}”不符合 {form} 的格式");
            foreach (var part in parts) Require.Code(part, $"{field}[{i}]");
        }
        return [.. values.Distinct()];
    }

    private static List<string> Codes(IReadOnlyList<string> values, string field)
    {
        var codes = values.Select((v, i) => Require.Code(v, $"{field}[{i}]")).ToList();
        if (codes.Distinct().Count() != codes.Count) throw new InvalidFieldException(field, "a value is given twice", "取值重复", Reasons.FieldDuplicate);
        return codes;
    }

    [GeneratedRegex("^[0-9]{2,12}$")]
    private static partial Regex DivisionPattern();

    [GeneratedRegex("^[A-T]([0-9]{2})?$")]
    private static partial Regex IndustryPattern();
}
