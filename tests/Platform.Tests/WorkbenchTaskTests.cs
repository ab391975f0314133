using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Draws.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Draws.Candidates;
using Shuangsuiji.Draws.Sampling;
using Shuangsuiji.Kernel;
using Shuangsuiji.Platform.Tests.Infrastructure;
using Shuangsuiji.ServiceDefaults.Departments;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// A task in the staff console: created outside the plan, its partner invited and accepting, approved, partners
/// confirmed; the draw ceremony in plain forms (prepared, committed by both departments, the public value entered by
/// the office, revealed, executed) and the teams, each department seeing its own inspectors' names only.
/// </summary>
public sealed partial class WorkbenchTests
{
    private const string InspectorsHeader = "inspector_id,name,certificate_no,certificate_valid_from,certificate_valid_to,region,status,conflicts";

    [Fact]
    public async Task A_task_is_created_outside_the_plan_its_draw_ceremony_runs_in_plain_forms_and_each_department_sees_its_own_inspectors()
    {
        const string region = "130321";
        var ceremony = new DrawCeremony(platform, scenario);
        await ceremony.CityOffice();
        var lead = await Department($"{region}-AMR", "昌黎县市场监督管理局");
        var partner = await Department($"{region}-EEB", "昌黎县生态环境分局");
        var office = await Known(DrawCeremony.OfficeId);
        await scenario.Item(lead, "HBSC-001");
        var usccs = Enumerable.Range(0, 3).Select(_ => EntityFiles.NewCode()).Distinct().ToArray();
        await platform.Upload(lead, "entities", EntityFiles.Csv([.. usccs.Select(u => EntityFiles.Row(u, lead, division: region))]));
        await platform.Upload(lead, "risk_classes", string.Join("\n", usccs.Select(u => $"{u},D,2022-01-01").Prepend("uscc,risk_class,effective_on")) + "\n");
        foreach (var department in new[] { lead, partner })
            await platform.Upload(department, "inspectors", string.Join("\n", InspectorsHeader, $"{department}-I1,张明,冀执101,2021-01-01,2030-12-31,{region},active,",
                $"{department}-I2,李华,冀执102,2021-01-01,2030-12-31,{region},active,") + "\n");
        await AtTheDrawEngine(region, usccs.Length, lead, partner);

        var workbench = Workbench();
        using var staff = await SignedIn(workbench, lead, "陈静", Roles.Staff);
        using var partnerStaff = await SignedIn(workbench, partner, "吴工", Roles.Staff);
        using var reviewer = await SignedIn(workbench, lead, "周审核", Roles.Reviewer);
        using var supervisor = await SignedIn(workbench, office, "张主任", Roles.Supervisor);

        // Outside the plan without a reason: the service's refusal beside the field, and no task made.
        var today = platform.Today;
        var form = await staff.Page(workbench, "/tasks/new");
        var fields = new Dictionary<string, string>
        {
            ["Create.Name"] = "昌黎县企业公示信息专项抽查", ["items"] = DrawCeremony.Item(lead), ["Create.Divisions"] = region, ["Create.QuotaD"] = "1",
            ["Create.CheckFrom"] = $"{today:yyyy-MM-dd}", ["Create.CheckTo"] = $"{today.AddDays(20):yyyy-MM-dd}", ["Create.Reason"] = "",
        };
        var refused = await staff.Submit(workbench, form, "create", fields);
        var problem = refused.QuerySelector("#reason-error")!;
        Assert.Equal("reason", problem.GetAttribute("data-field"));
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem.TextContent);
        Assert.Equal("reason", problem.PreviousElementSibling?.Id);
        Assert.Equal("昌黎县企业公示信息专项抽查", refused.QuerySelector("#name")!.GetAttribute("value"));
        Assert.NotNull(refused.QuerySelector($"input[name=items][value='{DrawCeremony.Item(lead)}'][checked]"));
        Assert.Empty((await Tasks.ListTasksAsync(new ListTasksRequest { DepartmentId = lead }, As(Scenario.StaffOf(lead)))).Tasks);

