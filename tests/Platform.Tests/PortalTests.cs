using System.Net;
using Microsoft.Playwright;
using Shuangsuiji.Api.Catalog.V1;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Disclosure.V1;
using Shuangsuiji.Platform.Tests.Infrastructure;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// The public portal (公示) in a real browser, through a gateway listening on a real port: the pages a visitor reads,
/// with and without JavaScript.
/// </summary>
public sealed class PortalTests(PlatformFixture platform, PortalBrowser browser)
    : IClassFixture<PlatformFixture>, IClassFixture<PortalBrowser>, IAsyncLifetime
{
    private readonly Scenario scenario = new(platform);
    private GatewayHost gateway = null!;

    private Uri Address => gateway.ClientOptions.BaseAddress;

    public Task InitializeAsync()
    {
        gateway = platform.StartGateway(onLoopback: true);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task A_visitor_goes_from_the_departments_to_an_item_list_and_reads_an_items_name_and_kind()
    {
        var city = await scenario.Department("130300-AMR", DepartmentLevel.City, "130300");
        await Published(city.DepartmentId,
            ("QHD-101", Content("食品销售者经营条件抽查", ItemKind.Key)), ("QHD-102", Content("广告发布行为抽查", ItemKind.General)));
        await using var context = await browser.Context(Address);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/portal");
        Assert.Contains("双随机、一公开 公示平台", await page.TitleAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = city.Name, Exact = true }).ClickAsync();
        Assert.Equal($"{city.Name} 随机抽查事项清单", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("2", await page.Locator("#total").InnerTextAsync());
        var item = page.Locator("#item-QHD-101");
        Assert.Equal("QHD-101 食品销售者经营条件抽查", await item.Locator("h3").InnerTextAsync());
        Assert.Equal("重点事项", await item.Locator("[data-field=kind]").InnerTextAsync());
        Assert.Equal("一般事项", await page.Locator("#item-QHD-102 [data-field=kind]").InnerTextAsync());

        await page.Locator("#list-kind").SelectOptionAsync("key");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        Assert.Equal("1", await page.Locator("#total").InnerTextAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "QHD-101 食品销售者经营条件抽查" }).ClickAsync();
        Assert.Equal("食品销售者经营条件抽查", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("《企业信息公示暂行条例》第十四条", await page.Locator("[data-field=legal-basis]").InnerTextAsync());
        Assert.Equal("制定", await page.Locator("tbody tr td").Nth(1).InnerTextAsync());
    }

    [Fact]
    public async Task A_visitor_searches_for_an_item_and_reads_its_name_and_kind()
    {
        var county = await scenario.Department("130302-AMR", DepartmentLevel.County, "130302");
        var name = $"港口经营许可抽查{scenario.Id("")}";
        await Published(county.DepartmentId, ("QHD-201", Content(name, ItemKind.Key)));
        await using var context = await browser.Context(Address);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/portal");
        await page.Locator("#site-search").FillAsync($"许可抽查{scenario.Id("")}");
        await page.Locator("#site-search").PressAsync("Enter");
        await page.WaitForURLAsync("**/portal/search?q=*");
        Assert.Equal("1", await page.Locator("#hits").InnerTextAsync());
        var row = page.Locator("main tbody tr");
        Assert.Equal([county.Name, "QHD-201", name, "重点事项"], await row.Locator("td").AllInnerTextsAsync());

        await row.GetByRole(AriaRole.Link).ClickAsync();
        Assert.Equal(name, await page.Locator("h1").InnerTextAsync());
        Assert.Equal("重点事项", await page.Locator("[data-field=kind]").InnerTextAsync());
    }

    [Fact]
    public async Task The_pages_work_without_javascript_and_show_markup_in_names_as_text()
    {
        var province = await scenario.Department("130000-AMR", DepartmentLevel.Province, "130000");
        var name = $"<b>特种设备</b>使用单位抽查{scenario.Id("")}";
        await Published(province.DepartmentId, ("HB-301", Content(name, ItemKind.General)));
        await using var context = await browser.Context(Address, javaScript: false);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/portal");
        Assert.Equal(0, await page.Locator("script").CountAsync());
        await page.Locator("#home-search").FillAsync(scenario.Id(""));
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索" }).Last.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        Assert.Equal(name, await page.Locator("h1").InnerTextAsync());
        Assert.Equal(0, await page.Locator("main b").CountAsync());
        Assert.Equal("一般事项", await page.Locator("[data-field=kind]").InnerTextAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = province.Name }).ClickAsync();
        Assert.Equal("1", await page.Locator("#total").InnerTextAsync());
    }

    [Fact]
    public async Task An_unknown_department_is_a_page_saying_so_with_404()
    {
        using var http = gateway.CreateClient();
        var response = await http.GetAsync("/portal/departments/NO-SUCH-DEPT");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("没有找到所请求的部门、事项、任务或抽查结果", await response.Content.ReadAsStringAsync());
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    private static ItemContent Content(string name, ItemKind kind)
    {
        var content = Scenario.Content(name);
        content.Kind = kind;
        return content;
    }

    /// <summary>Creates the items and waits until the department's public list shows them all.</summary>
    private async Task Published(string departmentId, params (string Code, ItemContent Content)[] items)
    {
        foreach (var (code, content) in items) await scenario.Item(departmentId, code, content);
        await Eventually.Get(
            () => platform.Public.ListItemsAsync(new ListPublicItemsRequest { DepartmentId = departmentId }).ResponseAsync,
            r => r.Total == items.Length, "the items on the public list");
    }
}
