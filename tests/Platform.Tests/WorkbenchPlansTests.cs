using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Kernel;
using Shuangsuiji.Platform.Tests.Infrastructure;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>The annual plan (年度计划) in the staff console: drafted in a form, approved, published, adjusted; joint-task proposals accepted.</summary>
public sealed partial class WorkbenchTests
{
    [Fact]
    public async Task A_plan_is_drafted_approved_published_and_adjusted_in_the_console_every_version_stays_and_an_overlap_becomes_a_joint_task()
    {
        await scenario.CityOffice();
        var lead = await Department("130304-AMR", "北戴河区市场监督管理局");
        var partner = await Department("130304-HC", "北戴河区卫生健康局");
        await scenario.Item(lead, "HBSC-001", Scenario.Content("食品经营许可事项抽查"));
        var year = platform.Today.Year;
        var (from, to) = ($"{year}-03-01", $"{year}-04-30");
        var (staff, staffPassword) = await Account(lead, "郑科员", Roles.Staff);
        var (reviewer, reviewerPassword) = await Account(lead, "周审核", Roles.Reviewer);
        var workbench = Workbench();
        using var staffBrowser = new ConsoleBrowser(platform);
        using var reviewerBrowser = new ConsoleBrowser(platform);
        await staffBrowser.SignIn(workbench, staff, staffPassword);
        await reviewerBrowser.SignIn(workbench, reviewer, reviewerPassword);
        Dictionary<string, string> Planned(string name, string checkTo) => new()
        {
            ["Planned.Batch"] = "1", ["Planned.BatchName"] = "第一批次", ["Planned.Code"] = "P1", ["Planned.Name"] = name,
            ["Planned.From"] = from, ["Planned.To"] = checkTo, ["Planned.Items"] = $"{lead}:HBSC-001", ["Planned.Divisions"] = "130304",
            ["Planned.EntityTypes"] = "enterprise", ["Planned.QuotaA"] = "10", ["Planned.UnitA"] = "percent", ["Planned.QuotaD"] = "3", ["Planned.UnitD"] = "count",
        };

        // A period that ends before it starts: the tasks service's problem beside the field, and no plan.
        var page = await staffBrowser.Page(workbench, $"/plans/{year}");
        var refused = await staffBrowser.Submit(workbench, page, "planned", Planned("食品经营单位抽查", $"{year}-02-01"));
        var problem = refused.QuerySelector("p.field-error[data-field=to]")!;
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem.TextContent);
        Assert.Equal("to", problem.PreviousElementSibling?.Id);
        Assert.Equal("true", refused.QuerySelector("#to")!.GetAttribute("aria-invalid"));
        Assert.Equal($"{lead}:HBSC-001", refused.QuerySelector("input[name='Planned.Items'][checked]")?.GetAttribute("value"));
        Assert.Empty((await Tasks.ListPlansAsync(new ListPlansRequest { DepartmentId = lead }, As(Scenario.StaffOf(lead)))).Plans);

        // Corrected, the draft holds the batch and its planned task.
        var drafted = await staffBrowser.Submit(workbench, refused, "planned", Planned("食品经营单位抽查", to));
        Assert.Equal("草稿", drafted.QuerySelector("h1 .badge")!.TextContent);
        var row = drafted.QuerySelector("table.planned tr[data-code=P1]")!;
        Assert.Equal("食品经营许可事项抽查（HBSC-001）", row.QuerySelector("td[data-label=检查事项]")!.TextContent);
        Assert.Equal("A 类 10%、D 类 3 户", row.QuerySelector("td[data-label=风险分类]")!.TextContent);
        Assert.Contains("第 1 批次：第一批次", drafted.QuerySelector("h3.batch")!.TextContent);
        Assert.Null(drafted.QuerySelector("form input[name=_handler][value=approve]"));

        // The reviewer approves; staff publish version 1.
        var approved = await reviewerBrowser.Submit(workbench, await reviewerBrowser.Page(workbench, $"/plans/{year}"), "approve", new Dictionary<string, string>());
        Assert.Equal("已审核待公布", approved.QuerySelector("h1 .badge")!.TextContent);
        var published = await staffBrowser.Submit(workbench, await staffBrowser.Page(workbench, $"/plans/{year}"), "publish", new Dictionary<string, string>());
        Assert.Equal("已公布", published.QuerySelector("h1 .badge")!.TextContent);
        Assert.NotNull(published.QuerySelector("ol.versions li[data-version='1']"));