        // With the reason: the draft task's page, which offers the lead's staff the invitation.
        fields["Create.Reason"] = "投诉举报集中的专项核查";
        var created = await staff.Submit(workbench, refused, "create", fields);
        var task = Assert.Single((await Tasks.ListTasksAsync(new ListTasksRequest { DepartmentId = lead }, As(Scenario.StaffOf(lead)))).Tasks);
        Assert.Equal(("昌黎县企业公示信息专项抽查", "投诉举报集中的专项核查"), (task.Name, task.OutsidePlanReason));
        Assert.Equal(task.Name, created.QuerySelector("main h1")!.FirstChild!.TextContent.Trim());
        var path = $"/tasks/{task.TaskId}";
        var invited = await staff.Submit(workbench, created, "invite", new Dictionary<string, string> { ["Invite.DepartmentId"] = partner, ["Invite.Items"] = "HBSC-001" });
        Assert.Null(invited.QuerySelector("form input[name=_handler][value=approve]")); // staff do not approve

        // The partner accepts; the reviewer (offered approval, not the invitation) approves; the lead confirms the partners.
        await partnerStaff.Submit(workbench, await partnerStaff.Page(workbench, path), "accept", new Dictionary<string, string>());
        var toApprove = await reviewer.Page(workbench, path);
        Assert.True(toApprove.QuerySelector("form input[name=_handler][value=invite]") is null, toApprove.QuerySelector("section.steps")?.OuterHtml);
        await reviewer.Submit(workbench, toApprove, "approve", new Dictionary<string, string>());
        var approved = await staff.Page(workbench, path);
        Assert.Equal("已批准", approved.QuerySelector("main h1 .badge")!.TextContent);
        var confirmed = await staff.Submit(workbench, approved, "confirm-partners", new Dictionary<string, string>());
        Assert.Equal("已确认配合部门", confirmed.QuerySelector("main h1 .badge")!.TextContent);

        // The ceremony: the lead's staff alone are offered the preparation.
        var draw = $"{path}/draw";
        Assert.Null((await partnerStaff.Page(workbench, draw)).QuerySelector("section.prepare"));
        var preview = await staff.Page(workbench, $"{draw}?preview=1");
        Assert.Equal($"{usccs.Length}", preview.QuerySelector("section.preview tr[data-stratum=D] .candidates")!.TextContent);
        var prepared = await staff.Submit(workbench, preview, "prepare", new Dictionary<string, string>
        {
            ["Prepare.Source"] = preview.QuerySelector("#source")!.GetAttribute("value")!, ["Prepare.Round"] = "第2026330期",
            ["Prepare.Deadline"] = preview.QuerySelector("#deadline")!.GetAttribute("value")!,
        });
        Assert.True(prepared.QuerySelector("section.prepare") is null, prepared.QuerySelector("main")?.TextContent);
        Assert.Equal([lead, partner, office], prepared.QuerySelectorAll("#draw-state li[data-party]").Select(li => li.GetAttribute("data-party")));
        Assert.Equal("committed", prepared.QuerySelector($"#draw-state li[data-party='{office}']")!.ClassName); // the engine keeps the office's

        var partnerTodo = await partnerStaff.Page(workbench, "/");
        Assert.Equal(draw, partnerTodo.QuerySelector($"section[data-kind={nameof(Shuangsuiji.Workbench.Todo.TodoKind.DrawCommitment)}] li a")!.GetAttribute("href"));

        // The partner lets the engine keep its secret; the lead commits the SHA-256 of its own through the plain form.
        await partnerStaff.Submit(workbench, await partnerStaff.Page(workbench, draw), "commit", new Dictionary<string, string> { ["Commit.Mode"] = "engine" });
        const string secret = "changli-amr-secret-made-for-the-ceremony";
        var committed = await staff.Submit(workbench, prepared, "commit", new Dictionary<string, string>
        {
            ["Commit.Mode"] = "own", ["Commit.Sha256"] = DrawSeed.Commitment(secret),
        });
        Assert.Null(committed.QuerySelector("section.commit"));
        Assert.All(committed.QuerySelectorAll("#draw-state li[data-party]"), li => Assert.Equal("committed", li.ClassName));
        Assert.Contains("秘密值由抽取引擎生成", committed.QuerySelector($"#draw-state li[data-party='{partner}'] .state")!.TextContent);
        Assert.Null((await supervisor.Page(workbench, draw)).QuerySelector("section.public-value")); // not before the deadline

