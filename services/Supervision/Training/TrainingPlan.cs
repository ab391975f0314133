using Shuangsuiji.Kernel;

namespace Shuangsuiji.Supervision.Training;

public enum Audience { EnforcementStaff, SystemUsers }

public sealed record TrainingSessionScheduled(int Year, string SessionId, DateOnly Date, Audience Audience, string Topic, string DepartmentId,
    int PlannedAttendance, Caller By, DateTimeOffset At);

/// <summary>Who came, per department; recorded again it replaces the session's attendance.</summary>
public sealed record AttendanceRecorded(int Year, string SessionId, IReadOnlyDictionary<string, int> Attendance, Caller By, DateTimeOffset At);

public sealed record TrainingSession(string SessionId, DateOnly Date, Audience Audience, string Topic, string DepartmentId, int PlannedAttendance,
    IReadOnlyDictionary<string, int> Attendance)
{
    public int Attended => Attendance.Values.Sum();
}

/// <summary>The office's training plan for a year (附件3, stream "training:{year}"): sessions and their attendance.</summary>
public sealed record TrainingPlan(string Id, int Year, IReadOnlyList<TrainingSession> Sessions) : IAggregate<TrainingPlan>
{
    public long Version { get; set; }

    public static string StreamId(int year) => $"training:{year}";

    public static TrainingPlan When(TrainingPlan? state, object @event) => (state, @event) switch
    {
        (_, TrainingSessionScheduled e) => (state ?? new TrainingPlan(StreamId(e.Year), e.Year, [])).With(
            new TrainingSession(e.SessionId, e.Date, e.Audience, e.Topic, e.DepartmentId, e.PlannedAttendance, new Dictionary<string, int>())),
        ({ } s, AttendanceRecorded e) => s with
        {
            Sessions = [.. s.Sessions.Select(x => x.SessionId == e.SessionId ? x with { Attendance = e.Attendance } : x)],
        },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to training plan {state?.Id ?? "(new)"}"),
    };

    private TrainingPlan With(TrainingSession session) => this with { Sessions = [.. Sessions, session] };
}

public static class TrainingDecider
{
    public static IReadOnlyList<object> Schedule(TrainingPlan? plan, int year, DateOnly date, Audience audience, string topic, string departmentId,
        int plannedAttendance, Func<string, bool> departmentExists, CommandContext ctx)
    {
        OfficeOnly(ctx.Caller, "keep the training plan");
        if (date.Year != year) throw new InvalidFieldException("date", $"{date:yyyy-MM-dd} is not in {year}", $"{date:yyyy-MM-dd} 不在 {year} 年度内", Reasons.FieldOutOfRange);
        if (!departmentExists(departmentId))
            throw new InvalidFieldException("department_id", $"{departmentId} is not a member department", $"监管服务尚未获知成员部门 {departmentId}",
                Reasons.DepartmentNotKnown.About(departmentId));
        if (plannedAttendance < 0) throw new InvalidFieldException("planned_attendance", "cannot be negative", "不能为负数", Reasons.FieldOutOfRange);
        var id = $"{year}-{(plan?.Sessions.Count ?? 0) + 1:000}";
        return [new TrainingSessionScheduled(year, id, date, audience, Require.Text(topic, "topic", 200), departmentId, plannedAttendance, ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> RecordAttendance(TrainingPlan? plan, int year, string sessionId, IReadOnlyDictionary<string, int> attendance,
        Func<string, bool> departmentExists, CommandContext ctx)
    {
        OfficeOnly(ctx.Caller, "record attendance");
        if (plan?.Sessions.FirstOrDefault(s => s.SessionId == sessionId) is null)
            throw new NotFoundException($"no training session {sessionId} in {year}", $"{year} 年度没有培训场次 {sessionId}",
                SupervisionReasons.TrainingSessionNotFound.About(sessionId, year));
        if (attendance.Count == 0) throw new InvalidFieldException("attendance", "give the attendance of at least one department", "至少给出一个部门的出席人数", Reasons.FieldRequired);
        foreach (var (department, count) in attendance)
        {
            if (!departmentExists(department))
                throw new InvalidFieldException($"attendance[{department}]", "is not a member department", $"监管服务尚未获知成员部门 {department}",
                    Reasons.DepartmentNotKnown.About(department));
            if (count < 0) throw new InvalidFieldException($"attendance[{department}]", "cannot be negative", "不能为负数", Reasons.FieldOutOfRange);
        }
        return [new AttendanceRecorded(year, sessionId, attendance, ctx.Caller, ctx.Now)];
    }

    private static void OfficeOnly(Caller caller, string what)
    {
        if (!caller.IsSupervisor())
            throw new ForbiddenException($"only the supervising office may {what}; {caller.DepartmentId} ({caller.Role}) may not",
                $"只有领导小组办公室可以执行此操作；{caller.DepartmentId}（{caller.Role}）无权执行", Reasons.OfficeOnly.About(null));
    }
}
