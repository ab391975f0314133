using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Marten;
using Shuangsuiji.ServiceDefaults.Departments;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Tasks.Departments;
using Shuangsuiji.Tasks.JointItems;
using Shuangsuiji.Tasks.Plans;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Tasks.V1;

namespace Shuangsuiji.Tasks;

public sealed partial class TasksApi
{
    public override async Task<Proto.Plan> DraftPlan(Proto.DraftPlanRequest r, ServerCallContext call)
    {
        var batches = ToBatches(r.Batches);
        var departmentId = Require.Code(r.DepartmentId, "department_id");
        await store.RefuseRetiredAsync(departmentId, "department_id", call.CancellationToken);
        return ToProto(await commands.Run<AnnualPlan, Func<string, JointItem?>>(call, PlanStream(departmentId, r.Year), null,
            (session, _, ct) => JointItemsOfAsync(session, departmentId, ct),
            (p, jointItems, ctx) => PlanDecider.Draft(p, departmentId, r.Year, batches, ctx, jointItems)), full: true);
    }

    public override async Task<Proto.Plan> RevisePlan(Proto.RevisePlanRequest r, ServerCallContext call)
    {
        var batches = ToBatches(r.Batches);
        return ToProto(await commands.Run<AnnualPlan, Func<string, JointItem?>>(call, PlanStream(r.DepartmentId, r.Year), Expected(r.HasExpectedVersion, r.ExpectedVersion),
            (session, _, ct) => JointItemsOfAsync(session, r.DepartmentId, ct),
            (p, jointItems, ctx) => PlanDecider.Revise(p, batches, ctx, jointItems)), full: true);
    }

    /// <summary>The joint items a department's plan may name: those on the lists of its region and the regions above it.</summary>
    private static async Task<Func<string, JointItem?>> JointItemsOfAsync(IQuerySession session, string departmentId, CancellationToken ct)
    {
        var region = (await session.LoadAsync<KnownDepartment>(departmentId, ct))?.RegionCode;
        if (region is null) return _ => null;
        var lists = await session.Query<KnownJointItemList>().ToListAsync(ct);
        return code => KnownJointItemList.Find(lists, region, code);
    }

    public override async Task<Proto.Plan> ApprovePlan(Proto.PlanCommandRequest r, ServerCallContext call) =>
        ToProto(await Change<AnnualPlan>(PlanStream(r.DepartmentId, r.Year), Expected(r.HasExpectedVersion, r.ExpectedVersion), call,
            PlanDecider.Approve), full: true);

    /// <summary>Publishes the next version, filed (备案) with the level above as the department tree has it now.</summary>
    public override async Task<Proto.Plan> PublishPlan(Proto.PlanCommandRequest r, ServerCallContext call) =>
        ToProto(await commands.Run<AnnualPlan, DepartmentTree>(call, PlanStream(r.DepartmentId, r.Year), Expected(r.HasExpectedVersion, r.ExpectedVersion),
            (session, _, ct) => DepartmentTrees.LoadAsync(session, ct),
            (p, tree, ctx) => PlanDecider.Publish(p, tree.FilingRecipients, ctx)), full: true);

    /// <summary>A recipient's acknowledgement of the filed version; it reads the published versions (its own reads go by <see cref="GetPlan"/>).</summary>
    public override async Task<Proto.Plan> AcknowledgePlanFiling(Proto.AcknowledgePlanFilingRequest r, ServerCallContext call) =>
        ToProto(await Change<AnnualPlan>(PlanStream(r.DepartmentId, r.Year), Expected(r.HasExpectedVersion, r.ExpectedVersion), call,
            (p, ctx) => PlanDecider.AcknowledgeFiling(p, r.PlanVersion, ctx)), full: false);

    /// <summary>The office sees which plans of its region are unfiled or unacknowledged; a department those of the departments below it.</summary>
    public override async Task<Proto.ListPlanFilingsResponse> ListPlanFilings(Proto.ListPlanFilingsRequest r, ServerCallContext call)
    {
        var year = PlanDecider.ValidYear(r.Year);
        await using var query = store.QuerySession();
        var tree = await DepartmentTrees.LoadAsync(query, call.CancellationToken);
        var departments = PlanFiling.FollowedBy(call.Caller(), tree);
        var ids = departments.Select(d => d.Id).ToArray();
        var plans = (await query.Query<AnnualPlan>().Where(p => p.Year == year && ids.Contains(p.DepartmentId)).ToListAsync(call.CancellationToken))
            .ToDictionary(p => p.DepartmentId);
        return new Proto.ListPlanFilingsResponse { Filings = { departments.Select(d => ToProto(PlanFiling.Of(d, plans.GetValueOrDefault(d.Id), tree))) } };
    }