        // After the deadline the office's supervisor, and no one else, enters the public value.
        var drawId = Assert.Single((await ceremony.Draws.ListDrawsAsync(new ListDrawsRequest { TaskId = task.TaskId }, As(Scenario.StaffOf(lead)))).Draws).DrawId;
        await ceremony.PassDeadline(await ceremony.Draws.GetDrawAsync(new GetDrawRequest { DrawId = drawId }, As(Scenario.StaffOf(lead))));
        Assert.Null((await staff.Page(workbench, draw)).QuerySelector("section.public-value"));
        var valued = await supervisor.Submit(workbench, await supervisor.Page(workbench, draw), "public-value", new Dictionary<string, string> { ["PublicValue.Value"] = "5 2 8" });
        Assert.Contains("5 2 8", valued.QuerySelector("#draw-state dd[data-field=public-value]")!.TextContent);

        // The lead reveals (a wrong secret is refused beside the field), then executes; the drawn entities and the record.
        var toReveal = await staff.Page(workbench, draw);
        var wrong = await staff.Submit(workbench, toReveal, "reveal", new Dictionary<string, string> { ["Reveal.Secret"] = "another-secret-of-the-lead" });
        Assert.Equal("secret", wrong.QuerySelector("#secret-error")!.GetAttribute("data-field"));
        var revealed = await staff.Submit(workbench, wrong, "reveal", new Dictionary<string, string> { ["Reveal.Secret"] = secret });
        Assert.Contains("已揭示", revealed.QuerySelector($"#draw-state li[data-party='{lead}'] .state")!.TextContent);
        var executed = await staff.Submit(workbench, revealed, "execute", new Dictionary<string, string>());
        var drawn = Assert.Single(executed.QuerySelectorAll("table.drawn-entities tbody tr")).GetAttribute("data-uscc")!;
        Assert.Contains(drawn, usccs);
        Assert.Equal($"https://gateway.test/v1/public/draws/{drawId}/record", executed.QuerySelector("section.drawn a.record")!.GetAttribute("href"));
        Assert.EndsWith($"/portal/tasks/{task.TaskId}#draw", executed.QuerySelector("section.drawn a.verify")!.GetAttribute("href"));
        await Eventually.Get(() => Tasks.GetTaskAsync(new GetTaskRequest { TaskId = task.TaskId }, As(Scenario.StaffOf(lead))).ResponseAsync,
            t => t.Entities.Contains(drawn), "the drawn entity on the task");

        // Each department matches its inspectors; each sees its own team's names and only the other's head count.
        var teams = $"{path}/teams";
        await staff.Submit(workbench, await staff.Page(workbench, teams), "match", new Dictionary<string, string> { ["Match.TeamSize"] = "1" });
        var partnerTeams = await partnerStaff.Submit(workbench, await partnerStaff.Page(workbench, teams), "match", new Dictionary<string, string> { ["Match.TeamSize"] = "1" });
        var leadTeams = await staff.Page(workbench, teams);
        string Members(AngleSharp.Dom.IDocument page, string department) =>
            page.QuerySelector($"section.teams[data-department='{department}'] tr[data-uscc='{drawn}'] td.members")!.TextContent.Trim();
        Assert.Contains(Members(leadTeams, lead), new[] { "张明", "李华" });
        Assert.Equal("1 人", Members(leadTeams, partner));
        Assert.Contains(Members(partnerTeams, partner), new[] { "张明", "李华" });
        Assert.Equal("1 人", Members(partnerTeams, lead));
        Assert.Null(partnerTeams.QuerySelector($"section.teams[data-department='{lead}'] form"));

