using Shuangsuiji.Kernel;
using Shuangsuiji.Platform.Tests.Infrastructure;

namespace Shuangsuiji.Platform.Tests;

/// <summary>The console's side navigation: grouped the same way for every role, and every link it shows opens for that role.</summary>
public sealed partial class WorkbenchTests
{
    [Fact]
    public async Task Every_link_of_the_navigation_opens_for_the_role_that_sees_it_in_the_groups_work_lists_supervision_administration()
    {
        await scenario.CityOffice();
        var office = await Known(Scenario.Office.DepartmentId);
        var department = await Department("130305-AMR", "青龙满族自治县市场监督管理局");
        var workbench = Workbench();
        var people = new (string Department, string Role, string[] Groups, string[] Absent)[]
        {
            (office, Roles.Supervisor, ["工作", "清单", "督查", "管理"], ["/items", "/review"]),
            (department, Roles.Staff, ["工作", "清单", "督查"], ["/office/submissions", "/admin/accounts", "/review"]),
            (department, Roles.Reviewer, ["工作", "清单", "督查"], ["/office/return-visits", "/admin/tags"]),
            (department, Roles.Admin, ["工作", "清单", "督查", "管理"], ["/office/alerts", "/admin/holidays"]),
        };
        foreach (var (of, role, groups, absent) in people)
        {
            using var person = await SignedIn(workbench, of, $"{Labels(role)}甲", role);
            var home = await person.Page(workbench, "/");
            Assert.Equal(groups, home.QuerySelectorAll("nav.side .nav-group-title").Select(t => t.TextContent.Trim()));
            foreach (var group in home.QuerySelectorAll("nav.side .nav-group"))
                Assert.Equal(group.QuerySelector(".nav-group-title")!.Id, group.GetAttribute("aria-labelledby"));
            var links = home.QuerySelectorAll("nav.side a").Select(a => a.GetAttribute("href")!).ToList();
            Assert.Empty(links.Intersect(absent));
            foreach (var link in links)
            {
                var page = await person.Page(workbench, link);
                Assert.True(page.QuerySelector("main h1") is not null && page.QuerySelector("main p.alert[role=alert]") is null,
                    $"{role} at {link}: {page.QuerySelector("main p.alert")?.TextContent ?? "no heading"}");
                Assert.Equal("active", page.QuerySelector($"nav.side a[href='{link}']")!.GetAttribute("class"));
            }
        }
        await LookAt("navigation", (await SignedIn(workbench, department, "钱科员", Roles.Staff), "/plans", "staff", null));

        static string Labels(string role) => role switch { Roles.Supervisor => "督查", Roles.Reviewer => "审核", Roles.Admin => "管理", _ => "科员" };
    }
}