        // The health bureau's published plan visits the same district in the same months: the finder proposes one joint visit,
        // which the lead accepts with one action: its task, created from its plan, with the bureau invited.
        var partnerStaff = Scenario.StaffOf(partner);
        await Tasks.DraftPlanAsync(new DraftPlanRequest
        {
            DepartmentId = partner, Year = year,
            Batches =
            {
                new PlanBatch
                {
                    Number = 1, Name = "春季",
                    Tasks =
                    {
                        new PlannedTask
                        {
                            Code = "W1", Name = "公共场所卫生抽查", Items = { $"{partner}:WS-001" }, From = $"{year}-04-01", To = $"{year}-05-31",
                            Scope = new PlanScope { Divisions = { "130304" } }, Quotas = { new RiskQuota { RiskClass = "A", Percent = 5 } }, LeadDepartmentId = partner,
                        },
                    },
                },
            },
        }, As(partnerStaff));
        await Tasks.ApprovePlanAsync(new PlanCommandRequest { DepartmentId = partner, Year = year }, As(partnerStaff with { UserId = "reviewer-wu", Role = Roles.Reviewer }));
        await Tasks.PublishPlanAsync(new PlanCommandRequest { DepartmentId = partner, Year = year }, As(partnerStaff));
        var proposing = await staffBrowser.Page(workbench, $"/plans/{year}");
        var proposal = proposing.QuerySelector("section.proposals div.proposal")!;
        Assert.Contains("北戴河区卫生健康局：公共场所卫生抽查", proposal.TextContent);
        Assert.Contains($"{year}年4月1日 至 {year}年4月30日", proposal.TextContent);
        var joint = await staffBrowser.Submit(workbench, proposing, "join", new Dictionary<string, string> { ["Join.Code"] = "0" });
        var departments = joint.QuerySelectorAll("table.departments tbody tr").Select(r => (r.QuerySelector("td")!.TextContent, r.QuerySelector("td[data-label=进度]")!.TextContent));
        Assert.Equal([("北戴河区市场监督管理局", "已加入"), ("北戴河区卫生健康局", "已受邀待答复")], departments);
        Assert.Contains($"年度计划 {lead}:{year}（第 1 版）中的 P1", joint.QuerySelector("dl.facts")!.TextContent);

        // An adjustment states its reason; the revised plan, approved and published, is version 2; version 1 stays readable.
        var adjusting = await staffBrowser.Submit(workbench, await staffBrowser.Page(workbench, $"/plans/{year}"), "adjust",
            new Dictionary<string, string> { ["Adjust.Reason"] = "根据上级部署增加冷链食品检查" });
        Assert.Equal("调整中", adjusting.QuerySelector("h1 .badge")!.TextContent);
        await staffBrowser.Submit(workbench, adjusting, "planned", Planned("食品经营单位及冷链食品抽查", to));
        await reviewerBrowser.Submit(workbench, await reviewerBrowser.Page(workbench, $"/plans/{year}"), "approve", new Dictionary<string, string>());
        var second = await staffBrowser.Submit(workbench, await staffBrowser.Page(workbench, $"/plans/{year}"), "publish", new Dictionary<string, string>());
        Assert.Contains("调整理由：根据上级部署增加冷链食品检查", second.QuerySelector("ol.versions li[data-version='2']")!.TextContent);
        var first = await staffBrowser.Page(workbench, $"/plans/{year}?version=1");
        Assert.Equal("1", first.QuerySelector("section.batches")!.GetAttribute("data-showing"));
        Assert.Equal("食品经营单位抽查", first.QuerySelector("tr[data-code=P1] td[data-label=任务]")!.TextContent);
        var list = await staffBrowser.Page(workbench, "/plans");
        Assert.Equal(["第 1 版", "第 2 版"], list.QuerySelectorAll($"tr[data-year='{year}'] a.version").Select(a => a.TextContent));
    }
}
