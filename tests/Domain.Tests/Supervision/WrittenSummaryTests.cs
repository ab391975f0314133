using Shuangsuiji.Kernel;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.Supervision.Reports;
using Shuangsuiji.Supervision.Targets;

namespace Shuangsuiji.Domain.Tests.Supervision;

/// <summary>The written summary (工作总结) of a quarter, the fourth quarter's being the year's (年度工作总结, due 20 December).</summary>
public sealed class WrittenSummaryTests
{
    private const string Market = "130300-AMR", Office = "130300-OFFICE";
    private static readonly DateTimeOffset December = new(2022, 12, 19, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly CommandContext Staff = Given.As(Market) with { Now = December };
    private static readonly Scope Bureau = new(Market, "秦皇岛市市场监督管理局", false, new HashSet<string> { Market });
    private static readonly IReadOnlySet<string> NoCounties = new HashSet<string>();

    private static Report Report(string period, params ReportLine[] lines) =>
        new(Bureau, "summary", ReportPeriod.Parse(period), lines, new DateOnly(2022, 12, 20), null);

    private static ReportSubmission With(ReportSubmission? state, IReadOnlyList<object> events) => Aggregate.Fold(state, events)!;

    [Fact]
    public void The_years_summary_is_kept_with_its_text_and_the_year_to_date_figures_on_time_before_20_December()
    {
        var line = new ReportLine("entities_inspected", "已检查（户次）", 40, 180);
        var written = Given.Single<SummaryWritten>(SummaryDecider.Write(null, Report("2022-Q4", line), NoCounties, "一、总体情况\r\n\r\n二、存在问题  ", Staff));
        Assert.Equal(("一、总体情况\n\n二、存在问题", new DateOnly(2022, 12, 19), Market), (written.Text, written.WrittenOn, written.By.DepartmentId));
        Assert.Equal([line], written.Lines);
        var kept = With(null, [written]);
        Assert.Equal((false, 1, 180.0), (kept.Late, kept.SummaryVersions, kept.Last.Lines.Single().YearValue));
        Assert.Contains("年度工作总结", Report("2022-Q4") with { Submission = kept } is { } r ? r.Title : "");
        Assert.Equal(["一、总体情况", "二、存在问题"], (Report("2022-Q4") with { Submission = kept }).Paragraphs);
    }

    [Fact]
    public void Empty_or_too_long_text_a_month_or_a_period_not_yet_open_is_refused_with_its_reason()
    {
        var empty = Assert.Throws<InvalidFieldException>(() => SummaryDecider.Write(null, Report("2022-Q4"), NoCounties, " \n ", Staff));
        Assert.Equal(("text", "SUMMARY_TEXT_REQUIRED"), (empty.Field, empty.Reason.Code));
        var tooLong = Assert.Throws<InvalidFieldException>(() => SummaryDecider.Write(null, Report("2022-Q4"), NoCounties, new string('字', SummaryDecider.MaxLength + 1), Staff));
        Assert.Equal(("text", "SUMMARY_TOO_LONG"), (tooLong.Field, tooLong.Reason.Code));
        var month = Assert.Throws<InvalidFieldException>(() => SummaryDecider.Write(null, Report("2022-11"), NoCounties, "总结", Staff));
        Assert.Equal(("period", "NOT_A_SUMMARY_PERIOD"), (month.Field, month.Reason.Code));
        var early = Assert.Throws<RuleViolationException>(() => SummaryDecider.Write(null, Report("2022-Q4"), NoCounties, "总结", Staff with { Now = December.AddMonths(-1) }));
        Assert.Equal("REPORT_NOT_OPEN", early.Reason.Code);
        // The year's summary is never confirmed as figures alone.
        var figuresOnly = Assert.Throws<InvalidFieldException>(() => ReportDecider.Confirm(null, Report("2022-Q4"), NoCounties, "无", Staff));
        Assert.Equal(("text", "SUMMARY_TEXT_REQUIRED"), (figuresOnly.Field, figuresOnly.Reason.Code));
        Assert.Single(ReportDecider.Confirm(null, Report("2022-Q3"), NoCounties, "无", Staff));
    }

    [Fact]
    public void The_department_amends_its_text_late_or_not_until_the_office_accepts_it_and_only_an_office_accepts()
    {
        var first = With(null, SummaryDecider.Write(null, Report("2022-Q4"), NoCounties, "初稿", Staff));
        var late = Staff with { Now = December.AddDays(5) };
        var amended = With(first, SummaryDecider.Write(first, Report("2022-Q4"), NoCounties, "修改稿", late));
        Assert.Equal(("修改稿", 2, false), (amended.Summary!.Text, amended.SummaryVersions, amended.Late));
        Assert.Throws<ForbiddenException>(() => SummaryDecider.Accept(amended, Report("2022-Q4"), Staff));
        var none = Assert.Throws<RuleViolationException>(() => SummaryDecider.Accept(null, Report("2022-Q4"), Given.As(Office, Roles.Supervisor)));
        Assert.Equal("SUMMARY_NOT_WRITTEN", none.Reason.Code);
        var accepted = With(amended, SummaryDecider.Accept(amended, Report("2022-Q4"), Given.As(Office, Roles.Supervisor) with { Now = late.Now }));
        Assert.Equal(new DateOnly(2022, 12, 24), accepted.Accepted!.AcceptedOn);
        var closed = Assert.Throws<RuleViolationException>(() => SummaryDecider.Write(accepted, Report("2022-Q4"), NoCounties, "再改", late));
        Assert.Equal("SUMMARY_ACCEPTED", closed.Reason.Code);
        Assert.Equal("SUMMARY_ACCEPTED", Assert.Throws<RuleViolationException>(() => SummaryDecider.Accept(accepted, Report("2022-Q4"), Given.As(Office, Roles.Supervisor))).Reason.Code);
    }

    [Fact]
    public void A_summary_first_written_after_its_due_date_is_late()
    {
        var kept = With(null, SummaryDecider.Write(null, Report("2022-Q4"), NoCounties, "总结", Staff with { Now = December.AddDays(2) }));
        Assert.True(kept.Late);
    }
}
