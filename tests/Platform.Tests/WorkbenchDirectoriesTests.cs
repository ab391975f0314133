using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Kernel;
using Shuangsuiji.Platform.Tests.Infrastructure;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>The directories (名录库) in the staff console: entity search and pages, the inspectors, the import with its live progress.</summary>
public sealed partial class WorkbenchTests
{
    [Fact]
    public async Task The_directory_finds_an_entity_by_name_and_by_uscc_its_page_shows_its_risk_class_change_and_another_departments_inspector_keeps_their_personal_data()
    {
        await scenario.CityOffice();
        var lead = await Department("130304-AMR", "北戴河区市场监督管理局");
        var other = await Department("130306-AMR", "抚宁区市场监督管理局");
        var uscc = EntityFiles.NewCode();
        var entities = new MarketEntities.MarketEntitiesClient(platform.GatewayChannel);
        await entities.RegisterEntityAsync(new RegisterEntityRequest
        {
            Uscc = uscc,
            Fields = new EntityFields
            {
                Name = "北戴河海滨渔家乐餐饮有限公司", Type = EntityType.Enterprise, Industry = "H62", Division = "130304", Address = "北戴河区海滨路8号",
                RegisteringAuthority = lead,
            },
        }, As(Scenario.StaffOf(lead)));
        await entities.ChangeRiskClassAsync(new ChangeRiskClassRequest { Uscc = uscc, RiskClass = "B", EffectiveOn = "2025-01-01" }, As(Scenario.StaffOf(lead)));
        await entities.ChangeRiskClassAsync(new ChangeRiskClassRequest { Uscc = uscc, RiskClass = "D", EffectiveOn = "2026-03-01" }, As(Scenario.StaffOf(lead)));
        var inspectors = new Inspectors.InspectorsClient(platform.GatewayChannel);
        foreach (var (department, id, name, idNumber, phone) in new[]
                 {
                     (lead, "LD-001", "李明", "13030219880101123", "13812345678"), (other, "OT-001", "王强", "13030619900202234", "13987654321"),
                 })
            await inspectors.SaveInspectorAsync(new SaveInspectorRequest
            {
                DepartmentId = department, InspectorId = id, Name = name, CertificateNo = $"冀执{idNumber[..8]}", CertificateValidFrom = "2021-01-01",
                CertificateValidTo = "2030-12-31", Region = department[..6], IdNumber = ResidentIdNumber.WithCheck(idNumber), Phone = phone,
            }, As(Scenario.StaffOf(department)));

        var (staff, password) = await Account(lead, "郑科员", Roles.Staff);
        var workbench = Workbench();
        using var browser = new ConsoleBrowser(platform);
        await browser.SignIn(workbench, staff, password);

        var byName = await browser.Page(workbench, $"/directories?name={Uri.EscapeDataString("渔家乐")}");
        Assert.Equal(uscc, Assert.Single(byName.QuerySelectorAll("table.entities tbody tr")).GetAttribute("data-uscc"));
        var byCode = await browser.Page(workbench, $"/directories?uscc={uscc}");
        var found = Assert.Single(byCode.QuerySelectorAll("table.entities tbody tr"));
        Assert.Equal(("北戴河海滨渔家乐餐饮有限公司", "D 类"), (found.QuerySelector("td[data-label=名称]")!.TextContent, found.QuerySelector("td[data-label=风险分类]")!.TextContent));
        var tooShort = await browser.Page(workbench, $"/directories?name={Uri.EscapeDataString("渔")}");
        Assert.Equal("name", tooShort.QuerySelector("p.field-error")!.GetAttribute("data-field"));

        var page = await browser.Page(workbench, $"/directories/entities/{uscc}");
        Assert.Equal(["B", "D"], page.QuerySelectorAll("ol.risk-periods li").Select(li => li.GetAttribute("data-class")));
        Assert.Equal("D 类（2026年3月1日 起）", page.QuerySelector("dd.risk")!.TextContent);
        Assert.Equal(2, page.QuerySelectorAll("table.changes tr[data-change=risk-class-changed]").Length);
        Assert.Contains("B → D", page.QuerySelector("table.changes tr[data-change=risk-class-changed] td.details")!.TextContent);

        // The department's own inspector with their personal data; another department's without it.
        var list = await browser.Page(workbench, "/inspectors");
        Assert.Equal("LD-001", Assert.Single(list.QuerySelectorAll("table.inspectors tbody tr")).GetAttribute("data-inspector"));
        var own = await browser.Page(workbench, "/inspectors/LD-001");
        Assert.Equal("13812345678", own.QuerySelector("dd[data-field=phone]")!.TextContent);
        var theirs = await browser.Page(workbench, $"/inspectors/OT-001?department={other}");
        Assert.DoesNotContain("13987654321", theirs.Body!.TextContent);
        Assert.DoesNotContain(ResidentIdNumber.WithCheck("13030619900202234"), theirs.Body!.TextContent);
        Assert.Null(theirs.QuerySelector("form input[name=_handler][value=status]"));
    }

