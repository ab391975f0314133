using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Marten;
using Shuangsuiji.Disclosure.Plans;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Disclosure;

public sealed partial class PublicRecordsApi
{
    public override async Task<Proto.ListPublicPlansResponse> ListPlans(Proto.ListPublicPlansRequest r, ServerCallContext call)
    {
        var departmentId = Require.Code(r.DepartmentId, "department_id");
        await using var query = store.QuerySession();
        var plans = await query.Query<PublicPlan>().Where(p => p.DepartmentId == departmentId).ToListAsync(call.CancellationToken);
        return new Proto.ListPublicPlansResponse { Plans = { plans.OrderByDescending(p => p.Year).Select(ToProto) } };
    }

    private static Proto.PublicPlan ToProto(PublicPlan p) => new()
    {
        PlanId = p.PlanId, DepartmentId = p.DepartmentId, Year = p.Year,
        Versions =
        {
            p.Versions.Select(v => new Proto.PublicPlanVersion
            {
                Version = v.Version, AdjustmentReason = v.AdjustmentReason ?? "", PublishedAt = Timestamp.FromDateTimeOffset(v.PublishedAt),
                Tasks =
                {
                    v.Tasks.Select(t => new Proto.PublicPlannedTask
                    {
                        Batch = t.Batch, BatchName = t.BatchName, Code = t.Code, Name = t.Name, Items = { t.Items }, Scope = ToProto(t.Scope),
                        Quotas = { t.Quotas.Select(ToProto) }, From = Date(t.From), To = Date(t.To), Joint = t.Joint, LeadDepartmentId = t.LeadDepartmentId,
                        ParticipantIds = { t.ParticipantIds }, JointItemCode = t.JointItemCode ?? "", JointItemName = t.JointItemName ?? "",
                    }),
                },
            }),
        },
    };

    private static Proto.PublicQuota ToProto(Contracts.Tasks.PublicQuota q)
    {
        var quota = new Proto.PublicQuota { RiskClass = q.RiskClass };
        if (q.Percent is { } percent) quota.Percent = (double)percent;
        else if (q.Count is { } count) quota.Count = count;
        return quota;
    }
}
