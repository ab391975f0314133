using System.Text.RegularExpressions;
using Grpc.Core;
using Microsoft.Playwright;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Kernel;
using Shuangsuiji.Platform.Tests.Infrastructure;
using Shuangsuiji.ServiceDefaults.Departments;
using Shuangsuiji.Workbench.Platform;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// 管理 at the staff console: a department's administrator keeps its accounts and system clients (a password or secret shown
/// once); the office merges departments after institutional reform, and the liaison officer's contact details stay with the
/// department and the offices; the city office records the holiday notices the working days follow.
/// </summary>
public sealed partial class WorkbenchTests
{
    [Fact]
    public async Task An_administrator_creates_an_account_changes_its_roles_resets_its_password_and_registers_and_rotates_a_client_each_secret_shown_once()
    {
        var department = await Department("130302-ADM", "海港区行政审批局");
        var outsider = await Department("130303-ADM", "山海关区行政审批局");
        var workbench = Workbench();
        using var admin = await SignedIn(workbench, department, "王管理", Roles.Admin);
        using var otherAdmin = await SignedIn(workbench, outsider, "赵管理", Roles.Admin);

        var page = await admin.Page(workbench, "/admin/accounts");
        Assert.NotNull(page.QuerySelector("nav.side a[href='/admin/accounts']"));
        var username = $"u{Guid.NewGuid():N}"[..12];
        var created = await admin.SubmitAll(workbench, page, "create-account",
            [new("Create.Id", username), new("Create.Name", "李科员"), new("roles", Roles.Staff)]);
        var password = created.QuerySelector("[data-once=password] output[data-password]")!.TextContent.Trim();
        Assert.NotEmpty(password);
        Assert.NotNull(created.QuerySelector($"table.accounts tr[data-username='{username}']"));
        // Shown once: the list read again has no password on it.
        Assert.Null((await admin.Page(workbench, "/admin/accounts")).QuerySelector("[data-password]"));
        using (var newcomer = new ConsoleBrowser(platform)) await newcomer.SignIn(workbench, username, password);

        var account = await admin.Page(workbench, $"/admin/accounts/{username}");
        var changed = await admin.SubmitAll(workbench, account, "roles", [new("roles", Roles.Staff), new("roles", Roles.Reviewer), new("Roles.Reason", "岗位调整")]);
        Assert.Equal("staff,reviewer", changed.QuerySelector("dd[data-roles]")!.GetAttribute("data-roles"));
        var reset = await admin.Submit(workbench, changed, "reset", new Dictionary<string, string> { ["Reset.Reason"] = "遗忘密码" });
        var newPassword = reset.QuerySelector("output[data-password]")!.TextContent.Trim();
        Assert.NotEmpty(newPassword);
        Assert.NotEqual(password, newPassword);
        Assert.Null((await admin.Page(workbench, $"/admin/accounts/{username}")).QuerySelector("[data-password]"));
        // Another department's administrator keeps none of them: refused, and no account listed.
        var refused = await otherAdmin.Page(workbench, $"/admin/accounts?department={department}");
        Assert.NotNull(refused.QuerySelector("p.alert"));
        Assert.Null(refused.QuerySelector($"tr[data-username='{username}']"));

        var clients = await admin.Page(workbench, "/admin/clients");
        var clientId = $"sys{Guid.NewGuid():N}"[..12];
        var registered = await admin.Submit(workbench, clients, "register", new Dictionary<string, string> { ["Register.Id"] = clientId, ["Register.Name"] = "行政审批业务系统" });
        var secret = registered.QuerySelector("[data-once=secret] output[data-secret]")!.TextContent.Trim();
        Assert.NotEmpty(secret);
        var rotated = await admin.Submit(workbench, registered, "client-change",
            new Dictionary<string, string> { ["Change.Id"] = clientId, ["Change.Kind"] = "rotate", ["Change.Reason"] = "定期轮换" });
        var newSecret = rotated.QuerySelector("output[data-secret]")!.TextContent.Trim();
        Assert.NotEmpty(newSecret);
        Assert.NotEqual(secret, newSecret);
        Assert.Null((await admin.Page(workbench, "/admin/clients")).QuerySelector("[data-secret]"));
    }

