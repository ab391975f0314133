using Grpc.Core;
using Marten;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Supervision.Activity;
using Shuangsuiji.Supervision.Training;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Supervision.V1;

namespace Shuangsuiji.Supervision;

public sealed partial class SupervisionApi
{
    public override async Task<Proto.TrainingPlan> ScheduleTraining(Proto.ScheduleTrainingRequest r, ServerCallContext call)
    {
        var date = Require.Date(r.Date, "date");
        var audience = r.Audience.Trim() switch
        {
            "enforcement_staff" => Audience.EnforcementStaff,
            "system_users" => Audience.SystemUsers,
            var other => throw new Shuangsuiji.Kernel.InvalidFieldException("audience", $"\"{other}\" is not enforcement_staff or system_users"),
        };
        var departments = await DepartmentIdsAsync(call);
        return ToProto(await Change<TrainingPlan>(TrainingPlan.StreamId(r.Year), call,
            (plan, ctx) => TrainingDecider.Schedule(plan, r.Year, date, audience, r.Topic, r.DepartmentId.Trim(), r.PlannedAttendance, departments.Contains, ctx)));
    }

    public override async Task<Proto.TrainingPlan> RecordAttendance(Proto.RecordAttendanceRequest r, ServerCallContext call)
    {
        var departments = await DepartmentIdsAsync(call);
        return ToProto(await Change<TrainingPlan>(TrainingPlan.StreamId(r.Year), call,
            (plan, ctx) => TrainingDecider.RecordAttendance(plan, r.Year, r.SessionId.Trim(), r.Attendance, departments.Contains, ctx)));
    }

    /// <summary>The plan is the office's, and every member department reads it (with its token) to send its people.</summary>
    public override async Task<Proto.TrainingPlan> GetTrainingPlan(Proto.GetTrainingPlanRequest r, ServerCallContext call)
    {
        _ = call.Caller();
        await using var query = store.QuerySession();
        var plan = await query.LoadAsync<TrainingPlan>(TrainingPlan.StreamId(r.Year), call.CancellationToken);
        return plan is null ? new Proto.TrainingPlan { Year = r.Year } : ToProto(plan);
    }

    private async Task<HashSet<string>> DepartmentIdsAsync(ServerCallContext call)
    {
        await using var query = store.QuerySession();
        return [.. (await query.Query<KeptDepartment>().ToListAsync(call.CancellationToken)).Select(d => d.Id)];
    }

    private static Proto.TrainingPlan ToProto(TrainingPlan plan) => new()
    {
        Year = plan.Year, Version = plan.Version,
        Sessions =
        {
            plan.Sessions.Select(s => new Proto.TrainingSession
            {
                SessionId = s.SessionId, Date = Date(s.Date), Audience = s.Audience == Audience.EnforcementStaff ? "enforcement_staff" : "system_users",
                Topic = s.Topic, DepartmentId = s.DepartmentId, PlannedAttendance = s.PlannedAttendance, Attendance = { s.Attendance.ToDictionary() }, Attended = s.Attended,
            }),
        },
    };
}
