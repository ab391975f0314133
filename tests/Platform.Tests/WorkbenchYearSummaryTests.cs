using Grpc.Core;
using Shuangsuiji.Api.Supervision.V1;
using Shuangsuiji.Demo;
using Shuangsuiji.Kernel;
using Shuangsuiji.Platform.Tests.Infrastructure;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// The year's written summary (年度工作总结) through the console: a city department writes it with the year's figures
/// attached and amends it, the office sees it as late, reads and downloads it, and accepts it; after that it no longer changes.
/// </summary>
public sealed partial class WorkbenchTests
{
    [Fact]
    public async Task A_department_submits_and_amends_its_year_summary_and_the_office_sees_it_late_reads_downloads_and_accepts_it()
    {
        await SimulatedYear();
        var period = $"{Simulated.Year}-Q4";
        var (staff, workbench) = await SignedIn("130300-AMR", "周科长", Roles.Staff);
        using var _ = staff;

        var page = await staff.Page(workbench, $"/office/reports?period={period}");
        Assert.Equal("年度工作总结", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("年度工作总结", page.QuerySelector("article.paper h2.title")!.TextContent);
        Assert.Equal("第四季度（年度工作总结）", page.QuerySelector("select#period option[selected]")!.TextContent);
        // The year's summary goes with its text: there is no confirming the figures alone.
        Assert.Null(page.QuerySelector("form input[name=_handler][value=confirm]"));

        var empty = await staff.Submit(workbench, page, "summary", new Dictionary<string, string> { ["Summary.Text"] = "  " });
        Assert.NotNull(empty.QuerySelector("p.field-error[data-field=text]"));
        var tooLong = await staff.Submit(workbench, empty, "summary", new Dictionary<string, string> { ["Summary.Text"] = new string('字', 20001) });
        Assert.Contains("20000", tooLong.QuerySelector("p.field-error[data-field=text]")!.TextContent);
        var text = "一、全年工作情况\n全年按计划开展抽查。\n\n二、存在的问题\n联合抽查占比偏低。";
        var written = await staff.Submit(workbench, tooLong, "summary", new Dictionary<string, string> { ["Summary.Text"] = text });
        Assert.Equal(["一、全年工作情况\n全年按计划开展抽查。", "二、存在的问题\n联合抽查占比偏低。"],
            written.QuerySelectorAll("section.summary-text > p:not(.signature)").Select(p => p.TextContent));
        Assert.Equal("written", written.QuerySelector("section.summary-text .badge")!.GetAttribute("data-summary"));
        Assert.Equal("late", written.QuerySelector("article.paper .signature .badge")!.GetAttribute("data-status"));

        // Amended before the office accepts it: the text replaced, the second version counted.
        var amended = await staff.Submit(workbench, written, "summary", new Dictionary<string, string> { ["Summary.Text"] = text + "\n\n三、下一步打算\n提高联合抽查比例。" });
        Assert.Equal(3, amended.QuerySelectorAll("section.summary-text > p:not(.signature)").Length);
        Assert.Contains("第 2 稿", amended.QuerySelector("section.summary-text .signature")!.TextContent);
        var kept = await Supervision.GetReportAsync(new GetReportRequest { Subject = "130300-AMR", Period = period }, As(Scenario.Office));
        Assert.Equal((2, true, true), (kept.SummaryVersions, kept.Late, kept.SummaryText.EndsWith("提高联合抽查比例。")));
        Assert.Equal(Simulated.Line("130300-AMR", 1, 12, "entities_inspected"), kept.Lines.Single(l => l.Code == "entities_inspected").YearValue);
        var confirmAlone = await Assert.ThrowsAsync<RpcException>(() => Supervision.ConfirmReportAsync(
            new ConfirmReportRequest { Subject = "130300-AMR", Period = period, Remarks = "无" }, As(Scenario.StaffOf("130300-AMR"))).ResponseAsync);
        Assert.Equal((StatusCode.InvalidArgument, true), (confirmAlone.StatusCode, confirmAlone.Status.Detail.StartsWith("text:")));

        // The office: late on the submissions page, written and waiting; read, downloaded as a document and as CSV, accepted.
        var (office, officeWorkbench) = await SignedIn(DemoData.Office, "吴主任", Roles.Supervisor);
        using var __ = office;
        var submissions = await office.Page(officeWorkbench, $"/office/submissions?period={period}");
        Assert.Contains("年度工作总结", submissions.QuerySelector("h1")!.TextContent);
        var row = submissions.QuerySelector("table.submissions tr[data-subject='130300-AMR']")!;
        Assert.Equal(("late", "年度工作总结", "written"), (row.GetAttribute("data-status"), row.QuerySelector("td[data-label=报表]")!.TextContent,
            row.QuerySelector("td[data-label=总结正文]")!.GetAttribute("data-summary")));
        var document = await office.Get(officeWorkbench, $"/office/reports/download?subject=130300-AMR&period={period}&format=txt");
        Assert.Equal(("text/plain", $"130300-AMR-{period}.txt"), (document.Content.Headers.ContentType!.MediaType, document.Content.Headers.ContentDisposition!.FileName!.Trim('"')));
        var plain = await document.Content.ReadAsStringAsync();
        Assert.Contains("年度工作总结", plain);
        Assert.Contains("三、下一步打算\n提高联合抽查比例。", plain);
        Assert.Contains($"已检查（户次）：{Simulated.Line("130300-AMR", 10, 12, "entities_inspected")} / {Simulated.Line("130300-AMR", 1, 12, "entities_inspected")}", plain);
        var csv = await (await office.Get(officeWorkbench, $"/office/reports/download?subject=130300-AMR&period={period}&format=csv")).Content.ReadAsStringAsync();
        Assert.Contains("summary_text,工作总结,\"一、全年工作情况", csv);

        var read = await office.Page(officeWorkbench, row.QuerySelector("a")!.GetAttribute("href")!);
        Assert.Null(read.QuerySelector("form input[name=_handler][value=summary]"));
        var accepted = await office.Submit(officeWorkbench, read, "accept", new Dictionary<string, string>());
        Assert.Equal("accepted", accepted.QuerySelector("section.summary-text .badge")!.GetAttribute("data-summary"));
        Assert.Null(accepted.QuerySelector("form input[name=_handler][value=accept]"));
        Assert.Equal("accepted", (await office.Page(officeWorkbench, $"/office/submissions?period={period}"))
            .QuerySelector("table.submissions tr[data-subject='130300-AMR'] td[data-label=总结正文]")!.GetAttribute("data-summary"));

        // Accepted: the department can no longer amend it, on its page or through the API.
        Assert.Null((await staff.Page(workbench, $"/office/reports?period={period}")).QuerySelector("form input[name=_handler][value=summary]"));
        var late = await Assert.ThrowsAsync<RpcException>(() => Supervision.SubmitSummaryAsync(
            new SubmitSummaryRequest { Subject = "130300-AMR", Period = period, Text = "再改" }, As(Scenario.StaffOf("130300-AMR"))).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, late.StatusCode);
        Assert.NotEmpty((await Supervision.GetReportAsync(new GetReportRequest { Subject = "130300-AMR", Period = period }, As(Scenario.Office))).SummaryAcceptedOn);
    }
}
