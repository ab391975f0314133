using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Supervision.Reports;

/// <summary>
/// A department (or a county's department for its county) submitted the written summary (工作总结) of a quarter — the
/// fourth quarter's is the year's (年度工作总结) — with the figures of the period as they were then; again, an amendment.
/// </summary>
public sealed record SummaryWritten(string Subject, string Period, string Text, IReadOnlyList<ReportLine> Lines, DateOnly WrittenOn, DateOnly DueOn,
    Caller By, DateTimeOffset At)
{
    /// <summary>The figures attached to the text stand as the report's confirmed figures.</summary>
    public ReportConfirmed AsConfirmation(string remarks) => new(Subject, Period, Report.SummaryForm, Lines, remarks, WrittenOn, DueOn, By, At);
}

/// <summary>The office accepted (受理) the written summary as last submitted: it no longer changes.</summary>
public sealed record SummaryAccepted(string Subject, string Period, DateOnly AcceptedOn, Caller By, DateTimeOffset At);

/// <summary>
/// The rules of the written summary. The reporting department amends its text until the office accepts it, not merely
/// until its due date: the office reads a summary and may ask for a fuller one after the deadline, and what it accepted
/// is what the year's record keeps.
/// </summary>
public static class SummaryDecider
{
    /// <summary>Several pages of prose, as the work plan's summaries run; longer belongs in an attachment.</summary>
    public const int MaxLength = 20000;

    public static IReadOnlyList<object> Write(ReportSubmission? state, Report report, IReadOnlySet<string> countyDepartments, string? text, CommandContext ctx)
    {
        var period = report.Period;
        if (!period.IsSummary)
            throw new InvalidFieldException("period", $"{period.Code} is a month: a written summary is for a quarter (2026-Q4: the year's)",
                $"{period.Code} 是月份：工作总结按季度报送（2026-Q4 为年度工作总结）", SupervisionReasons.NotASummaryPeriod.About(period.Code));
        var on = ReportDecider.MayReport(state, report, countyDepartments, ctx);
        var written = (text ?? "").Replace("\r\n", "\n").Trim();
        if (written.Length == 0)
            throw new InvalidFieldException("text", "the summary's text is empty", "总结正文不能为空", SupervisionReasons.SummaryTextRequired.About(period.Code));
        if (written.Length > MaxLength)
            throw new InvalidFieldException("text", $"the summary is {written.Length} characters, longer than {MaxLength}",
                $"总结正文 {written.Length} 字，超过 {MaxLength} 字的上限", SupervisionReasons.SummaryTooLong.About(MaxLength, written.Length));
        return [new SummaryWritten(report.Scope.Subject, period.Code, written, report.Lines, on, report.DueOn, ctx.Caller, ctx.Now)];
    }

    /// <summary>The office of the subject's region accepts the text as last submitted (the API checks the region).</summary>
    public static IReadOnlyList<object> Accept(ReportSubmission? state, Report report, CommandContext ctx)
    {
        var code = report.Period.Code;
        if (!ctx.Caller.IsSupervisor())
            throw new ForbiddenException($"the office accepts a summary; {ctx.Caller.DepartmentId} ({ctx.Caller.Role}) may not",
                $"工作总结由领导小组办公室受理；{ctx.Caller.DepartmentId}（{ctx.Caller.Role}）无权受理", Reasons.OfficeOnly.About(null));
        if (state?.Summary is null)
            throw new RuleViolationException($"{report.Scope.Name} has submitted no written summary for {code}", $"{report.Scope.Name}尚未报送 {code} 的工作总结",
                SupervisionReasons.SummaryNotWritten.About(report.Scope.Subject, code));
        if (state.Accepted is { } accepted)
            throw new RuleViolationException($"the summary for {code} was accepted on {accepted.AcceptedOn:yyyy-MM-dd}", $"{code} 的工作总结已于 {accepted.AcceptedOn:yyyy-MM-dd} 受理",
                SupervisionReasons.SummaryAccepted.About(code, accepted.AcceptedOn));
        return [new SummaryAccepted(report.Scope.Subject, code, ChinaDate.Of(ctx.Now), ctx.Caller, ctx.Now)];
    }
}
