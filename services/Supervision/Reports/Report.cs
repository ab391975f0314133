using Shuangsuiji.Supervision.Activity;
using Shuangsuiji.Supervision.Targets;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Supervision.Reports;

/// <summary>
/// A report as the office reads it: generated from the records until the reporting department confirms it, then the
/// figures it confirmed (a later correction is confirmed again).
/// </summary>
public sealed record Report(Scope Scope, string Form, ReportPeriod Period, IReadOnlyList<ReportLine> Lines, DateOnly DueOn, ReportSubmission? Submission)
{
    public const string CountyForm = "attachment_1";
    public const string DepartmentForm = "attachment_2";
    public const string SummaryForm = "summary";

    public string Title => Form switch
    {
        CountyForm => $"附件1 县（区）“双随机、一公开”监管工作月报表（{Scope.Name}，{Period.Year}年{Period.Month}月）",
        DepartmentForm => $"附件2 市有关部门“双随机、一公开”监管工作月报表（{Scope.Name}，{Period.Year}年{Period.Month}月）",
        _ when Period.IsYearSummary => $"{Scope.Name}{Period.Year}年度“双随机、一公开”监管工作总结（年度工作总结）",
        _ => $"{Scope.Name}“双随机、一公开”监管工作总结（{Period.Year}年第{Period.Quarter}季度）",
    };

    /// <summary>The column of the period's values: the month, or the quarter for a summary.</summary>
    public string PeriodColumn => Period.IsSummary ? "本季度" : "本月";

    /// <summary>The written summary's paragraphs (blank lines part them), none without one.</summary>
    public IReadOnlyList<string> Paragraphs => Submission?.Summary?.Text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    public static Report Generate(YearActivity activity, Scope scope, ReportPeriod period, ReportSubmission? submission, WorkingDayCalendar calendar)
    {
        var lines = submission?.Last.Lines ?? ReportLines.Of(activity, scope, period);
        return new Report(scope, FormOf(scope, period), period, lines, period.DueOn(calendar), submission);
    }

    /// <summary>A county or district fills attachment 1, a department attachment 2; a quarter's is the summary.</summary>
    public static string FormOf(Scope scope, ReportPeriod period) => period.IsSummary ? SummaryForm : scope.IsRegion ? CountyForm : DepartmentForm;
}
