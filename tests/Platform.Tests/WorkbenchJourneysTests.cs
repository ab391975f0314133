using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shuangsuiji.Api.Draws.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Kernel;
using Shuangsuiji.Platform.Tests.Infrastructure;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// Whole journeys in the console as people make them, in Chromium, signed in through the identity service's pages; each
/// saves its screenshots (ConsoleJourney.ScreensFolder).
/// </summary>
public sealed partial class WorkbenchTests
{
    [Fact]
    public async Task Journey_a_partner_answers_an_invitation_from_its_phone_and_another_departments_task_is_refused()
    {
        await scenario.CityOffice();
        var lead = await Department("130321-AMR", "青龙满族自治县市场监督管理局");
        var partner = await Department("130321-HC", "青龙满族自治县卫生健康局");
        var other = await Department("130322-AMR", "昌黎县市场监督管理局");
        var joint = await DraftTask(lead, "学校食堂食品安全联合抽查", partner);
        var elsewhere = await DraftTask(other, "昌黎县电梯安全专项抽查");
        var (username, password) = await Account(partner, "刘卫监", Roles.Staff);
        await using var journey = await ConsoleJourney.StartAsync(platform, "invitation");

        var phone = await journey.Person(ConsoleJourney.Phone);
        var changed = await journey.SignIn(phone, username, password);
        await Assertions.Expect(phone.Locator("main h1")).ToHaveTextAsync("待办");
        await Assertions.Expect(phone.Locator("header .dept")).ToHaveTextAsync("青龙满族自治县卫生健康局 · 科员");
        await journey.Screenshot(phone, "1-todo-phone");

        // The invitation from the to-do list, declined without a reason first: the service's words beside the field.
        await phone.GetByRole(AriaRole.Link, new() { Name = "学校食堂食品安全联合抽查" }).ClickAsync();
        await Assertions.Expect(phone.Locator("section.invitation")).ToBeVisibleAsync();
        await phone.GetByRole(AriaRole.Button, new() { Name = "谢绝邀请" }).ClickAsync();
        await Assertions.Expect(phone.Locator("#decline-reason-error")).ToHaveTextAsync(new Regex("^[\u4e00-\u9fff]+"));
        await journey.Screenshot(phone, "2-decline-refused-phone");
        await phone.GetByRole(AriaRole.Button, new() { Name = "接受邀请" }).ClickAsync();
        await Assertions.Expect(phone.Locator("section.invitation")).ToHaveCountAsync(0);
        var row = phone.Locator("table.departments tbody tr", new() { HasText = "青龙满族自治县卫生健康局" });
        await Assertions.Expect(row.Locator("td[data-label=进度]")).ToHaveTextAsync("已加入");
        await journey.Screenshot(phone, "3-task-joined-phone");

        // Another county's task: the console says so in Chinese and shows nothing of it.
        var desktop = await journey.Person(ConsoleJourney.Desktop);
        await journey.SignIn(desktop, username, changed, $"/tasks/{elsewhere}");
        await Assertions.Expect(desktop.Locator("main .alert")).ToContainTextAsync("无权");
        await Assertions.Expect(desktop.Locator("section.card")).ToHaveCountAsync(0);
        await journey.Screenshot(desktop, "4-other-task-refused-desktop");
    }

