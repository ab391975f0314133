using System.Text.RegularExpressions;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Tasks.Plans;

/// <summary>
/// The procedure of an annual plan: staff draft it, a reviewer of the same department approves it, staff publish it;
/// an adjustment states its reason, is approved again and published as the next version.
/// </summary>
public static partial class PlanDecider
{
    public static readonly IReadOnlySet<string> EntityTypes =
        new HashSet<string> { "enterprise", "individual_business", "farmers_cooperative", "other" };

    public static IReadOnlyList<object> Draft(AnnualPlan? plan, string departmentId, int year, IReadOnlyList<PlanBatch> batches, CommandContext ctx)
    {
        Permit.Staff(ctx.Caller, departmentId, "draft its annual plan");
        if (year is < 2000 or > 2100) throw new InvalidFieldException("year", $"{year} is not a plan year");
        if (plan is not null) throw new AlreadyExistsException($"{departmentId} already has a plan for {year}; revise or adjust it");
        return [new PlanDrafted(AnnualPlan.IdOf(departmentId, year), departmentId, year, Valid(batches, departmentId, year), ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Revise(AnnualPlan? plan, IReadOnlyList<PlanBatch> batches, CommandContext ctx)
    {
        var current = Existing(plan);
        Permit.Staff(ctx.Caller, current.DepartmentId, "revise its annual plan");
        InStatus(current, "revised", PlanStatus.Draft, PlanStatus.Adjusting);
        return [new PlanRevised(current.PlanId, Valid(batches, current.DepartmentId, current.Year), ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Approve(AnnualPlan? plan, CommandContext ctx)
    {
        var current = Existing(plan);
        Permit.Reviewer(ctx.Caller, current.DepartmentId, "approve its annual plan");
        InStatus(current, "approved", PlanStatus.Draft, PlanStatus.Adjusting);
        return [new PlanApproved(current.PlanId, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Publish(AnnualPlan? plan, CommandContext ctx)
    {
        var current = Existing(plan);
        Permit.Staff(ctx.Caller, current.DepartmentId, "publish its annual plan");
        InStatus(current, "published", PlanStatus.Approved);
        return [new PlanPublished(current.PlanId, current.Versions.Count + 1, current.Batches, current.AdjustmentReason, ctx.Caller, ctx.Now)];
    }

    /// <summary>Opens an adjustment of the published plan; the published version stays in force until the next one is published.</summary>
    public static IReadOnlyList<object> StartAdjustment(AnnualPlan? plan, string? reason, CommandContext ctx)
    {
        var current = Existing(plan);
        Permit.Staff(ctx.Caller, current.DepartmentId, "adjust its annual plan");
        InStatus(current, "adjusted", PlanStatus.Published);
        return [new PlanAdjustmentStarted(current.PlanId, Require.Text(reason, "reason", 1000), ctx.Caller, ctx.Now)];
    }

    private static AnnualPlan Existing(AnnualPlan? plan) => plan ?? throw new NotFoundException("no such plan");

    private static void InStatus(AnnualPlan plan, string what, params PlanStatus[] allowed)
    {
        if (!allowed.Contains(plan.Status))
            throw new RuleViolationException($"plan {plan.PlanId} is {plan.Status}; it can be {what} only when {string.Join(" or ", allowed)}");
    }

    public static IReadOnlyList<PlanBatch> Valid(IReadOnlyList<PlanBatch> batches, string departmentId, int year)
    {
        if (batches.Count == 0) throw new InvalidFieldException("batches", "give at least one batch");
        var codes = new HashSet<string>();
        return [.. batches.Select((b, i) =>
        {
            var field = $"batches[{i}]";
            if (b.Number < 1) throw new InvalidFieldException($"{field}.number", "must be 1 or more");
            if (batches.Take(i).Any(o => o.Number == b.Number)) throw new InvalidFieldException($"{field}.number", $"batch {b.Number} is given twice");
            if (b.Tasks.Count == 0) throw new InvalidFieldException($"{field}.tasks", "give at least one planned task");
            var tasks = b.Tasks.Select((t, j) =>
            {
                var task = Valid(t, $"{field}.tasks[{j}]", departmentId, year);
                if (!codes.Add(task.Code)) throw new InvalidFieldException($"{field}.tasks[{j}].code", $"'{task.Code}' is used twice in the plan");
                return task;
            }).ToList();
            return new PlanBatch(b.Number, Require.Text(b.Name, $"{field}.name"), tasks);
        })];
    }

    private static PlannedTask Valid(PlannedTask t, string field, string departmentId, int year)
    {
        if (t.From > t.To) throw new InvalidFieldException($"{field}.to", $"{t.To:yyyy-MM-dd} is before {t.From:yyyy-MM-dd}");
        if (t.From.Year != year || t.To.Year != year) throw new InvalidFieldException($"{field}.from", $"the period must lie within {year}");
        var lead = Require.Code(t.LeadDepartmentId, $"{field}.lead_department_id");
        var participants = Codes(t.ParticipantIds, $"{field}.participant_ids");
        if (t.Joint)
        {
            if (participants.Count == 0) throw new InvalidFieldException($"{field}.participant_ids", "a joint task needs at least one participating department");
            if (participants.Contains(lead)) throw new InvalidFieldException($"{field}.participant_ids", $"{lead} leads the task and cannot also participate");
            if (lead != departmentId && !participants.Contains(departmentId))
                throw new InvalidFieldException($"{field}.lead_department_id", $"{departmentId} plans only joint tasks it leads or takes part in");
        }
        else
        {
            if (lead != departmentId) throw new InvalidFieldException($"{field}.lead_department_id", $"an own task is led by {departmentId}");
            if (participants.Count > 0) throw new InvalidFieldException($"{field}.participant_ids", "an own task has no participating departments");
        }
        var items = ItemIds.Valid(t.Items, departmentId, $"{field}.items");
        return new PlannedTask(Require.Code(t.Code, $"{field}.code"), Require.Text(t.Name, $"{field}.name"), items,
            Valid(t.Scope, $"{field}.scope"), Valid(t.Quotas, $"{field}.quotas"), t.From, t.To, t.Joint, lead, participants);
    }

    public static PlanScope Valid(PlanScope scope, string field)
    {
        if (scope.Divisions.Count == 0) throw new InvalidFieldException($"{field}.divisions", "give at least one administrative division");
        foreach (var (d, i) in scope.Divisions.Select((d, i) => (d, i)))
            if (!DivisionPattern().IsMatch(d)) throw new InvalidFieldException($"{field}.divisions[{i}]", $"'{d}' is not a division code or its prefix (2–12 digits)");
        foreach (var (industry, i) in scope.Industries.Select((d, i) => (d, i)))
            if (!IndustryPattern().IsMatch(industry))
                throw new InvalidFieldException($"{field}.industries[{i}]", $"'{industry}' is not a GB/T 4754 section or division (e.g. C or C13)");
        foreach (var (type, i) in scope.EntityTypes.Select((t, i) => (t, i)))
            if (!EntityTypes.Contains(type))
                throw new InvalidFieldException($"{field}.entity_types[{i}]", $"'{type}' is not one of {string.Join(", ", EntityTypes)}");
        return new PlanScope([.. scope.Divisions.Distinct()], [.. scope.Industries.Distinct()], [.. scope.EntityTypes.Distinct()],
            Qualified(scope.Tags, $"{field}.tags", "category/code"), Qualified(scope.SubLibraries, $"{field}.sub_libraries", "department/code"));
    }

    public static IReadOnlyList<RiskQuota> Valid(IReadOnlyList<RiskQuota> quotas, string field)
    {
        if (quotas.Count == 0) throw new InvalidFieldException(field, "give the ratio or count of at least one risk class");
        return [.. quotas.Select((q, i) =>
        {
            var riskClass = Require.Code(q.RiskClass, $"{field}[{i}].risk_class");
            if (quotas.Take(i).Any(o => o.RiskClass == riskClass)) throw new InvalidFieldException($"{field}[{i}].risk_class", $"{riskClass} is given twice");
            if (q.Percent is null == q.Count is null) throw new InvalidFieldException($"{field}[{i}]", $"class {riskClass}: give a percent or a count");
            if (q.Percent is < 0 or > 100) throw new InvalidFieldException($"{field}[{i}].percent", $"{q.Percent} is not between 0 and 100");
            if (q.Count is < 0) throw new InvalidFieldException($"{field}[{i}].count", "cannot be negative");
            return q with { RiskClass = riskClass };
        })];
    }

    /// <summary>Tags and sub-libraries are named as the directories name them: two codes joined by '/'.</summary>
    private static List<string> Qualified(IReadOnlyList<string> values, string field, string form)
    {
        foreach (var (value, i) in values.Select((v, i) => (v, i)))
        {
            var parts = value.Split('/');
            if (parts.Length != 2) throw new InvalidFieldException($"{field}[{i}]", $"'{value}' is not of the form {form}");
            foreach (var part in parts) Require.Code(part, $"{field}[{i}]");
        }
        return [.. values.Distinct()];
    }

    private static List<string> Codes(IReadOnlyList<string> values, string field)
    {
        var codes = values.Select((v, i) => Require.Code(v, $"{field}[{i}]")).ToList();
        if (codes.Distinct().Count() != codes.Count) throw new InvalidFieldException(field, "a value is given twice");
        return codes;
    }

    [GeneratedRegex("^[0-9]{2,12}$")]
    private static partial Regex DivisionPattern();

    [GeneratedRegex("^[A-T]([0-9]{2})?$")]
    private static partial Regex IndustryPattern();
}