    public override async Task<Proto.Plan> StartPlanAdjustment(Proto.StartPlanAdjustmentRequest r, ServerCallContext call) =>
        ToProto(await Change<AnnualPlan>(PlanStream(r.DepartmentId, r.Year), Expected(r.HasExpectedVersion, r.ExpectedVersion), call,
            (p, ctx) => PlanDecider.StartAdjustment(p, r.Reason, ctx)), full: true);

    /// <summary>Drafts and adjustments in progress are read by the department, those above it and its region's office; published versions are public.</summary>
    public override async Task<Proto.Plan> GetPlan(Proto.GetPlanRequest r, ServerCallContext call)
    {
        await using var query = store.QuerySession();
        var plan = await query.LoadAsync<AnnualPlan>(PlanStream(r.DepartmentId, r.Year), call.CancellationToken)
            ?? throw new NotFoundException($"{r.DepartmentId} has no plan for {r.Year}", $"{r.DepartmentId} 没有 {r.Year} 年度计划",
                TasksReasons.PlanNotFound.About(r.DepartmentId, r.Year));
        var caller = call.Caller();
        var full = await ReadsAsync(query, caller, [plan.DepartmentId], call.CancellationToken);
        if (!full && plan.Published is null)
            throw new ForbiddenException($"plan {plan.PlanId} is not published yet; only {plan.DepartmentId}, the departments above it and the office of its region see it",
                $"计划 {plan.PlanId} 尚未公布，仅 {plan.DepartmentId}、本系统上级部门和所在地区的领导小组办公室可以查看", Reasons.RecordNotVisible.About(plan.PlanId));
        return ToProto(plan, full);
    }

    public override async Task<Proto.ListPlansResponse> ListPlans(Proto.ListPlansRequest r, ServerCallContext call)
    {
        var departmentId = Require.Code(r.DepartmentId, "department_id");
        await using var query = store.QuerySession();
        var plans = await query.Query<AnnualPlan>().Where(p => p.DepartmentId == departmentId).ToListAsync(call.CancellationToken);
        var full = await ReadsAsync(query, call.Caller(), [departmentId], call.CancellationToken);
        return new Proto.ListPlansResponse
        {
            Plans =
            {
                plans.Where(p => r.Year == 0 || p.Year == r.Year).Where(p => full || p.Published is not null)
                    .OrderBy(p => p.Year).Select(p => ToProto(p, full)),
            },
        };
    }

    /// <summary>Published plans are public, so the proposals are open to every caller.</summary>
    public override async Task<Proto.ProposeJointTasksResponse> ProposeJointTasks(Proto.ProposeJointTasksRequest r, ServerCallContext call)
    {
        await using var query = store.QuerySession();
        var plans = await query.Query<AnnualPlan>().Where(p => p.Year == r.Year).ToListAsync(call.CancellationToken);
        return new Proto.ProposeJointTasksResponse
        {
            Proposals =
            {
                OverlapFinder.Find(plans).Select(p => new Proto.JointTaskProposal
                {
                    Tasks =
                    {
                        p.Tasks.Select(t => new Proto.PlannedTaskRef
                        {
                            DepartmentId = t.DepartmentId, Year = t.Year, PlanVersion = t.PlanVersion, TaskCode = t.TaskCode, Name = t.Name, Items = { t.Items },
                        }),
                    },
                    From = Date(p.From), To = Date(p.To), Scope = ToProto(p.Scope),
                }),
            },
        };
    }

    private static string PlanStream(string departmentId, int year) =>
        AnnualPlan.StreamId(AnnualPlan.IdOf(Require.Code(departmentId, "department_id"), year));

    private static List<PlanBatch> ToBatches(IEnumerable<Proto.PlanBatch> batches) =>
        [.. batches.Select((b, i) => new PlanBatch(b.Number, b.Name, [.. b.Tasks.Select((t, j) => ToPlannedTask(t, $"batches[{i}].tasks[{j}]"))]))];

