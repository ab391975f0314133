using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Supervision.Reports;

/// <summary>A department confirmed a generated report (报送): the lines as they were then, its remarks, when.</summary>
public sealed record ReportConfirmed(string Subject, string Period, string Form, IReadOnlyList<ReportLine> Lines, string Remarks, DateOnly ConfirmedOn,
    DateOnly DueOn, Caller By, DateTimeOffset At);

/// <summary>
/// A report of a subject (department or region) for a period (stream "report:{subject}:{period}"). Confirming again
/// replaces the figures (a correction); every confirmation stays in the stream. A quarter's report may carry the written
/// summary (<see cref="SummaryWritten"/>): its figures are then those attached to the text last submitted.
/// </summary>
public sealed record ReportSubmission(string Id, ReportConfirmed Last, int Confirmations) : IAggregate<ReportSubmission>
{
    public long Version { get; set; }

    public static string StreamId(string subject, string period) => $"report:{subject}:{period}";

    /// <summary>Late when first confirmed after its due date.</summary>
    public bool Late { get; init; }

    /// <summary>The written summary as last submitted; null for a report confirmed with its figures only.</summary>
    public SummaryWritten? Summary { get; init; }

    /// <summary>How many times the text was submitted (the first, then each amendment).</summary>
    public int SummaryVersions { get; init; }

    public SummaryAccepted? Accepted { get; init; }

    public static ReportSubmission When(ReportSubmission? state, object @event) => (state, @event) switch
    {
        (null, ReportConfirmed e) => new ReportSubmission(StreamId(e.Subject, e.Period), e, 1) { Late = e.ConfirmedOn > e.DueOn },
        ({ } s, ReportConfirmed e) => s with { Last = e, Confirmations = s.Confirmations + 1 },
        (null, SummaryWritten e) => new ReportSubmission(StreamId(e.Subject, e.Period), e.AsConfirmation(""), 1)
            { Late = e.WrittenOn > e.DueOn, Summary = e, SummaryVersions = 1 },
        ({ } s, SummaryWritten e) => s with
            { Last = e.AsConfirmation(s.Last.Remarks), Confirmations = s.Confirmations + 1, Summary = e, SummaryVersions = s.SummaryVersions + 1 },
        ({ } s, SummaryAccepted e) => s with { Accepted = e },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to report {state?.Id ?? "(new)"}"),
    };
}

public static class ReportDecider
{
    /// <summary>
    /// A department's report is confirmed by its own staff or reviewers; a county's or district's (附件1) by those of a
    /// county-level department in it, where the local office sits. The office reads reports; it does not confirm them.
    /// </summary>
    public static IReadOnlyList<object> Confirm(ReportSubmission? state, Report report, IReadOnlySet<string> countyDepartments, string remarks, CommandContext ctx)
    {
        var on = MayReport(state, report, countyDepartments, ctx);
        if (report.Period.IsYearSummary)
            throw new InvalidFieldException("text", $"the year's summary for {report.Period.Code} is submitted with its written text",
                $"{report.Period.Year}年度工作总结须连同总结正文报送", SupervisionReasons.SummaryTextRequired.About(report.Period.Code));
        return [new ReportConfirmed(report.Scope.Subject, report.Period.Code, report.Form, report.Lines, Require.OptionalText(remarks, "remarks", 2000) ?? "",
            on, report.DueOn, ctx.Caller, ctx.Now)];
    }

    /// <summary>
    /// Whether the caller reports for the report's subject now: its period open, and its written summary not yet accepted
    /// by the office (what the office accepted stays as accepted). The day it is reported on.
    /// </summary>
    public static DateOnly MayReport(ReportSubmission? state, Report report, IReadOnlySet<string> countyDepartments, CommandContext ctx)
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
        if (state?.Accepted is { } accepted)
            throw new RuleViolationException($"the office accepted the summary for {report.Period.Code} on {accepted.AcceptedOn:yyyy-MM-dd}: it no longer changes",
                $"领导小组办公室已于 {accepted.AcceptedOn:yyyy-MM-dd} 受理 {report.Period.Code} 的工作总结，不能再修改",
                SupervisionReasons.SummaryAccepted.About(report.Period.Code, accepted.AcceptedOn));
        return on;
    }
}
