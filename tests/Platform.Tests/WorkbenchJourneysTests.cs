using System.Text.RegularExpressions;
using Microsoft.Playwright;
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
}
