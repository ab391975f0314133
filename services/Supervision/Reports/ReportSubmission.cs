using Shuangsuiji.ServiceDefaults.Calendar;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Supervision.Reports;

/// <summary>A department confirmed a generated report (报送): the lines as they were then, its remarks, when.</summary>
public sealed record ReportConfirmed(string Subject, string Period, string Form, IReadOnlyList<ReportLine> Lines, string Remarks, DateOnly ConfirmedOn,
    DateOnly DueOn, Caller By, DateTimeOffset At);

/// <summary>
/// A report of a subject (department or region) for a period (stream "report:{subject}:{period}"). Confirming again
/// replaces the figures (a correction); every confirmation stays in the stream.
/// </summary>
public sealed record ReportSubmission(string Id, ReportConfirmed Last, int Confirmations) : IAggregate<ReportSubmission>
{
    public long Version { get; set; }

    public static string StreamId(string subject, string period) => $"report:{subject}:{period}";

    /// <summary>Late when first confirmed after its due date.</summary>
    public bool Late { get; init; }

    public static ReportSubmission When(ReportSubmission? state, object @event) => (state, @event) switch
    {
        (null, ReportConfirmed e) => new ReportSubmission(StreamId(e.Subject, e.Period), e, 1) { Late = e.ConfirmedOn > e.DueOn },
        ({ } s, ReportConfirmed e) => s with { Last = e, Confirmations = s.Confirmations + 1 },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to report {state?.Id ?? "(new)"}"),
    };
}

public static class ReportDecider
{
    /// <summary>
    /// A department's report is confirmed by its own staff or reviewers; a county's or district's (附件1) by those of a
    /// county-level department in it, where the local office sits. The office reads reports; it does not confirm them.
    /// </summary>
    public static IReadOnlyList<object> Confirm(Report report, IReadOnlySet<string> countyDepartments, string remarks, CommandContext ctx)
    {
        var scope = report.Scope;
        var caller = ctx.Caller;
        if (caller.Role is not (Roles.Staff or Roles.Reviewer or Roles.System))
            throw new ForbiddenException($"a report is confirmed by the reporting department's staff; {caller.DepartmentId} ({caller.Role}) may not",
                $"报表由报送部门的工作人员确认；{caller.DepartmentId}（{caller.Role}）无权确认", Reasons.RoleNotAllowed.About(caller.Role));
        var mayConfirm = scope.IsRegion ? countyDepartments.Contains(caller.DepartmentId) && scope.Includes(caller.DepartmentId) : scope.Includes(caller.DepartmentId);
        if (!mayConfirm)
            throw new ForbiddenException($"{caller.DepartmentId} does not report for {scope.Name} ({scope.Subject})", $"{caller.DepartmentId} 不负责报送{scope.Name}（{scope.Subject}）的报表",
                SupervisionReasons.NotReporting.About(scope.Subject));
        var on = ChinaDate.Of(ctx.Now);
        if (on < report.Period.OpensOn)
            throw new RuleViolationException($"the report for {report.Period.Code} can be confirmed from {report.Period.OpensOn:yyyy-MM-dd}",
                $"{report.Period.Code} 的报表自 {report.Period.OpensOn:yyyy-MM-dd} 起才能确认", SupervisionReasons.ReportNotOpen.About(report.Period.Code, report.Period.OpensOn));
        return [new ReportConfirmed(scope.Subject, report.Period.Code, report.Form, report.Lines, Require.OptionalText(remarks, "remarks", 2000) ?? "",
            on, report.DueOn, caller, ctx.Now)];
    }
}