    [Fact]
    public async Task The_office_merges_a_department_through_the_page_it_reads_merged_and_takes_no_new_task_and_the_liaison_officer_stays_with_the_department_and_the_offices()
    {
        await scenario.CityOffice();
        var office = await Known(Scenario.Office.DepartmentId);
        var merged = await Department("130302-TY", "海港区体育局");
        var into = await Department("130302-WL", "海港区文化广电和旅游局");
        var other = await Department("130302-SW", "海港区商务局");
        var workbench = Workbench();
        using var supervisor = await SignedIn(workbench, office, "张主任", Roles.Supervisor);
        using var admin = await SignedIn(workbench, into, "王管理", Roles.Admin);
        using var otherAdmin = await SignedIn(workbench, other, "赵管理", Roles.Admin);

        // The office merges 体育局 into 文旅局; a merger without a reason is refused beside the field first.
        var page = await supervisor.Page(workbench, $"/admin/departments/{merged}");
        var fields = new Dictionary<string, string> { ["Merge.IntoId"] = into, ["Merge.EffectiveOn"] = $"{platform.Today:yyyy-MM-dd}", ["Merge.Reason"] = "" };
        var refused = await supervisor.Submit(workbench, page, "merge", fields);
        Assert.Equal("reason", refused.QuerySelector("#merge-reason-error")!.GetAttribute("data-field"));
        Assert.False((await platform.Departments.GetDepartmentAsync(new GetDepartmentRequest { DepartmentId = merged }, As(Scenario.Office))).Retired);
        fields["Merge.Reason"] = "机构改革：体育局职责划入文化广电和旅游局";
        var after = await supervisor.Submit(workbench, refused, "merge", fields);
        Assert.Equal("merged", after.QuerySelector("h1 .badge")!.GetAttribute("data-state"));
        Assert.Contains("并入海港区文化广电和旅游局", after.QuerySelector("h1 .badge")!.TextContent);
        var list = await supervisor.Page(workbench, "/admin/departments");
        Assert.Contains("并入海港区文化广电和旅游局", list.QuerySelector($"tr[data-department='{merged}'][data-state=merged]")!.TextContent);
        var successor = await platform.Departments.GetDepartmentAsync(new GetDepartmentRequest { DepartmentId = into }, As(Scenario.Office));
        Assert.Equal([merged], successor.AbsorbedIds);

        // The tasks service heard of it: the merged department takes no new task and no invitation.
        await Eventually.Get(async () =>
        {
            await using var query = platform.Tasks.Services.GetRequiredService<IDocumentStore>().QuerySession();
            return await query.LoadAsync<KnownDepartment>(merged);
        }, known => known is { Retired: true }, $"{merged} retired at the tasks service");
        var noTask = await Assert.ThrowsAsync<RpcException>(() => DraftTask(merged, "体育场馆安全检查"));
        Assert.Equal((StatusCode.InvalidArgument, "DEPARTMENT_RETIRED"), (noTask.StatusCode, ServiceError.Of(noTask).Reason));
        Assert.Contains("已并入海港区文化广电和旅游局", ServiceError.Of(noTask).For("department_id"));
        var task = await DraftTask(into, "文化市场经营单位检查");
        var noInvitation = await Assert.ThrowsAsync<RpcException>(() => Tasks.InviteDepartmentAsync(
            new InviteDepartmentRequest { TaskId = task, DepartmentId = merged, Items = { $"{merged}:HBSC-001" } }, As(Scenario.StaffOf(into))).ResponseAsync);
        Assert.Equal("DEPARTMENT_RETIRED", ServiceError.Of(noInvitation).Reason);

        // The successor's administrator names its liaison officer on its own department's page.
        var own = await admin.Page(workbench, $"/admin/departments/{into}");
        Assert.NotNull(own.QuerySelector($"nav.side a[href='/admin/departments/{into}']"));
        var liaison = new Dictionary<string, string>
        {
            ["Liaison.Name"] = "孙联络", ["Liaison.Position"] = "办公室主任", ["Liaison.OfficePhone"] = "0335-3031234",
            ["Liaison.Mobile"] = "13803351234", ["Liaison.Email"] = "sunll@example.gov.cn",
        };
        var named = await admin.Submit(workbench, own, "liaison", liaison);
        Assert.Equal("13803351234", named.QuerySelector("[data-liaison=mobile]")!.TextContent);
        // The office reads it; another department and the public do not.
        Assert.Equal("13803351234", (await supervisor.Page(workbench, $"/admin/departments/{into}")).QuerySelector("[data-liaison=mobile]")!.TextContent);
        var outside = await otherAdmin.Page(workbench, $"/admin/departments/{into}");
        Assert.Null(outside.QuerySelector("[data-liaison]"));
        Assert.DoesNotContain("13803351234", outside.DocumentElement.OuterHtml);
        var forbidden = await Assert.ThrowsAsync<RpcException>(() => platform.Departments.GetLiaisonOfficerAsync(
            new GetLiaisonOfficerRequest { DepartmentId = into }, As(Scenario.StaffOf(other))).ResponseAsync);
        Assert.Equal((StatusCode.PermissionDenied, "LIAISON_KEEPER_ONLY"), (forbidden.StatusCode, ServiceError.Of(forbidden).Reason));
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => platform.Departments.GetLiaisonOfficerAsync(new GetLiaisonOfficerRequest { DepartmentId = into }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        Assert.DoesNotContain("13803351234", (await platform.Departments.GetDepartmentAsync(new GetDepartmentRequest { DepartmentId = into }, As(Scenario.StaffOf(other)))).ToString());
        Assert.DoesNotContain("13803351234", (await platform.Public.ListDepartmentsAsync(new Api.Disclosure.V1.ListPublicDepartmentsRequest())).ToString());
    }

    [Fact]
    public async Task A_holiday_notice_recorded_through_the_page_changes_the_working_days_the_console_counts()
    {
        await scenario.CityOffice();
        var office = await Known(Scenario.Office.DepartmentId);
        var workbench = Workbench();
        using var supervisor = await SignedIn(workbench, office, "张主任", Roles.Supervisor);
        // Next year (the latest a notice is recorded for), a March weekday: no public holiday of any notice falls there.
        var year = platform.Today.Year + 1;
        var day = Enumerable.Range(10, 7).Select(d => new DateOnly(year, 3, d)).First(d => d.DayOfWeek == DayOfWeek.Wednesday);
        var days = workbench.Services.GetRequiredService<WorkingDays>();
        Assert.True((await days.CalendarAsync(CancellationToken.None)).IsWorkingDay(day));

        var page = await supervisor.Page(workbench, "/admin/holidays");
        Assert.NotNull(page.QuerySelector("nav.side a[href='/admin/holidays']"));
        var fields = new Dictionary<string, string>
        {
            ["Notice.Code"] = $"{year}", ["Notice.EffectiveOn"] = $"{platform.Today:yyyy-MM-dd}", ["Notice.Name"] = $"国务院办公厅关于{year}年部分节假日安排的通知",
            ["Notice.Text"] = $"元旦 {year}-01-01 {year}-01-01\n植树节 {day:yyyy-MM-dd} {day:yyyy-MM-dd} 多余", ["Notice.Position"] = "",
            // Next year's notice may have come with the platform: then this is its correction, with the reason.
            ["Notice.Reason"] = "通知调整",
        };
        // A line of the wrong shape is named beside the field, nothing sent.
        var refused = await supervisor.Submit(workbench, page, "notice", fields);
        Assert.Contains("第 2 行", refused.QuerySelector("#notice-holidays-error")!.TextContent);
        fields["Notice.Text"] = $"元旦 {year}-01-01 {year}-01-01\n植树节 {day:yyyy-MM-dd} {day:yyyy-MM-dd}";
        var after = await supervisor.Submit(workbench, refused, "notice", fields);
        Assert.True(after.QuerySelector($"table.holidays tr[data-year='{year}']") is { } row && row.TextContent.Contains("植树节"), after.QuerySelector("main")?.OuterHtml);

        // The console counts working days by it at once: a task due one working day after the day before is due the day after.
        var calendar = await days.CalendarAsync(CancellationToken.None);
        Assert.False(calendar.IsWorkingDay(day));
        Assert.Equal(day.AddDays(1), calendar.AddWorkingDays(day.AddDays(-1), 1));
    }

    [Fact]
    public async Task A_provincial_departments_staff_keep_the_tag_library_in_the_console_and_a_county_department_reads_it()
    {
        var province = await Known((await scenario.Department("130000-SJ", DepartmentLevel.Province, "130000")).DepartmentId);
        var county = await Department("130302-SJ", "海港区审计局");
        var workbench = Workbench();
        using var staff = await SignedIn(workbench, province, "钱科员", Roles.Staff);
        using var countyStaff = await SignedIn(workbench, county, "孙科员", Roles.Staff);
        var category = scenario.Id("audit").ToLowerInvariant();

        var page = await staff.Page(workbench, "/admin/tags");
        Assert.NotNull(page.QuerySelector("nav.side a[href='/admin/tags']"));
        page = await staff.Submit(workbench, page, "category", new Dictionary<string, string> { ["Category.Code"] = category, ["Category.Name"] = "审计专长", ["Category.Kind"] = "Inspector" });
        page = await staff.Submit(workbench, page, "tag", new Dictionary<string, string> { ["Tag.Id"] = category, ["Tag.Kind"] = "add", ["Tag.Code"] = "fin", ["Tag.Name"] = "财务审计" });
        // Retiring without a reason: the service's problem beside the field, the tag still in use.
        var refused = await staff.Submit(workbench, page, "tag", new Dictionary<string, string> { ["Tag.Id"] = category, ["Tag.Kind"] = "retire", ["Tag.Code"] = "fin", ["Tag.Reason"] = "" });
        Assert.Equal("reason", refused.QuerySelector("#tag-reason-error")!.GetAttribute("data-field"));
        page = await staff.Submit(workbench, refused, "tag", new Dictionary<string, string> { ["Tag.Id"] = category, ["Tag.Kind"] = "retire", ["Tag.Code"] = "fin", ["Tag.Reason"] = "并入其他标签" });
        Assert.Contains("已停用", page.QuerySelector($"tr[data-category='{category}'] [data-tag=fin]")!.TextContent);
        var library = await new TagLibrary.TagLibraryClient(platform.GatewayChannel).ListTagCategoriesAsync(new ListTagCategoriesRequest(), As(Scenario.StaffOf(county)));
        Assert.True(library.Categories.Single(c => c.Category == category).Tags.Single(t => t.Code == "fin").Retired);

        var read = await countyStaff.Page(workbench, "/admin/tags");
        Assert.NotNull(read.QuerySelector($"tr[data-category='{category}']"));
        Assert.Empty(read.QuerySelectorAll("form.admin"));
    }

    [Fact]
    public async Task Journey_the_office_merges_two_departments_and_an_administrator_keeps_its_accounts_and_designs_a_custom_form_a_task_then_carries()
    {
        var office = await Known(await new DrawCeremony(platform, scenario).CityOffice());
        var department = await Department("130304-WL", "北戴河区文化广电和旅游局");
        var merged = await Department("130304-TY", "北戴河区体育局");
        var supervisor = await Account(office, "张主任", Roles.Supervisor);
        var admin = await Account(department, "王管理", Roles.Admin);
        await platform.Departments.SetLiaisonOfficerAsync(new SetLiaisonOfficerRequest
        {
            DepartmentId = department, Name = "孙联络", Position = "办公室主任", OfficePhone = "0335-4041234", Mobile = "13803354321", Email = "sunll@example.gov.cn",
        }, As(Scenario.Office));
        await using var journey = await ConsoleJourney.StartAsync(platform, "admin");

        var desktop = await journey.Person(ConsoleJourney.Desktop);
        await journey.SignIn(desktop, supervisor.Username, supervisor.Password, $"/admin/departments/{merged}");
        // After the institutional reform the office merges 体育局 into 文旅局 on the department's page.
        await desktop.SelectOptionAsync("#merge-into_id", department);
        await desktop.FillAsync("#merge-effective_on", $"{platform.Today:yyyy-MM-dd}");
        await desktop.FillAsync("#merge-reason", "机构改革：体育局职责划入文化广电和旅游局");
        await journey.Screenshot(desktop, "0-merge-desktop");
        await desktop.GetByRole(AriaRole.Button, new() { Name = "并入", Exact = true }).ClickAsync();
        await Assertions.Expect(desktop.Locator("h1 .badge")).ToContainTextAsync("并入北戴河区文化广电和旅游局");
        Assert.Equal([merged], (await platform.Departments.GetDepartmentAsync(new GetDepartmentRequest { DepartmentId = department }, As(Scenario.Office))).AbsorbedIds);
        await desktop.GotoAsync("/admin/departments");
        await Assertions.Expect(desktop.Locator($"tr[data-department='{merged}'] .badge")).ToHaveTextAsync("并入北戴河区文化广电和旅游局");
        await journey.Screenshot(desktop, "1-departments-desktop");
        await desktop.GotoAsync($"/admin/departments/{department}");
        await Assertions.Expect(desktop.Locator("[data-liaison=mobile]")).ToHaveTextAsync("13803354321");
        await journey.Screenshot(desktop, "2-department-desktop");
        await desktop.GotoAsync("/admin/holidays");
        await journey.Screenshot(desktop, "3-holidays-desktop");

        var phone = await journey.Person(ConsoleJourney.Phone);
        await journey.SignIn(phone, admin.Username, admin.Password, "/admin/accounts");
        await phone.FillAsync("#create-username", $"u{Guid.NewGuid():N}"[..12]);
        await phone.FillAsync("#create-display_name", "李科员");
        await phone.Locator("input[name=roles][value=staff]").CheckAsync();
        await phone.GetByRole(AriaRole.Button, new() { Name = "创建" }).ClickAsync();
        await Assertions.Expect(phone.Locator("output[data-password]")).ToHaveTextAsync(new Regex(".+"));
        await journey.Screenshot(phone, "4-account-created-phone");
        await phone.GotoAsync($"/admin/departments/{department}");
        await journey.Screenshot(phone, "5-own-department-phone");
        await phone.GotoAsync("/admin/clients");
        await phone.FillAsync("#register-client_id", $"sys{Guid.NewGuid():N}"[..12]);
        await phone.FillAsync("#register-display_name", "文旅市场监管业务系统");
        await phone.GetByRole(AriaRole.Button, new() { Name = "登记" }).ClickAsync();
        await Assertions.Expect(phone.Locator("output[data-secret]")).ToHaveTextAsync(new Regex(".+"));
        await journey.Screenshot(phone, "6-client-registered-phone");

        // The administrator designs a custom form for the department's item; a task approved afterwards carries it to the
        // entity's record, where the staff fill it in.
        var item = await scenario.Item(department, "WL-001", Scenario.Content("营业性演出场所抽查"));
        await phone.GotoAsync($"/items/{item.Code}/forms/new");
        await phone.FillAsync("#form-code", "venue");
        await phone.FillAsync("#name", "演出场所现场检查表");
        await phone.Locator("input[name=field-order]").First.FillAsync("1");
        await phone.Locator("input[name=field-key]").First.FillAsync("exits");
        await phone.Locator("input[name=field-label]").First.FillAsync("安全出口畅通情况");
        await phone.Locator("select[name=field-type]").First.SelectOptionAsync("Choice");
        await phone.Locator("input[name=field-options]").First.FillAsync("畅通、堵塞");
        await phone.Locator("input[name=field-required]").First.CheckAsync();
        await phone.GetByRole(AriaRole.Button, new() { Name = "保存表单" }).ClickAsync();
        await Assertions.Expect(phone.Locator("section.preview .label").First).ToHaveTextAsync("安全出口畅通情况 *");
        await journey.Screenshot(phone, "7-form-designed-phone");
        var form = (await platform.CatalogClient.ListFormsAsync(new Api.Catalog.V1.ListFormsRequest { DepartmentId = department, Code = item.Code },
            As(Scenario.StaffOf(department)))).Forms.Single(f => f.FormCode == "venue");
        await Eventually.Get(async () =>
        {
            await using var query = platform.Tasks.Services.GetRequiredService<IDocumentStore>().QuerySession();
            return await query.LoadAsync<Shuangsuiji.Tasks.Forms.KnownForm>(form.FormId);
        }, known => known is not null, "the custom form at the tasks service");
        var uscc = EntityFiles.NewCode();
        var taskId = await new CheckingTasks(platform, scenario).Start(department, $"WL{Guid.NewGuid():N}"[..8], item.ItemId,
            platform.Today.AddDays(-5), platform.Today.AddDays(10), [uscc]);
        var staff = await Account(department, "李科员", Roles.Staff);
        var entering = await journey.Person(ConsoleJourney.Desktop);
        await journey.SignIn(entering, staff.Username, staff.Password, $"/tasks/{taskId}/entities/{uscc}");
        await Assertions.Expect(entering.Locator($"div.check-form[data-form='{form.FormId}'] h4")).ToContainTextAsync("演出场所现场检查表");
        await Assertions.Expect(entering.Locator($"div.check-form[data-form='{form.FormId}'] div.form-field[data-key=exits]")).ToBeVisibleAsync();
        await journey.Screenshot(entering, "8-custom-form-on-the-record-desktop");
    }
}
