using Grpc.Core;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Kernel;
using Shuangsuiji.Platform.Tests.Infrastructure;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;
using TaskStatus = Shuangsuiji.Api.Tasks.V1.TaskStatus;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// Tasks dispatched down the system (派发) in the console: the city market bureau sends a task to its two county bureaus,
/// each receives it as its own task and carries it, the sender follows them; another system's bureau is refused, and a
/// county never reads its sibling's task.
/// </summary>
public sealed partial class WorkbenchTests
{
    [Fact]
    public async Task The_city_bureau_dispatches_to_its_county_bureaus_each_receives_and_carries_it_and_the_sender_follows_each_and_the_totals()
    {
        await scenario.CityOffice();
        var city = await Department("130300-AMR", "秦皇岛市市场监督管理局");
        var haigang = await Department("130302-AMR", "海港区市场监督管理局", city);
        var shanhaiguan = await Department("130303-AMR", "山海关区市场监督管理局", city);
        var health = await Department("130302-HC", "海港区卫生健康局");
        await scenario.KnownToTasks(city, haigang, shanhaiguan, health);
        await scenario.Item(city, "HBSC-001", Scenario.Content("食品经营许可事项抽查"));
        foreach (var county in new[] { haigang, shanhaiguan }) await scenario.Item(county, "HBSC-001", Scenario.Content("食品经营许可事项抽查"));
        var (cityStaff, cityPassword) = await Account(city, "钱科员", Roles.Staff);
        var (countyStaff, countyPassword) = await Account(haigang, "孙科员", Roles.Staff);
        var workbench = Workbench();
        using var sender = new ConsoleBrowser(platform);
        using var receiver = new ConsoleBrowser(platform);
        await sender.SignIn(workbench, cityStaff, cityPassword);
        await receiver.SignIn(workbench, countyStaff, countyPassword);
        var (from, to) = (platform.Today, platform.Today.AddDays(60));
        List<KeyValuePair<string, string>> Terms(params string[] receivers) =>
        [
            new("Send.Name", "食品经营单位专项抽查"), new("items", $"{city}:HBSC-001"), new("Send.Divisions", "1303"), new("Send.QuotaD", "2"),
            new("Send.CheckFrom", $"{from:yyyy-MM-dd}"), new("Send.CheckTo", $"{to:yyyy-MM-dd}"), new("Send.Notice", "请于期限内完成抽查并录入结果。"),
            .. receivers.Select(r => KeyValuePair.Create("receivers", r)),
        ];

        // The form offers the bureau's own system below it, not the health bureau; sent to it anyway, the service refuses by name.
        var form = await sender.Page(workbench, "/dispatch/new");
        Assert.Equal([haigang, shanhaiguan], form.QuerySelectorAll("input[name=receivers]").Select(i => i.GetAttribute("value")!).Order(StringComparer.Ordinal));
        Assert.All(form.QuerySelectorAll("input[name=receivers]"), i => Assert.True(i.HasAttribute("checked")));
        var refused = await sender.SubmitAll(workbench, form, "dispatch", Terms(haigang, health));
        Assert.Contains("不是", refused.QuerySelector("p.field-error[data-field=receivers]")!.TextContent);
        var outside = await Assert.ThrowsAsync<RpcException>(() => Tasks.DispatchTaskAsync(new DispatchTaskRequest
        {
            DispatchId = scenario.Id("PF-X"), DepartmentId = city, Name = "专项抽查", Items = { $"{city}:HBSC-001" }, Scope = new PlanScope { Divisions = { "1303" } },
            Quotas = { new RiskQuota { RiskClass = "D", Count = 1 } }, CheckFrom = $"{from:yyyy-MM-dd}", CheckTo = $"{to:yyyy-MM-dd}", Notice = "通知",
            Receivers = { health },
        }, As(Scenario.StaffOf(city))).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, outside.StatusCode);
        Assert.Equal("NOT_LOWER_DEPARTMENT", ErrorReason(outside));
        Assert.Empty((await Tasks.ListDispatchesAsync(new ListDispatchesRequest { DepartmentId = city }, As(Scenario.StaffOf(city)))).Dispatches);

        // Sent to both: the progress page lists them as not yet received.
        var sent = await sender.SubmitAll(workbench, refused, "dispatch", Terms(haigang, shanhaiguan));
        Assert.Equal(["Sent", "Sent"], sent.QuerySelectorAll("table.receivers tr[data-receiver]").Select(r => r.GetAttribute("data-state")!));
        Assert.Equal("食品经营单位专项抽查", sent.QuerySelector("h1")!.FirstChild!.TextContent.Trim());
        var dispatchId = Assert.Single((await Tasks.ListDispatchesAsync(new ListDispatchesRequest { DepartmentId = city }, As(Scenario.StaffOf(city)))).Dispatches).DispatchId;

        // The Haigang bureau finds it in its to-do list and receives it: its own task, a draft for its region, from the dispatch.
        var todo = await receiver.Page(workbench, "/");
        var entry = todo.QuerySelector("section.todo[data-kind=DispatchToReceive] a")!;
        Assert.Equal("食品经营单位专项抽查", entry.TextContent);
        var receiving = await receiver.Page(workbench, entry.GetAttribute("href")!);
        var received = await receiver.Submit(workbench, receiving, "receive", new Dictionary<string, string>());
        Assert.Equal("食品经营单位专项抽查", received.QuerySelector("h1")!.FirstChild!.TextContent.Trim());
        // The same form posted again (a double click): the task it made, not a second task nor an empty page.
        var resent = await receiver.Submit(workbench, receiving, "receive", new Dictionary<string, string>());
        Assert.Equal(received.QuerySelector("h1")!.TextContent, resent.QuerySelector("h1")!.TextContent);
        var haigangTask = (await Tasks.GetDispatchAsync(new GetDispatchRequest { DispatchId = dispatchId }, CheckingTasks.Staff(haigang))).Receivers.Single().TaskId;
        var task = await Tasks.GetTaskAsync(new GetTaskRequest { TaskId = haigangTask }, CheckingTasks.Staff(haigang));
        Assert.Equal((haigang, TaskStatus.Draft, dispatchId), (task.Departments[0].DepartmentId, task.Status, task.DispatchId));
        Assert.Equal(["130302"], task.Scope.Divisions);
        Assert.Equal([$"{haigang}:HBSC-001"], task.Departments[0].Items);
        // Shanhaiguan receives through the API, its receipt sent twice under one request id (a retry): it takes effect once.
        var shanhaiguanTask = scenario.Id("SHG");
        var receipt = new ReceiveDispatchRequest { DispatchId = dispatchId, DepartmentId = shanhaiguan, TaskId = shanhaiguanTask };
        var requestId = $"receive-{Guid.NewGuid():N}";
        CallOptions Named() { var options = CheckingTasks.Staff(shanhaiguan); options.Headers!.Add("x-request-id", requestId); return options; }
        var first = await Tasks.ReceiveDispatchAsync(receipt, Named());
        Assert.Equal(first.Version, (await Tasks.ReceiveDispatchAsync(receipt, Named())).Version);
        Assert.Single((await Tasks.ListTasksAsync(new ListTasksRequest { DepartmentId = shanhaiguan }, CheckingTasks.Staff(shanhaiguan))).Tasks);
        // Receiving it again as another task is refused.
        var again = await Assert.ThrowsAsync<RpcException>(() => Tasks.ReceiveDispatchAsync(new ReceiveDispatchRequest
        {
            DispatchId = dispatchId, DepartmentId = haigang, TaskId = scenario.Id("again"),
        }, CheckingTasks.Staff(haigang)).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, again.StatusCode);

        // The two carry their tasks: Haigang to the end, Shanhaiguan one result in of two, a problem found.
        var checking = new CheckingTasks(platform, scenario);
        string[] haigangEntities = [EntityFiles.NewCode(), EntityFiles.NewCode()], shanhaiguanEntities = [EntityFiles.NewCode(), EntityFiles.NewCode()];
        await checking.ToChecks(haigangTask, haigang, $"draw-{haigangTask}", haigangEntities);
        await checking.Close(haigangTask, haigang, $"{haigang}:HBSC-001", haigangEntities);
        await checking.ToChecks(shanhaiguanTask, shanhaiguan, $"draw-{shanhaiguanTask}", shanhaiguanEntities);
        await Tasks.SubmitResultAsync(new ResultEntryRequest
        {
            TaskId = shanhaiguanTask, DepartmentId = shanhaiguan, Uscc = shanhaiguanEntities[0],
            Entry = new ResultEntry
            {
                CheckDates = { $"{platform.Today:yyyy-MM-dd}" }, Methods = { CheckMethod.OnSite }, Categories = { ResultCategory.ProblemCorrected },
                Items = { new ItemOutcome { ItemId = $"{shanhaiguan}:HBSC-001", Checked = true, ProblemFound = true, Action = "责令改正" } },
                InspectorIds = { "QHD-AMR-001", "QHD-AMR-002" },
            },
        }, CheckingTasks.Staff(shanhaiguan));

        // The sender's page: each county's state and figures, the totals, a link to each county's task.
        var progress = await sender.Page(workbench, $"/dispatch/{dispatchId}");
        var rows = progress.QuerySelectorAll("table.receivers tr[data-receiver]").ToDictionary(r => r.GetAttribute("data-receiver")!);
        Assert.Equal("Closed", rows[haigang].GetAttribute("data-state"));
        Assert.Equal("Checking", rows[shanhaiguan].GetAttribute("data-state"));
        Assert.Equal("1 / 2", rows[shanhaiguan].QuerySelector("td[data-label=已录入]")!.TextContent);
        Assert.Equal("1", rows[shanhaiguan].QuerySelector("td[data-label=发现问题]")!.TextContent);
        Assert.Equal($"/tasks/{shanhaiguanTask}", rows[shanhaiguan].QuerySelector("td[data-label=任务] a")!.GetAttribute("href"));
        string Figure(string name) => progress.QuerySelector($"[data-figure={name}]")!.TextContent;
        Assert.Equal(("1 / 2", "2 / 2", "4", "3", "1"), (Figure("closed"), Figure("received"), Figure("entities"), Figure("entered"), Figure("problems")));
        Assert.Equal("OnTrack", progress.QuerySelector("h1 .badge")!.GetAttribute("data-timeliness"));
        var list = await sender.Page(workbench, "/dispatch");
        Assert.Equal("1 / 2", list.QuerySelector($"section[data-section=sent] tr[data-dispatch='{dispatchId}'] td[data-label=办结]")!.TextContent);

        // The sender, the counties' parent, reads each county's task; a county reads its own row and task, never its sibling's.
        Assert.Equal(shanhaiguanTask, (await Tasks.GetTaskAsync(new GetTaskRequest { TaskId = shanhaiguanTask }, As(Scenario.StaffOf(city)))).TaskId);
        var sibling = await Assert.ThrowsAsync<RpcException>(() => Tasks.GetTaskAsync(new GetTaskRequest { TaskId = shanhaiguanTask }, CheckingTasks.Staff(haigang)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, sibling.StatusCode);
        var own = await Tasks.GetDispatchAsync(new GetDispatchRequest { DispatchId = dispatchId }, CheckingTasks.Staff(haigang));
        Assert.Equal([haigang], own.Receivers.Select(r => r.DepartmentId));
        var countyView = await receiver.Page(workbench, $"/dispatch/{dispatchId}");
        Assert.Equal([haigang], countyView.QuerySelectorAll("table.receivers tr[data-receiver]").Select(r => r.GetAttribute("data-receiver")!));
        var stranger = await Assert.ThrowsAsync<RpcException>(() => Tasks.GetDispatchAsync(new GetDispatchRequest { DispatchId = dispatchId }, CheckingTasks.Staff(health)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, stranger.StatusCode);
    }

    [Fact]
    public async Task Journey_the_city_bureau_dispatches_a_task_a_county_receives_it_from_its_phone_and_the_city_follows_the_counties()
    {
        await scenario.CityOffice();
        var city = await Department("130300-AMR", "秦皇岛市市场监督管理局");
        var funing = await Department("130306-AMR", "抚宁区市场监督管理局", city);
        var changli = await Department("130322-AMR", "昌黎县市场监督管理局", city);
        await scenario.KnownToTasks(city, funing, changli);
        await scenario.Item(city, "HBSC-001", Scenario.Content("食品经营许可事项抽查"));
        await scenario.Item(changli, "HBSC-001", Scenario.Content("食品经营许可事项抽查"));
        var (cityStaff, cityPassword) = await Account(city, "钱科员", Roles.Staff);
        var (countyStaff, countyPassword) = await Account(funing, "孙科员", Roles.Staff);
        await using var journey = await ConsoleJourney.StartAsync(platform, "dispatch");

        var desk = await journey.Person(ConsoleJourney.Desktop);
        var cityChanged = await journey.SignIn(desk, cityStaff, cityPassword, "/dispatch");
        await desk.ClickAsync("main a.button.new");
        await desk.FillAsync("#name", "食品经营单位专项抽查");
        await desk.CheckAsync($"input[name=items][value='{city}:HBSC-001']");
        await desk.FillAsync("#divisions", "1303");
        await desk.FillAsync("input[name='Send.QuotaD']", "2");
        await desk.FillAsync("input[name='Send.QuotaC']", "5%");
        await desk.FillAsync("#check-from", $"{platform.Today:yyyy-MM-dd}");
        await desk.FillAsync("#check-to", $"{platform.Today.AddDays(60):yyyy-MM-dd}");
        await desk.FillAsync("#notice", "请各区县局于期限内完成辖区内食品经营单位抽查，并在平台录入检查结果。");
        await journey.Screenshot(desk, "1-send-desktop");
        await desk.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "派发" }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(desk.Locator("table.receivers tr[data-receiver]")).ToHaveCountAsync(2);
        var dispatchId = Assert.Single((await Tasks.ListDispatchesAsync(new ListDispatchesRequest { DepartmentId = city }, As(Scenario.StaffOf(city)))).Dispatches).DispatchId;

        // Funing's staff receive it from the to-do list on a phone.
        var phone = await journey.Person(ConsoleJourney.Phone);
        await journey.SignIn(phone, countyStaff, countyPassword);
        await journey.Screenshot(phone, "2-todo-phone");
        await phone.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "食品经营单位专项抽查" }).ClickAsync();
        await journey.Screenshot(phone, "3-receive-phone");
        await phone.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "接收任务" }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(phone.Locator("main h1")).ToContainTextAsync("食品经营单位专项抽查");

        // Changli receives too and is in its checks; the city's page shows both and the totals.
        var changliTask = scenario.Id("CL");
        await Tasks.ReceiveDispatchAsync(new ReceiveDispatchRequest { DispatchId = dispatchId, DepartmentId = changli, TaskId = changliTask }, CheckingTasks.Staff(changli));
        string[] entities = [EntityFiles.NewCode(), EntityFiles.NewCode(), EntityFiles.NewCode()];
        await new CheckingTasks(platform, scenario).ToChecks(changliTask, changli, $"draw-{changliTask}", entities);
        await desk.GotoAsync($"/dispatch/{dispatchId}");
        await Microsoft.Playwright.Assertions.Expect(desk.Locator("[data-figure=entities]")).ToHaveTextAsync("3");
        await journey.Screenshot(desk, "4-progress-desktop");
        await phone.GotoAsync("/dispatch");
        await journey.Screenshot(phone, "5-received-list-phone");
        var cityPhone = await journey.Person(ConsoleJourney.Phone);
        await journey.SignIn(cityPhone, cityStaff, cityChanged, $"/dispatch/{dispatchId}");
        await journey.Screenshot(cityPhone, "6-progress-phone");
        await desk.GotoAsync("/dispatch");
        await journey.Screenshot(desk, "7-list-desktop");
    }

    private static string ErrorReason(RpcException e) => e.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason ?? "";
}