    [Fact]
    public async Task Journey_a_result_entered_on_a_phone_with_a_photo_is_returned_by_the_reviewer_and_resubmitted()
    {
        var amr = await Department("130303-AMR", "山海关区市场监督管理局");
        var item = await scenario.Item(amr, "HBSC-001");
        var uscc = EntityFiles.NewCode();
        var today = platform.Today;
        var taskId = await new CheckingTasks(platform, scenario).Start(amr, $"JP{Guid.NewGuid():N}"[..8], item.ItemId, today.AddDays(-5), today.AddDays(10), [uscc]);
        var (staff, staffPassword) = await Account(amr, "孙敏", Roles.Staff);
        var (reviewer, reviewerPassword) = await Account(amr, "钱审核", Roles.Reviewer);
        await using var journey = await ConsoleJourney.StartAsync(platform, "result");

        // On site, on a phone: the task's page, the entity's record, a photo from the camera.
        var phone = await journey.Person(ConsoleJourney.Phone);
        await journey.SignIn(phone, staff, staffPassword, $"/tasks/{taskId}");
        await phone.Locator($"tr[data-uscc='{uscc}'] a").ClickAsync();
        var photo = System.Security.Cryptography.RandomNumberGenerator.GetBytes(200_000);
        await phone.Locator("form.upload input[name=photo]").SetInputFilesAsync(new FilePayload { Name = "现场照片.jpg", MimeType = "image/jpeg", Buffer = photo });
        await phone.Locator("form.upload button[type=submit]").ClickAsync();
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(photo));
        await Assertions.Expect(phone.Locator($"ul.files li[data-sha256='{sha256}']")).ToHaveCountAsync(1);

        // The record: dates, method, category, both inspectors, the item checked; submitted for review.
        var own = phone.Locator($"section.result-section[data-department='{amr}']");
        await own.Locator("input[name=check_dates]").First.FillAsync($"{today:yyyy-MM-dd}");
        await own.Locator("input[name=methods]").First.CheckAsync();
        await own.Locator($"input[name=categories][value={nameof(ResultCategory.NoProblem)}]").CheckAsync();
        foreach (var inspector in await own.Locator("input[name=inspector_ids]").AllAsync()) await inspector.CheckAsync();
        await own.Locator($"input[name='{Shuangsuiji.Workbench.Results.EntryForm.ItemChecked(item.ItemId)}']").CheckAsync();
        await journey.Screenshot(phone, "1-entry-phone");
        await own.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        await Assertions.Expect(phone.Locator("form.entry")).ToHaveCountAsync(0);
        await journey.Screenshot(phone, "2-submitted-phone");

        // The reviewer, at a desk, returns it with a comment from the review queue.
        var desk = await journey.Person(ConsoleJourney.Desktop);
        await journey.SignIn(desk, reviewer, reviewerPassword, "/review");
        await journey.Screenshot(desk, "3-review-queue-desktop");
        await desk.Locator($"table.review-queue tr[data-uscc='{uscc}'] a.button").ClickAsync();
        await desk.FillAsync("#return-comment", "照片与检查对象不符，请补拍门头照片");
        await desk.GetByRole(AriaRole.Button, new() { Name = "退回修改" }).ClickAsync();
        await Eventually.Get(() => OwnResult(taskId, amr, uscc), r => r.Status == ResultStatus.Returned, "the result returned");

        // The staff see the comment on the phone, submit again; the reviewer approves.
        await phone.ReloadAsync();
        await Assertions.Expect(phone.Locator("p.returned")).ToContainTextAsync("照片与检查对象不符");
        await journey.Screenshot(phone, "4-returned-phone");
        await phone.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        await Assertions.Expect(phone.Locator("form.entry")).ToHaveCountAsync(0);
        await desk.GotoAsync($"/tasks/{taskId}/entities/{uscc}");
        await desk.GetByRole(AriaRole.Button, new() { Name = "审核通过" }).ClickAsync();
        var approved = await Eventually.Get(() => OwnResult(taskId, amr, uscc), r => r.Status == ResultStatus.Approved, "the result approved");
        Assert.Equal(sha256, Assert.Single(approved.Entry.Attachments).Sha256);
        await journey.Screenshot(desk, "5-approved-desktop");
    }
}

