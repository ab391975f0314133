using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Kernel;
using Shuangsuiji.Platform.Tests.Infrastructure;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>The audit trail (审计记录) in the console: a record's history, a search, and the office's view of the chains and checkpoints.</summary>
public sealed partial class WorkbenchTests
{
    [Fact]
    public async Task A_department_reads_its_tasks_history_and_searches_its_events_another_department_is_refused_and_the_office_sees_chains_and_signs_a_checkpoint()
    {
        await scenario.CityOffice();
        var office = await Known(Scenario.Office.DepartmentId);
        var lead = await Department("130306-AMR", "抚宁区市场监督管理局");
        var other = await Department("130306-HC", "抚宁区卫生健康局");
        var workbench = Workbench();
        using var staff = await SignedIn(workbench, lead, "钱科员", Roles.Staff);
        using var stranger = await SignedIn(workbench, other, "孙科员", Roles.Staff);
        using var supervisor = await SignedIn(workbench, office, "张主任", Roles.Supervisor);
        var taskId = await DraftTask(lead, "抚宁区食品经营专项抽查");

        // From the task's page to its history: every event in order, the first one the task's creation by the lead.
        var taskPage = await staff.Page(workbench, $"/tasks/{taskId}");
        var historyLink = taskPage.QuerySelector("a[href^='/audit/history']")!.GetAttribute("href")!;
        var history = await staff.Page(workbench, historyLink);
        var rows = history.QuerySelectorAll("table.audit-events tbody tr.event");
        Assert.Equal("task_created", rows[0].GetAttribute("data-kind"));
        Assert.Equal("抚宁区市场监督管理局", rows[0].QuerySelector("td[data-label=部门]")!.TextContent);
        Assert.Contains("抚宁区食品经营专项抽查", history.QuerySelector("table.audit-events tr.event-detail pre.event-data")!.TextContent);

        // Another department may not read it: the service's refusal in Chinese, no events.
        var refused = await stranger.Page(workbench, historyLink);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", refused.QuerySelector("p.alert")!.TextContent);
        Assert.Null(refused.QuerySelector("table.audit-events"));

        // The department's search finds its own events only, and it is not offered another department nor the chains.
        var search = await staff.Page(workbench, "/audit?service=tasks&kind=task_created");
        Assert.Null(search.QuerySelector("select#department"));
        Assert.Null(search.QuerySelector("a[href='/audit/chains']"));
        var found = search.QuerySelectorAll("table.audit-events tbody tr.event");
        Assert.Contains(found, r => r.QuerySelector("td[data-label=记录]")!.TextContent.Contains($"task:{taskId}"));
        Assert.All(found, r => Assert.Equal("抚宁区市场监督管理局", r.QuerySelector("td[data-label=部门]")!.TextContent));
        var strangers = await stranger.Page(workbench, "/audit?service=tasks&kind=task_created");
        Assert.DoesNotContain(strangers.QuerySelectorAll("table.audit-events tr.event"), r => r.TextContent.Contains($"task:{taskId}"));
        var notOffice = await staff.Page(workbench, "/audit/chains");
        Assert.Null(notOffice.QuerySelector("table.chains"));
        Assert.Contains("双随机办", notOffice.QuerySelector("p.alert")!.TextContent);

        // A "to" date before "from": the service's problem beside the field.
        var backwards = await staff.Page(workbench, "/audit?service=tasks&from=2026-03-02&to=2026-03-01");
        Assert.Equal("to", backwards.QuerySelector("p.field-error")!.GetAttribute("data-field"));

        // The office sees an inspector's personal data masked in the directories' trail, as every reader but its department.
        await new Inspectors.InspectorsClient(platform.GatewayChannel).SaveInspectorAsync(new SaveInspectorRequest
        {
            DepartmentId = lead, InspectorId = "FN-01", Name = "赵检查", CertificateNo = "冀执201", CertificateValidFrom = "2021-01-01",
            CertificateValidTo = "2030-12-31", Region = "130306", IdNumber = "130302199001011238", Phone = "13800135678",
        }, As(Scenario.StaffOf(lead)));
        var officeSearch = await supervisor.Page(workbench, $"/audit?service=directories&department={lead}&kind=inspector_registered");
        var registered = officeSearch.QuerySelector("table.audit-events tr.event-detail pre.event-data")!.TextContent;
        Assert.Contains("赵检查", registered);
        Assert.DoesNotContain("130302199001011238", registered);
        Assert.DoesNotContain("13800135678", registered);

        // The office's view of the chains: every service's progress; a checkpoint signed on demand covers the tasks' chain.
        var chains = await supervisor.Page(workbench, "/audit/chains");
        Assert.Equal(7, chains.QuerySelectorAll("table.chains tbody tr").Length);
        var signedPage = await Eventually.Get(async () =>
        {
            var page = await supervisor.Submit(workbench, await supervisor.Page(workbench, "/audit/chains"), "checkpoint", new Dictionary<string, string>());
            return page;
        }, page => page.QuerySelector("table.checkpoints tbody tr") is not null
            && page.QuerySelector("tr[data-service=tasks] td[data-label=状态]")!.TextContent.Contains("已全部签入"), "a checkpoint over the tasks' chain");
        Assert.Null(signedPage.QuerySelector("p.alert"));
        // The identity service's chain (accounts, sign-ins) is in the tree like the others.
        Assert.DoesNotContain("未纳入公开检查点", signedPage.QuerySelector("tr[data-service=identity] td[data-label=状态]")!.TextContent);
        Assert.NotEqual("—", signedPage.QuerySelector("tr[data-service=identity] td[data-label=已签入至]")!.TextContent);

        await LookAt("audit",
            (supervisor, $"/audit?service=directories&department={lead}&kind=inspector_registered", "office-search", "table.audit-events summary"),
            (supervisor, "/audit/chains", "chains", null),
            (staff, historyLink, "task-history", null));
    }
}