        // A replacement needs a reason (shown beside it); with one, the other inspector takes the place.
        var before = Members(leadTeams, lead);
        var noReason = await staff.Submit(workbench, leadTeams, $"replace-{drawn}", new Dictionary<string, string> { ["Replace.Reason"] = "" });
        Assert.Equal("reason", noReason.QuerySelector($"#why-{drawn}-error")!.GetAttribute("data-field"));
        Assert.Equal(before, Members(noReason, lead));
        var replaced = await staff.Submit(workbench, noReason, $"replace-{drawn}", new Dictionary<string, string>
        {
            ["Replace.InspectorId"] = noReason.QuerySelector($"#who-{drawn} option")!.GetAttribute("value")!, ["Replace.Reason"] = "与该企业负责人系亲属，回避",
        });
        Assert.Equal(before == "张明" ? "李华" : "张明", Members(replaced, lead));
    }

    /// <summary>
    /// The live part of the ceremony in a real browser: the partner's open page shows the lead's commitment as it is made,
    /// without a reload, over the interactive connection; the creation form and the ceremony are photographed on a desktop
    /// and a phone screen.
    /// </summary>
    [Fact]
    public async Task A_commitment_made_by_one_party_appears_on_the_other_partys_open_ceremony_page_without_a_reload()
    {
        var (drawId, lead, partner) = await scenario.JointDraw(platform, "130322");
        await Known(lead);
        await Known(partner);
        var taskId = (await new DrawCeremony(platform, scenario).Draws.GetDrawAsync(new GetDrawRequest { DrawId = drawId }, As(Scenario.StaffOf(lead)))).TaskId;
        var store = $"workbench_{Guid.NewGuid():N}"[..24];
        var signing = Workbench(store: store);
        using var partnerStaff = await SignedIn(signing, partner, "吴工", Roles.Staff);
        using var leadStaff = await SignedIn(signing, lead, "陈静", Roles.Staff);
        var port = FreePort();
        var live = Workbench(store: store);
        live.UseKestrel(port);
        live.StartServer();
        var address = new Uri($"http://127.0.0.1:{port}/");

        await using var chromium = new PortalBrowser();
        await chromium.InitializeAsync();
        await using var context = await chromium.Context(address);
        await context.AddCookiesAsync([Session(partnerStaff, address)]);
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, m) => console.Add(m.Text);
        page.Response += (_, r) => { if (r.Status >= 400) console.Add($"{r.Status} {r.Url}"); };
        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync($"/tasks/{taskId}/draw");
        try
        {
            await page.Locator("#draw-state[data-live=on]").WaitForAsync();
        }
        catch (TimeoutException)
        {
            Assert.Fail($"the live view did not connect: {string.Join(" | ", console)}");
        }
        var leadsLine = page.Locator($"#draw-state li[data-party='{lead}']");
        Assert.Equal("waiting", await leadsLine.GetAttributeAsync("class"));

        await new DrawCeremony(platform, scenario).Draws.CommitSecretAsync(new CommitSecretRequest { DrawId = drawId, Party = lead, Generate = true },
            As(Scenario.StaffOf(lead)));
        await page.Locator($"#draw-state li[data-party='{lead}'].committed").WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        Assert.Contains("秘密值由抽取引擎生成", await leadsLine.Locator(".state").TextContentAsync());
        Assert.Equal(1, await page.EvaluateAsync<int>("performance.getEntriesByType('navigation').length"));

        // The partner's own secret made in the browser: shown, offered as a file, its SHA-256 in the form.
        await page.CheckAsync("input[name='Commit.Mode'][value=own]");
        await page.ClickAsync("button.make-secret");
        var made = await page.Locator("output.secret").TextContentAsync();
        Assert.Matches("^[0-9a-f]{64}$", made);
        Assert.Equal(DrawSeed.Commitment(made!), await page.InputValueAsync("#sha256"));
        Assert.True(await page.Locator("section.commit button[type=submit]").IsDisabledAsync()); // until the secret is saved
        var folder = Directory.CreateDirectory("/work/screens/ceremony").FullName;
        await Photograph(page, folder, "ceremony");

        await using var leadContext = await chromium.Context(address);
        await leadContext.AddCookiesAsync([Session(leadStaff, address)]);
        var form = await leadContext.NewPageAsync();
        await form.GotoAsync("/tasks/new");
        await Photograph(form, folder, "task-form");
    }

    /// <summary>
    /// Pages as people see them, in Chromium on a desktop and a phone, saved under .data/screens/<paramref name="folder"/>: each
    /// by a person signed in through the console browser (their session shared with a replica on a loopback port), after a
    /// click on what the selector names when one is given.
    /// </summary>
    private async Task LookAt(string folder, params (ConsoleBrowser Person, string Path, string Name, string? Click)[] pages)
    {
        var port = FreePort();
        var live = Workbench();
        live.UseKestrel(port);
        live.StartServer();
        var address = new Uri($"http://127.0.0.1:{port}/");
        await using var chromium = new PortalBrowser();
        await chromium.InitializeAsync();
        var screens = Directory.CreateDirectory(Path.Combine(TestEnvironment.RepositoryRoot, ".data", "screens", folder)).FullName;
        foreach (var (person, path, name, click) in pages)
        {
            await using var context = await chromium.Context(address);
            await context.AddCookiesAsync([Session(person, address)]);
            var page = await context.NewPageAsync();
            await page.GotoAsync(path);
            if (click is not null) await page.ClickAsync(click);
            await Photograph(page, screens, name);
        }
    }

    private static async Task Photograph(IPage page, string folder, string name)
    {
        foreach (var (width, height, screen) in new[] { (1280, 900, "desktop"), (390, 844, "phone") })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-{screen}.png"), FullPage = true });
        }
    }

    /// <summary>The workbench's session cookie of a person signed in through the console browser, for a real browser at another replica.</summary>
    private static Cookie Session(ConsoleBrowser browser, Uri address)
    {
        var cookie = browser.Cookies.GetCookies(WorkbenchHost.Address).Single(c => c.Name == Shuangsuiji.Workbench.SignIn.WorkbenchSignIn.CookieName);
        return new Cookie { Name = cookie.Name, Value = cookie.Value, Url = address.GetLeftPart(UriPartial.Authority), HttpOnly = true };
    }

    private async Task<ConsoleBrowser> SignedIn(WorkbenchHost workbench, string department, string name, string role)
    {
        var (username, password) = await Account(department, name, role);
        var browser = new ConsoleBrowser(platform);
        await browser.SignIn(workbench, username, password);
        return browser;
    }

    /// <summary>A department made elsewhere (the city office, a scenario's), once the identity service has heard of it.</summary>
    private async Task<string> Known(string id)
    {
        var store = platform.Identity.Services.GetRequiredService<IDocumentStore>();
        await Eventually.Get(async () =>
        {
            await using var query = store.QuerySession();
            return await query.LoadAsync<KnownDepartment>(id);
        }, known => known is not null, $"{id} at the identity service");
        return id;
    }

    /// <summary>The draw engine's copy of the county's entities with their classes, its departments and their inspectors.</summary>
    private async Task AtTheDrawEngine(string region, int entities, params string[] departments)
    {
        var table = platform.Draws.Services.GetRequiredService<CandidateTable>();
        var db = platform.Draws.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        var store = platform.Draws.Services.GetRequiredService<IDocumentStore>();
        await Eventually.Get(async () =>
        {
            await using var count = db.CreateCommand($"select count(risk_class) from {table.Name} where division = '{region}'");
            var classified = (long)(await count.ExecuteScalarAsync())!;
            await using var query = store.QuerySession();
            var known = (await query.LoadManyAsync<DrawDepartment>(departments)).Count;
            var inspectors = await query.Query<Shuangsuiji.Draws.Matching.DrawInspector>().Where(i => departments.Contains(i.DepartmentId)).CountAsync();
            return (classified, known, inspectors);
        }, c => c == (entities, departments.Length, 2 * departments.Length), "the entities, departments and inspectors at the draw engine");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
