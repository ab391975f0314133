using System.Net;
using Microsoft.Playwright;
using Shuangsuiji.Contracts.Catalog;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.Contracts.Supervision;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Platform.Tests.Infrastructure;
using PublicApi = Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// Every kind of portal page as a visitor sees it on a desktop and on a phone: one layout with the site's sections in its
/// navigation, no script, the language and one heading, and nothing wider than a phone's screen. The screenshots go to
/// .data/screens/portal of the checkout, to look at.
/// </summary>
public sealed partial class PortalRecordsTests
{
    private static readonly string ScreensFolder = Path.Combine(TestEnvironment.RepositoryRoot, ".data", "screens", "portal");

    [Fact]
    public async Task Every_kind_of_page_has_the_one_layout_and_fits_a_phone()
    {
        var published = await PublishedTask();
        var department = published.Department.DepartmentId;
        var circularId = scenario.Id("TB");
        var region = scenario.Id("1303");
        await Bus.Publish(new JointItemListPublished(region, 1,
            [new JointItemInfo("LH-01", "餐饮服务单位联合抽查", [$"{department}:HBSC-004", "130302-HC:WS-001"], "市场监管与卫生健康部门联合")], null, platform.Clock.GetUtcNow()));
        await Bus.Publish(new CircularPublished(circularId, $"ZX-{circularId}", "130300-OFFICE", "抽查结果公示及时性专项督查", Today.AddDays(-20), Today.AddDays(-10),
            "关于抽查结果公示及时性专项督查情况的通报", "按照年度工作安排，市双随机办对各部门抽查结果公示情况开展了专项督查。\n现将有关情况通报如下。",
            [new CircularFindingInfo("F1", department, "部分抽查结果超过20个工作日公示", "补充公示并建立台账", Today.AddDays(20))], null, Today, 1, platform.Clock.GetUtcNow()));
        await Eventually.Get(() => platform.Public.GetCircularAsync(new PublicApi.GetPublicCircularRequest { CircularId = circularId }).ResponseAsync, _ => true, "the circular");
        await Eventually.Get(() => platform.Public.GetJointItemListAsync(new PublicApi.GetPublicJointItemListRequest { Region = region }).ResponseAsync, _ => true, "the joint list");
        // The plan adjusted for a joint task taken from the joint-inspection item list.
        PublicPlannedTask joint = new(2, "第二批", "LH-01", "餐饮服务单位联合抽查", [$"{department}:HBSC-004"], Haigang, [new PublicQuota("B", 5m, null)],
            Today.AddDays(10), Today.AddDays(40), true, department, ["130302-HC"], "LH-01", "餐饮服务单位联合抽查");
        await Bus.Publish(new PlanVersionPublished($"{department}:{Today.Year}", department, Today.Year, 3, [joint], "增加联合抽查", platform.Clock.GetUtcNow()));
        await Eventually.Get(() => platform.Public.ListPlansAsync(new PublicApi.ListPublicPlansRequest { DepartmentId = department }).ResponseAsync,
            p => p.Plans.Single().Versions.Count == 3, "the plan with its joint task");
        // A department retired by an institutional reform, its duties taken over by the county department.
        var retired = scenario.Id("130302-FDA");
        await Bus.Publish(new DepartmentChanged(retired, 1, "retired", "海港区原食品药品监督管理局", "county", "130302", null, [], true, department, "机构改革", Today,
            platform.Clock.GetUtcNow()));
        await Eventually.Get(() => platform.Public.ListDepartmentsAsync(new PublicApi.ListPublicDepartmentsRequest { IncludeRetired = true }).ResponseAsync,
            r => r.Departments.Any(d => d.DepartmentId == retired), "the retired department");

        (string Name, string Path)[] pages =
        [
            ("home", "/portal"),
            ("department", $"/portal/departments/{department}"),
            ("item", $"/portal/departments/{department}/items/HBSC-004"),
            ("plans", $"/portal/departments/{department}/plans"),
            ("tasks", $"/portal/departments/{department}/tasks"),
            ("task", $"/portal/tasks/{published.TaskId}"),
            ("results", $"/portal/results?department={department}"),
            ("result", $"/portal/tasks/{published.TaskId}/results/{department}/{published.Usccs[1]}"),
            ("search", "/portal/search?q=HBSC"),
            ("joint-items", $"/portal/joint-items?region={region}"),
            ("circulars", "/portal/circulars"),
            ("circular", $"/portal/circulars/{circularId}"),
            ("checkpoints", "/portal/checkpoints"),
            ("retired-department", $"/portal/departments/{retired}"),
            ("not-found", "/portal/departments/NO-SUCH-DEPT"),
        ];
        Directory.CreateDirectory(ScreensFolder);
        var tooWide = new List<string>();
        foreach (var (screen, size) in new[] { ("desktop", ConsoleJourney.Desktop), ("phone", ConsoleJourney.Phone) })
        {
            await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = Address.ToString(), JavaScriptEnabled = false, Locale = "zh-CN", ViewportSize = size,
            });
            var page = await context.NewPageAsync();
            foreach (var (name, path) in pages)
            {
                await page.GotoAsync(path);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(ScreensFolder, $"{name}-{screen}.png"), FullPage = true });
                Assert.Equal("zh-CN", await page.Locator("html").GetAttributeAsync("lang"));
                Assert.Equal(0, await page.Locator("script").CountAsync());
                Assert.Equal(1, await page.Locator("h1").CountAsync());
                var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "栏目" });
                foreach (var section in new[] { "联合抽查事项清单", "督查通报", "审计检查点" })
                    Assert.Equal(1, await nav.GetByRole(AriaRole.Link, new() { Name = section, Exact = true }).CountAsync());
                if (await page.EvaluateAsync<int>("document.documentElement.scrollWidth") > size.Width) tooWide.Add($"{name} on a {screen}");
            }
        }
        Assert.Empty(tooWide);

        using var http = gateway.CreateClient();
        Assert.Contains($"牵头：<a href=\"/portal/departments/{department}\">{published.Department.Name}</a>、130302-HC<br><span data-field=\"joint-item\">联合抽查事项 LH-01 餐饮服务单位联合抽查</span>",
            await http.GetStringAsync($"/portal/departments/{department}/plans"));
        Assert.Contains($"<p>县级 · 行政区划 130302 · 已因机构改革撤并，职责由<a href=\"/portal/departments/{department}\">{published.Department.Name}</a>承接</p>",
            await http.GetStringAsync($"/portal/departments/{retired}"));
    }

    [Fact]
    public async Task A_question_the_portal_cannot_answer_is_a_page_saying_why_with_400_and_not_cached()
    {
        using var http = gateway.CreateClient();
        foreach (var (path, says) in new[]
                 {
                     ("/portal/results?name=海", "企业名称请至少输入两个字"),
                     ("/portal/results?name=海港&from=2026-13-45", "公示日期格式应为 年-月-日"),
                     ("/portal/joint-items?region=not%20a%20region", "请求的地址或参数无效"),
                 })
        {
            var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(says, await response.Content.ReadAsStringAsync());
            Assert.True(response.Headers.CacheControl?.NoStore, path);
        }
        var found = await http.GetAsync("/portal/circulars");
        Assert.Equal(TimeSpan.FromSeconds(60), found.Headers.CacheControl?.MaxAge);
    }
}