    [Fact]
    public async Task An_import_shows_its_live_progress_in_a_browser_lists_the_bad_line_by_number_keeps_the_good_ones_and_its_rejections_download()
    {
        await scenario.CityOffice();
        var lead = await Department("130304-AMR", "北戴河区市场监督管理局");
        var (staff, password) = await Account(lead, "郑科员", Roles.Staff);
        // The person signs in at one replica; the browser works at another on a loopback port, with the same session.
        using (var console = new ConsoleBrowser(platform))
        {
            await console.SignIn(Workbench(), staff, password);
            var port = FreeLoopbackPort();
            var replica = Workbench();
            replica.UseKestrel(port);
            replica.StartServer();
            var origin = new Uri($"http://localhost:{port}/");
            var session = console.Cookies.GetCookies(WorkbenchHost.Address).Single(c => c.Name == Shuangsuiji.Workbench.SignIn.WorkbenchSignIn.CookieName);

            var browser = new PortalBrowser();
            await browser.InitializeAsync();
            try
            {
                await using var context = await browser.Context(origin);
                // The session cookie is Secure; Chromium keeps it for http://localhost, a secure context.
                await context.AddCookiesAsync([new Microsoft.Playwright.Cookie
                {
                    Name = session.Name, Value = session.Value, Url = origin.ToString(), Secure = true, HttpOnly = true, SameSite = SameSiteAttribute.Lax,
                }]);
                var (good1, good2) = (EntityFiles.NewCode(), EntityFiles.NewCode());
                var csv = EntityFiles.Csv(EntityFiles.Row(good1, lead, "北戴河联峰山宾馆有限公司", "130304"), "not-a-code,坏行,enterprise,H61,130304,,active," + lead,
                    EntityFiles.Row(good2, lead, "北戴河鸽子窝茶社", "130304"));
                var page = await context.NewPageAsync();
                var seen = new List<string>();
                page.Console += (_, m) => seen.Add($"console {m.Type}: {m.Text}");
                page.Response += (_, r) => seen.Add($"{r.Status} {r.Url}");
                await page.GotoAsync("/directories/import");
                Assert.Equal(new Uri(origin, "directories/import").ToString(), page.Url);
                // The upload works once the page is interactive (the circuit is up).
                try
                {
                    await page.Locator("section.upload[data-interactive=true]").WaitForAsync();
                }
                catch (System.TimeoutException)
                {
                    Assert.Fail(string.Join("\n", seen));
                }
                await page.Locator("#import-file").SetInputFilesAsync(new FilePayload
                {
                    Name = "entities.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv),
                });
                await page.GetByRole(AriaRole.Button, new() { Name = "开始导入" }).ClickAsync();
                var bar = page.Locator("[role=progressbar]");
                await Assertions.Expect(bar).ToHaveAttributeAsync("aria-valuenow", "100", new() { Timeout = 60_000 });
                Assert.Equal("100 %", await page.Locator(".progress-text .percent").InnerTextAsync());
                var rejected = page.Locator("table.rejections tbody tr");
                Assert.Equal(1, await rejected.CountAsync());
                Assert.Equal("3", await rejected.GetAttributeAsync("data-line"));
                Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", await rejected.Locator("td[data-label=原因]").InnerTextAsync());

                var download = await context.APIRequest.GetAsync((await page.Locator("a[href$='rejections.csv']").GetAttributeAsync("href"))!);
                Assert.Equal(200, download.Status);
                var lines = (await download.TextAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal("行号,原因", lines[0]);
                Assert.StartsWith("3,\"", Assert.Single(lines.Skip(1)));

                foreach (var (code, name) in new[] { (good1, "北戴河联峰山宾馆有限公司"), (good2, "北戴河鸽子窝茶社") })
                {
                    await page.GotoAsync($"/directories?uscc={code}");
                    Assert.Equal(name, await page.Locator($"table.entities tr[data-uscc='{code}'] td[data-label=名称]").InnerTextAsync());
                }
            }
            finally
            {
                await browser.DisposeAsync();
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
