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
        await own.Locator($"input[name=categories][value={nameof(Api.Tasks.V1.ResultCategory.NoProblem)}]").CheckAsync();
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
        await Eventually.Get(() => OwnResult(taskId, amr, uscc), r => r.Status == Api.Tasks.V1.ResultStatus.Returned, "the result returned");

        // The staff see the comment on the phone, submit again; the reviewer approves.
        await phone.ReloadAsync();
        await Assertions.Expect(phone.Locator("p.returned")).ToContainTextAsync("照片与检查对象不符");
        await journey.Screenshot(phone, "4-returned-phone");
        await phone.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        await Assertions.Expect(phone.Locator("form.entry")).ToHaveCountAsync(0);
        await desk.GotoAsync($"/tasks/{taskId}/entities/{uscc}");
        await desk.GetByRole(AriaRole.Button, new() { Name = "审核通过" }).ClickAsync();
        var approved = await Eventually.Get(() => OwnResult(taskId, amr, uscc), r => r.Status == Api.Tasks.V1.ResultStatus.Approved, "the result approved");
        Assert.Equal(sha256, Assert.Single(approved.Entry.Attachments).Sha256);
        await journey.Screenshot(desk, "5-approved-desktop");
    }
}