public sealed partial class WorkbenchTests
{
    /// <summary>
    /// The demo's joint inspection, done in the console alone by the people of two departments and the city office: the
    /// lead's annual plan with a joint planned task, the task created from it, the partner invited and accepting, approval,
    /// the draw ceremony (the lead's own secret made in the browser and saved as a file, the partner's kept by the engine,
    /// the office's public value, the reveal from the file, execution), the teams, each department's result entered,
    /// approved and published — and the public portal then shows the task's draw record and the published result.
    /// </summary>
    [Fact]
    public async Task Journey_two_departments_carry_a_joint_inspection_from_the_plan_to_the_published_result_on_the_portal()
    {
        const string region = "130324";
        var ceremony = new DrawCeremony(platform, scenario);
        var office = await Known(await ceremony.CityOffice());
        var lead = await Department($"{region}-AMR", "卢龙县市场监督管理局");
        var partner = await Department($"{region}-HC", "卢龙县卫生健康局");
        await scenario.Item(lead, "HBSC-001", Scenario.Content("食品经营许可事项抽查"));
        var partnerItem = await scenario.Item(partner, "WS-001", Scenario.Content("公共场所卫生许可事项抽查"));
        var usccs = Enumerable.Range(0, 3).Select(_ => EntityFiles.NewCode()).Distinct().ToArray();
        await platform.Upload(lead, "entities", EntityFiles.Csv([.. usccs.Select(u => EntityFiles.Row(u, lead, "卢龙县永安商贸有限公司", region))]));
        await platform.Upload(lead, "risk_classes", string.Join("\n", usccs.Select(u => $"{u},D,2022-01-01").Prepend("uscc,risk_class,effective_on")) + "\n");
        foreach (var department in new[] { lead, partner })
            await platform.Upload(department, "inspectors", string.Join("\n", InspectorsHeader, $"{department}-I1,张明,冀执201,2021-01-01,2030-12-31,{region},active,",
                $"{department}-I2,李华,冀执202,2021-01-01,2030-12-31,{region},active,") + "\n");
        await AtTheDrawEngine(region, usccs.Length, lead, partner);
        var people = new Dictionary<string, (string Username, string Password)>
        {
            ["lead-staff"] = await Account(lead, "陈静", Roles.Staff), ["lead-reviewer"] = await Account(lead, "周审核", Roles.Reviewer),
            ["partner-staff"] = await Account(partner, "刘卫监", Roles.Staff), ["partner-reviewer"] = await Account(partner, "吴审核", Roles.Reviewer),
            ["supervisor"] = await Account(office, "张主任", Roles.Supervisor),
        };
        await using var journey = await ConsoleJourney.StartAsync(platform, "joint");
        var pages = new Dictionary<string, IPage>();
        async Task<IPage> As(string who, string path, ViewportSize? screen = null)
        {
            if (!pages.TryGetValue(who, out var page))
            {
                pages[who] = page = await journey.Person(screen);
                var (username, password) = people[who];
                people[who] = (username, await journey.SignIn(page, username, password, path));
            }
            else await page.GotoAsync(path);
            return page;
        }
        var today = platform.Today;
        var year = today.Year;

        // The lead's staff plan a joint task with the health bureau; the reviewer approves the plan; the staff publish it.
        var staff = await As("lead-staff", $"/plans/{year}");
        await staff.FillAsync("#batch", "1");
        await staff.FillAsync("#batch-name", "第一批次");
        await staff.FillAsync("#code", "L1");
        await staff.FillAsync("#name", "餐饮住宿场所联合抽查");
        await staff.FillAsync("#from", $"{today:yyyy-MM-dd}");
        await staff.FillAsync("#to", $"{today.AddDays(40):yyyy-MM-dd}");
        await staff.CheckAsync($"input[name='Planned.Items'][value='{lead}:HBSC-001']");
        await staff.FillAsync("#divisions", region);
        await staff.FillAsync("#quota-D", "1");
        await staff.SelectOptionAsync("select[name='Planned.UnitD']", "count");
        await staff.CheckAsync("input[name='Planned.Joint']");
        await staff.CheckAsync($"input[name='Planned.Partners'][value='{partner}']");
        await journey.Screenshot(staff, "01-plan-form-desktop");
        await staff.GetByRole(AriaRole.Button, new() { Name = "保存为计划草稿" }).ClickAsync();
        await Assertions.Expect(staff.Locator("table.planned tr[data-code=L1] td[data-label=联合]")).ToContainTextAsync("卢龙县卫生健康局");
        var reviewer = await As("lead-reviewer", $"/plans/{year}");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "审核通过" }).ClickAsync();
        await Assertions.Expect(reviewer.Locator("h1 .badge")).ToHaveTextAsync("已审核待公布");
        await staff.ReloadAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "公布第 1 版" }).ClickAsync();
        await Assertions.Expect(staff.Locator("h1 .badge")).ToHaveTextAsync("已公布");
        await journey.Screenshot(staff, "02-plan-published-desktop");

        // The task from the plan; the partner invited with its item.
        await staff.GotoAsync("/tasks/new");
        await staff.SelectOptionAsync("#planned", $"{year}/L1");
        await staff.GetByRole(AriaRole.Button, new() { Name = "按计划创建任务" }).ClickAsync();
        await Assertions.Expect(staff.Locator("main h1")).ToContainTextAsync("餐饮住宿场所联合抽查");
        var taskPath = new Uri(staff.Url).AbsolutePath;
        var taskId = Uri.UnescapeDataString(taskPath["/tasks/".Length..]);
        await staff.SelectOptionAsync("#invite-department", partner);
        await staff.FillAsync("#invite-items", "WS-001");
        await staff.GetByRole(AriaRole.Button, new() { Name = "发送邀请" }).ClickAsync();
        var partnerRow = staff.Locator("table.departments tbody tr", new() { HasText = "卢龙县卫生健康局" });
        await Assertions.Expect(partnerRow.Locator("td[data-label=进度]")).ToHaveTextAsync("已受邀待答复");

        // The partner's staff accept from their phone's to-do list; the lead's reviewer approves; the staff confirm the partners.
        var partnerStaff = await As("partner-staff", "/", ConsoleJourney.Phone);
        await partnerStaff.GetByRole(AriaRole.Link, new() { Name = "餐饮住宿场所联合抽查" }).First.ClickAsync();
        await partnerStaff.GetByRole(AriaRole.Button, new() { Name = "接受邀请" }).ClickAsync();
        await Assertions.Expect(partnerStaff.Locator("table.departments tbody tr", new() { HasText = "卢龙县卫生健康局" }).Locator("td[data-label=进度]")).ToHaveTextAsync("已加入");
        await reviewer.GotoAsync(taskPath);
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "审批通过" }).ClickAsync();
        await Assertions.Expect(reviewer.Locator("main h1 .badge")).ToHaveTextAsync("已批准");
        await staff.ReloadAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "确认配合部门" }).ClickAsync();
        await Assertions.Expect(staff.Locator("main h1 .badge")).ToHaveTextAsync("已确认配合部门");
        await journey.Screenshot(staff, "03-task-partners-confirmed-desktop");

        // The ceremony: prepared by the lead with the lottery's next issue; the lead's own secret made in the browser and saved.
        await staff.GetByRole(AriaRole.Link, new() { Name = "抽取仪式" }).ClickAsync();
        await staff.FillAsync("#round", "第2026060期");
        await staff.GetByRole(AriaRole.Button, new() { Name = "准备抽取" }).ClickAsync();
        await Assertions.Expect(staff.Locator("#draw-state li[data-party]")).ToHaveCountAsync(3); // the lead, the partner, the office
        await staff.Locator("#draw-state[data-live=on]").WaitForAsync();
        await staff.CheckAsync("input[name='Commit.Mode'][value=own]");
        await staff.ClickAsync("button.make-secret");
        var download = await staff.RunAndWaitForDownloadAsync(() => staff.ClickAsync("a.download-secret"));
        var secretFile = Path.Combine(Directory.CreateTempSubdirectory("secret").FullName, download.SuggestedFilename); // the lead's own disk
        await download.SaveAsAsync(secretFile);
        await journey.Screenshot(staff, "04-secret-made-desktop");
        await staff.GetByRole(AriaRole.Button, new() { Name = "提交承诺" }).ClickAsync();
        await Assertions.Expect(staff.Locator($"#draw-state li[data-party='{lead}']")).ToHaveClassAsync("committed");

        // The partner lets the engine keep its secret; the lead's open page shows it at once.
        await partnerStaff.GotoAsync($"{taskPath}/draw");
        await partnerStaff.CheckAsync("input[name='Commit.Mode'][value=engine]");
        await partnerStaff.GetByRole(AriaRole.Button, new() { Name = "提交承诺" }).ClickAsync();
        await Assertions.Expect(staff.Locator($"#draw-state li[data-party='{partner}']")).ToHaveClassAsync("committed", new() { Timeout = 20_000 });

        // After the deadline the office's supervisor enters the lottery's result; the lead reveals from the saved file and executes.
        var draws = await ceremony.Draws.ListDrawsAsync(new ListDrawsRequest { TaskId = taskId }, PlatformFixture.As(Scenario.StaffOf(lead)));
        await ceremony.PassDeadline(Assert.Single(draws.Draws));
        var supervisor = await As("supervisor", $"{taskPath}/draw");
        await supervisor.FillAsync("#value", "3 0 7");
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "录入" }).ClickAsync();
        await Assertions.Expect(supervisor.Locator("#draw-state dd[data-field=public-value]")).ToContainTextAsync("3 0 7");
        await staff.ReloadAsync();
        await staff.SetInputFilesAsync("#secret-file", secretFile);
        await staff.GetByRole(AriaRole.Button, new() { Name = "揭示秘密值" }).ClickAsync();
        await Assertions.Expect(staff.Locator($"#draw-state li[data-party='{lead}'] .state")).ToContainTextAsync("已揭示");
        Directory.Delete(Path.GetDirectoryName(secretFile)!, recursive: true);
        await staff.GetByRole(AriaRole.Button, new() { Name = "执行抽取" }).ClickAsync();
        var drawn = await staff.Locator("table.drawn-entities tbody tr").GetAttributeAsync("data-uscc");
        Assert.Contains(drawn, usccs);
        await journey.Screenshot(staff, "05-drawn-desktop");

        // Each department matches its inspectors.
        await Eventually.Get(() => Tasks.GetTaskAsync(new GetTaskRequest { TaskId = taskId }, PlatformFixture.As(Scenario.StaffOf(lead))).ResponseAsync,
            t => t.Entities.Contains(drawn), "the drawn entity on the task");
        await partnerStaff.GotoAsync("/");
        await Assertions.Expect(partnerStaff.Locator($"section[data-kind={nameof(Shuangsuiji.Workbench.Todo.TodoKind.TeamsToMatch)}] a"))
            .ToHaveAttributeAsync("href", $"{taskPath}/teams");
        foreach (var page in new[] { staff, partnerStaff })
        {
            await page.GotoAsync($"{taskPath}/teams");
            await page.GetByRole(AriaRole.Button, new() { Name = "随机匹配" }).ClickAsync();
            await Assertions.Expect(page.Locator($"section.teams tr[data-uscc='{drawn}'] td.members").First).Not.ToBeEmptyAsync();
        }
        await journey.Screenshot(partnerStaff, "06-teams-phone");

        // Both teams matched, the lead starts the checks.
        await Eventually.Get(() => Tasks.GetTaskAsync(new GetTaskRequest { TaskId = taskId }, PlatformFixture.As(Scenario.StaffOf(lead))).ResponseAsync,
            t => t.Status == Api.Tasks.V1.TaskStatus.Matched, "both departments' teams on the task");
        await staff.GotoAsync("/");
        await staff.Locator($"section[data-kind={nameof(Shuangsuiji.Workbench.Todo.TodoKind.ChecksToStart)}] a").ClickAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "开始检查" }).ClickAsync();
        await Assertions.Expect(staff.Locator("main h1 .badge")).ToHaveTextAsync("检查中");

        // Each department's staff enter and submit their part of the entity's record; its reviewer approves; the staff publish.
        foreach (var (department, who, item, screen) in new[] { (lead, "lead", $"{lead}:HBSC-001", ConsoleJourney.Desktop), (partner, "partner", partnerItem.ItemId, ConsoleJourney.Phone) })
        {
            var clerk = await As($"{who}-staff", taskPath, screen);
            await clerk.Locator($"tr[data-uscc='{drawn}'] a").First.ClickAsync();
            var own = clerk.Locator($"section.result-section[data-department='{department}']");
            await own.Locator("input[name=check_dates]").First.FillAsync($"{today:yyyy-MM-dd}");
            await own.Locator("input[name=methods]").First.CheckAsync();
            await own.Locator($"input[name=categories][value={nameof(ResultCategory.NoProblem)}]").CheckAsync();
            foreach (var inspector in await own.Locator("input[name=inspector_ids]").AllAsync()) await inspector.CheckAsync();
            await own.Locator($"input[name='{Shuangsuiji.Workbench.Results.EntryForm.ItemChecked(item)}']").CheckAsync();
            await journey.Screenshot(clerk, $"07-{who}-entry");
            await own.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
            await Assertions.Expect(own.Locator("form.entry")).ToHaveCountAsync(0);
            await clerk.GotoAsync(taskPath);
            await clerk.GetByRole(AriaRole.Button, new() { Name = "完成结果录入" }).ClickAsync();
            await Assertions.Expect(clerk.Locator("section.department-steps")).ToHaveCountAsync(0);

            var checker = await As($"{who}-reviewer", "/review");
            await checker.Locator($"table.review-queue tr[data-uscc='{drawn}'] a.button").ClickAsync();
            await checker.GetByRole(AriaRole.Button, new() { Name = "审核通过" }).ClickAsync();
            await Eventually.Get(() => OwnResult(taskId, department, drawn!), r => r.Status == ResultStatus.Approved, "the result approved");
            await checker.GotoAsync(taskPath);
            await checker.GetByRole(AriaRole.Button, new() { Name = "完成审核" }).ClickAsync();
            await Assertions.Expect(checker.Locator("section.department-steps")).ToHaveCountAsync(0);

            await clerk.GotoAsync("/"); // the to-do leads to the publication
            await clerk.Locator($"section[data-kind={nameof(Shuangsuiji.Workbench.Todo.TodoKind.ResultsStep)}] a", new() { HasText = "餐饮住宿场所联合抽查" }).ClickAsync();
            await clerk.GetByRole(AriaRole.Button, new() { Name = "公示本部门结果" }).ClickAsync();
            await Assertions.Expect(clerk.Locator("section.department-steps")).ToHaveCountAsync(0);
        }
        await journey.Screenshot(staff, "08-task-published-desktop");

        // The public portal: the task's draw record and its published result, for anyone.
        await using var gateway = platform.StartGateway(onLoopback: true);
        var visitor = await journey.Person();
        var announcement = $"{gateway.ClientOptions.BaseAddress}portal/tasks/{Uri.EscapeDataString(taskId)}";
        await Eventually.Get(async () =>
        {
            await visitor.GotoAsync(announcement);
            return await visitor.Locator("#results-published").TextContentAsync();
        }, published => published == "1", "the published result on the portal");
        await Assertions.Expect(visitor.Locator("#draw-record")).ToHaveAttributeAsync("href", new Regex("/v1/public/draws/.+/record$"));
        await Assertions.Expect(visitor.Locator("main")).ToContainTextAsync(drawn!);
        await journey.Screenshot(visitor, "09-portal-desktop");
    }
}