    private static PlannedTask ToPlannedTask(Proto.PlannedTask t, string field) => new(
        t.Code, t.Name, [.. t.Items], ToScope(t.Scope), ToQuotas(t.Quotas), Require.Date(t.From, $"{field}.from"), Require.Date(t.To, $"{field}.to"),
        t.Joint, t.LeadDepartmentId, [.. t.ParticipantIds], string.IsNullOrWhiteSpace(t.JointItemCode) ? null : new JointItemRef(t.JointItemCode.Trim()));

    private static PlanScope ToScope(Proto.PlanScope? s) =>
        new([.. s?.Divisions ?? []], [.. s?.Industries ?? []], [.. s?.EntityTypes ?? []], [.. s?.Tags ?? []], [.. s?.SubLibraries ?? []]);

    private static List<RiskQuota> ToQuotas(IEnumerable<Proto.RiskQuota> quotas) =>
        [.. quotas.Select(q => new RiskQuota(q.RiskClass,
            q.SizeCase == Proto.RiskQuota.SizeOneofCase.Percent ? (decimal)q.Percent : null,
            q.SizeCase == Proto.RiskQuota.SizeOneofCase.Count ? q.Count : null))];

    private static Proto.Plan ToProto(AnnualPlan p, bool full) => new()
    {
        PlanId = p.PlanId,
        DepartmentId = p.DepartmentId,
        Year = p.Year,
        Status = ToProto<PlanStatus, Proto.PlanStatus>(p.Status),
        Batches = { full ? p.Batches.Select(ToProto) : [] },
        AdjustmentReason = full ? p.AdjustmentReason ?? "" : "",
        Versions =
        {
            p.Versions.Select(v => new Proto.PlanVersion
            {
                Version = v.Version, Batches = { v.Batches.Select(ToProto) }, Reason = v.Reason ?? "", ApprovedBy = v.ApprovedBy.UserId,
                PublishedBy = v.PublishedBy.UserId, PublishedAt = Timestamp.FromDateTimeOffset(v.PublishedAt), FiledWith = { v.FiledWith.Select(ToProto) },
            }),
        },
        Version = p.Version,
    };

    private static Proto.FilingRecipient ToProto(FilingRecipient r) => new()
    {
        DepartmentId = r.DepartmentId, Acknowledged = r.AcknowledgedBy is not null, AcknowledgedBy = r.AcknowledgedBy?.UserId ?? "",
        AcknowledgedAt = r.AcknowledgedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
    };

    private static Proto.PlanFiling ToProto(PlanFiling f) => new()
    {
        DepartmentId = f.Department.Id, DepartmentName = f.Department.Name, Level = f.Department.Level, RegionCode = f.Department.RegionCode,
        Status = ToProto<FilingStatus, Proto.FilingStatus>(f.Status), PlanVersion = f.Published?.Version ?? 0,
        PublishedAt = f.Published is { } v ? Timestamp.FromDateTimeOffset(v.PublishedAt) : null, Recipients = { f.Recipients.Select(ToProto) },
    };

    private static Proto.PlanBatch ToProto(PlanBatch b) => new()
    {
        Number = b.Number,
        Name = b.Name,
        Tasks =
        {
            b.Tasks.Select(t => new Proto.PlannedTask
            {
                Code = t.Code, Name = t.Name, Items = { t.Items }, Scope = ToProto(t.Scope), Quotas = { ToProto(t.Quotas) },
                From = Date(t.From), To = Date(t.To), Joint = t.Joint, LeadDepartmentId = t.LeadDepartmentId, ParticipantIds = { t.ParticipantIds },
                JointItemCode = t.JointItem?.Code ?? "", JointItemRegion = t.JointItem?.Region ?? "", JointItemName = t.JointItem?.Name ?? "",
                JointItemListVersion = t.JointItem?.ListVersion ?? 0,
            }),
        },
    };

    private static Proto.PlanScope ToProto(PlanScope s) => new()
    {
        Divisions = { s.Divisions }, Industries = { s.Industries }, EntityTypes = { s.EntityTypes }, Tags = { s.Tags }, SubLibraries = { s.SubLibraries },
    };

    private static IEnumerable<Proto.RiskQuota> ToProto(IReadOnlyList<RiskQuota> quotas) => quotas.Select(q =>
    {
        var quota = new Proto.RiskQuota { RiskClass = q.RiskClass };
        if (q.Percent is { } percent) quota.Percent = (double)percent;
        if (q.Count is { } count) quota.Count = count;
        return quota;
    });
}
