using System.Net;
using System.Security.Cryptography;
using AngleSharp.Dom;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Kernel;
using Shuangsuiji.Platform.Tests.Infrastructure;
using Shuangsuiji.Workbench.Results;
using Shuangsuiji.Workbench.Results.Attachments;
using CatalogApi = Shuangsuiji.Api.Catalog.V1;
using KnownForm = Shuangsuiji.Tasks.Forms.KnownForm;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// 结果 at the staff console: a department's staff enter a result per drawn entity on its combined record (一企一表) with the
/// check forms and photos, its reviewer returns or approves it, the staff record the follow-up; other departments see nothing.
/// </summary>
public sealed partial class WorkbenchTests
{
    [Fact]
    public async Task Staff_enter_a_result_with_a_form_field_and_a_photo_the_reviewer_returns_it_then_approves_it_and_the_follow_up_is_recorded()
    {
        var amr = await Department("130302-AMR", "海港区市场监督管理局");
        var outsider = await Department("130303-AMR", "山海关区市场监督管理局");
        var item = await scenario.Item(amr, "HBSC-001");
        await platform.CatalogClient.DefineFormAsync(new CatalogApi.DefineFormRequest
        {
            DepartmentId = amr, Code = item.Code, FormCode = "basic", Name = "食品经营检查表",
            Fields =
            {
                new CatalogApi.FormField { Key = "licence_no", Label = "许可证编号", Type = CatalogApi.FieldType.Text, Required = true },
                new CatalogApi.FormField { Key = "licence_displayed", Label = "许可证是否公示", Type = CatalogApi.FieldType.Boolean },
            },
        }, CheckingTasks.Staff(amr));
        var formId = $"{item.ItemId}/basic";
        await Eventually.Get(async () =>
        {
            await using var query = platform.Tasks.Services.GetRequiredService<IDocumentStore>().QuerySession();
            return await query.LoadAsync<KnownForm>(formId);
        }, known => known is not null, "the form at the tasks service");
        var uscc = EntityFiles.NewCode();
        var today = platform.Today;
        var taskId = await new CheckingTasks(platform, scenario).Start(amr, $"JG{Guid.NewGuid():N}"[..8], item.ItemId, today.AddDays(-5), today.AddDays(10), [uscc]);
        var (staff, staffPassword) = await Account(amr, "陈静", Roles.Staff);
        var (reviewer, reviewerPassword) = await Account(amr, "周审核", Roles.Reviewer);
        var workbench = Workbench();
        var entryPath = $"/tasks/{taskId}/entities/{uscc}";

        using var staffBrowser = new ConsoleBrowser(platform);
        await staffBrowser.SignIn(workbench, staff, staffPassword);
        // The task's page links the entity to its record.
        var taskPage = await staffBrowser.Page(workbench, $"/tasks/{taskId}");
        Assert.Equal(entryPath, taskPage.QuerySelector($"tr[data-uscc='{uscc}'] a")!.GetAttribute("href"));
        var page = await staffBrowser.Page(workbench, entryPath);
        var own = page.QuerySelector($"section.result-section[data-department='{amr}']")!;
        Assert.Equal(["QHD-AMR-001", "QHD-AMR-002"], own.QuerySelectorAll("input[name=inspector_ids]").Select(i => i.GetAttribute("value")));
        Assert.NotNull(own.QuerySelector($"[name='{EntryForm.Field(formId, "licence_no")}']"));
        Assert.Equal("environment", own.QuerySelector("form.upload input[type=file][accept='image/*']")!.GetAttribute("capture"));

        // A photo from the phone's camera, streamed into the file store and added to the draft.
        var photo = RandomNumberGenerator.GetBytes(300_000);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(photo));
        page = await staffBrowser.Upload(workbench, page, "form.upload", "photo", photo, "现场照片.jpg", "image/jpeg");
        Assert.Equal("saved", page.QuerySelector("[data-upload]")!.GetAttribute("data-upload"));
        Assert.Equal(sha256, page.QuerySelector("ul.files li")!.GetAttribute("data-sha256"));
        // Over the size limit (a replica set to 100 KB): refused in Chinese, nothing kept.
        var strict = Workbench(new Dictionary<string, string?> { ["FileStore:MaxBytes"] = "100000" });
        var tooLarge = await staffBrowser.Upload(strict, page, "form.upload", "file", RandomNumberGenerator.GetBytes(100_001), "扫描件.pdf", "application/pdf");
        Assert.Contains("超过 97.7 KB", tooLarge.QuerySelector("[data-upload=too-large]")!.TextContent);
        var kept = Assert.IsType<LocalFileStore>(workbench.Services.GetRequiredService<IFileStore>());
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(Path.GetDirectoryName(kept.PathOf(amr, sha256)))!, "*", SearchOption.AllDirectories));
        Assert.Equal(sha256, Assert.Single(tooLarge.QuerySelectorAll("ul.files li")).GetAttribute("data-sha256"));

        // Submitted without the form's required field: the service's refusal beside that field, and nothing changed.
        var before = await OwnResult(taskId, amr, uscc);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("intent", EntryForm.Submit), new("check_dates", $"{today:yyyy-MM-dd}"), new("methods", nameof(CheckMethod.OnSite)),
            new("categories", nameof(ResultCategory.ProblemPending)), new("pending_reasons", nameof(PendingReason.UndisclosedInformation)),
            new("inspector_ids", "QHD-AMR-001"), new("inspector_ids", "QHD-AMR-002"),
            new(EntryForm.ItemChecked(item.ItemId), "true"), new(EntryForm.ItemProblem(item.ItemId), "true"), new(EntryForm.ItemAction(item.ItemId), "责令限期公示"),
            new(EntryForm.Field(formId, "licence_displayed"), "false"),
        };
        var refused = await staffBrowser.SubmitAll(workbench, page, "entry", fields);
        var problem = refused.QuerySelector($"p.field-error[data-anchor='{EntryForm.Field(formId, "licence_no")}']")!;
        Assert.Contains("许可证编号", problem.TextContent);
        Assert.Equal("licence_no", problem.Closest("div.form-field")!.GetAttribute("data-key"));
        Assert.True(refused.QuerySelector($"input[name='{EntryForm.Field(formId, "licence_displayed")}'][value=false]")!.HasAttribute("checked"));
        var after = await OwnResult(taskId, amr, uscc);
        Assert.Equal((ResultStatus.Draft, before.Version), (after.Status, after.Version));

        fields.Add(new(EntryForm.Field(formId, "licence_no"), "JY11303020012345"));
        await staffBrowser.SubmitAll(workbench, refused, "entry", fields);
        var submitted = await OwnResult(taskId, amr, uscc);
        Assert.Equal(ResultStatus.Submitted, submitted.Status);
        Assert.Equal(["JY11303020012345"], submitted.Entry.FormValues.Single(v => v.Key == "licence_no").Values);
        // The file kept is the one whose SHA-256 the result carries.
        var attachment = Assert.Single(submitted.Entry.Attachments);
        Assert.Equal((sha256, "现场照片.jpg", "image/jpeg"), (attachment.Sha256, attachment.FileName, attachment.MediaType));
        var store = Assert.IsType<LocalFileStore>(workbench.Services.GetRequiredService<IFileStore>());
        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(store.PathOf(amr, sha256)))));
        var download = await staffBrowser.Get(workbench, $"{entryPath}/departments/{amr}/attachments/{sha256}");
        Assert.Equal(photo, await download.Content.ReadAsByteArrayAsync());

        // The reviewer finds it in the queue, returns it without a comment (refused beside the comment), then with one.
        using var reviewerBrowser = new ConsoleBrowser(platform);
        await reviewerBrowser.SignIn(workbench, reviewer, reviewerPassword);
        var queue = await reviewerBrowser.Page(workbench, "/review");
        var row = queue.QuerySelector($"table.review-queue tr[data-uscc='{uscc}']")!;
        Assert.Equal(entryPath, row.QuerySelector("a.button")!.GetAttribute("href"));
        var review = await reviewerBrowser.Page(workbench, entryPath);
        var noComment = await reviewerBrowser.Submit(workbench, review, "return", new Dictionary<string, string> { ["Return.Comment"] = "" });
        Assert.Equal("comment", noComment.QuerySelector("p.field-error[data-field=comment]")!.GetAttribute("data-anchor"));
        await reviewerBrowser.Submit(workbench, noComment, "return", new Dictionary<string, string> { ["Return.Comment"] = "许可证编号与现场照片不符，请核对" });
        Assert.Equal(ResultStatus.Returned, (await OwnResult(taskId, amr, uscc)).Status);

        // The staff see the comment and submit again, corrected.
        page = await staffBrowser.Page(workbench, entryPath);
        Assert.Contains("许可证编号与现场照片不符，请核对", page.QuerySelector("p.returned")!.TextContent);
        Assert.Equal("JY11303020012345", page.QuerySelector($"[name='{EntryForm.Field(formId, "licence_no")}']")!.TextContent);
        fields[^1] = new(EntryForm.Field(formId, "licence_no"), "JY11303020054321");
        var resubmitted = await staffBrowser.SubmitAll(workbench, page, "entry", fields);
        Assert.Equal(ResultStatus.Submitted, (await OwnResult(taskId, amr, uscc)).Status);
        Assert.Null(resubmitted.QuerySelector("form.entry"));

        review = await reviewerBrowser.Page(workbench, entryPath);
        await reviewerBrowser.Submit(workbench, review, "approve", new Dictionary<string, string>());
        var approved = await OwnResult(taskId, amr, uscc);
        Assert.Equal((ResultStatus.Approved, sha256), (approved.Status, Assert.Single(approved.Entry.Attachments).Sha256));
        Assert.Null((await reviewerBrowser.Page(workbench, "/review")).QuerySelector($"tr[data-uscc='{uscc}']"));

        // The problem found is followed up: an order to correct.
        page = await staffBrowser.Page(workbench, entryPath);
        var followed = await staffBrowser.Submit(workbench, page, "follow-up", new Dictionary<string, string>
        {
            ["FollowUp.Kind"] = nameof(FollowUpKind.OrderCorrection), ["FollowUp.On"] = $"{today:yyyy-MM-dd}", ["FollowUp.Reason"] = "责令十日内公示年度报告",
        });
        Assert.Equal(nameof(FollowUpKind.OrderCorrection), followed.QuerySelector("ul.steps li")!.GetAttribute("data-kind"));
        Assert.Equal(FollowUpKind.OrderCorrection, Assert.Single((await OwnResult(taskId, amr, uscc)).FollowUps).Kind);

        // The department's steps on the task's page: entry complete (staff), review complete (reviewer), published (staff).
        async Task<IDocument> Step(ConsoleBrowser person, string expected)
        {
            var page = await person.Page(workbench, $"/tasks/{taskId}");
            Assert.Equal(expected, page.QuerySelector("section.department-steps")!.GetAttribute("data-step"));
            return await person.Submit(workbench, page, "department-step", new Dictionary<string, string>());
        }
        Assert.Null((await Step(staffBrowser, "complete-entry")).QuerySelector("section.department-steps"));
        await Step(reviewerBrowser, "complete-review");
        await Step(staffBrowser, "publish");
        var published = await Tasks.GetTaskAsync(new GetTaskRequest { TaskId = taskId }, CheckingTasks.Staff(amr));
        Assert.Equal(DepartmentStage.Published, published.Departments.Single().Stage);

        // Another department reads neither the record nor the photo.
        var (other, otherPassword) = await Account(outsider, "李强", Roles.Staff);
        using var otherBrowser = new ConsoleBrowser(platform);
        await otherBrowser.SignIn(workbench, other, otherPassword);
        var denied = await otherBrowser.Page(workbench, entryPath);
        Assert.Null(denied.QuerySelector("section.result-section"));
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", denied.QuerySelector("main .alert")!.TextContent);
        var photoDenied = await otherBrowser.Get(workbench, $"{entryPath}/departments/{amr}/attachments/{sha256}");
        Assert.Equal(HttpStatusCode.NotFound, photoDenied.StatusCode);
    }

    private async Task<EntityResult> OwnResult(string taskId, string department, string uscc) =>
        (await Tasks.ListResultsAsync(new ListResultsRequest { TaskId = taskId, DepartmentId = department }, CheckingTasks.Staff(department)))
            .Results.Single(r => r.Uscc == uscc);
}

public sealed partial class WorkbenchTests
{
    [Fact]
    public async Task An_unreachable_entity_is_listed_as_operating_abnormally_by_its_due_date_and_a_forged_upload_stores_nothing()
    {
        var amr = await Department("130304-AMR", "北戴河区市场监督管理局");
        var item = $"{amr}:HBSC-002";
        var uscc = EntityFiles.NewCode();
        var today = platform.Today;
        var taskId = await new CheckingTasks(platform, scenario).Start(amr, $"YC{Guid.NewGuid():N}"[..8], item, today.AddDays(-5), today.AddDays(10), [uscc]);
        await Tasks.SubmitResultAsync(new ResultEntryRequest
        {
            TaskId = taskId, DepartmentId = amr, Uscc = uscc,
            Entry = new ResultEntry
            {
                CheckDates = { $"{today:yyyy-MM-dd}" }, Methods = { CheckMethod.OnSite }, Categories = { ResultCategory.ProblemPending },
                PendingReasons = { PendingReason.Unreachable }, Items = { new ItemOutcome { ItemId = item, Checked = false } },
                InspectorIds = { "QHD-AMR-001", "QHD-AMR-002" },
            },
        }, CheckingTasks.Staff(amr));
        await Tasks.ApproveResultAsync(new ResultCommandRequest { TaskId = taskId, DepartmentId = amr, Uscc = uscc }, CheckingTasks.Reviewer(amr));
        var due = (await OwnResult(taskId, amr, uscc)).AbnormalListingDue;

        var (staff, password) = await Account(amr, "赵敏", Roles.Staff);
        var workbench = Workbench();
        using var browser = new ConsoleBrowser(platform);
        await browser.SignIn(workbench, staff, password);
        var entryPath = $"/tasks/{taskId}/entities/{uscc}";
        var page = await browser.Page(workbench, entryPath);
        Assert.Contains(Shuangsuiji.Workbench.Layout.Labels.Day(due), page.QuerySelector("div.follow-up form.listing h4")!.TextContent);
        var listed = await browser.Submit(workbench, page, "listing", new Dictionary<string, string>
        {
            ["Listing.On"] = $"{today:yyyy-MM-dd}", ["Listing.DecisionNo"] = "秦北市监异字〔2026〕3号",
        });
        Assert.Contains("秦北市监异字〔2026〕3号", listed.QuerySelector("div.follow-up dl.facts")!.TextContent);
        var result = await OwnResult(taskId, amr, uscc);
        Assert.Equal(($"{today:yyyy-MM-dd}", "秦北市监异字〔2026〕3号"), (result.AbnormalListedOn, result.AbnormalListingDecisionNo));

        // An upload without the form's anti-forgery token is refused before any file is read.
        var forged = new MultipartFormDataContent { { new ByteArrayContent(RandomNumberGenerator.GetBytes(1000)), "photo", "伪造.jpg" } };
        using var http = workbench.CreateDefaultClient(WorkbenchHost.Address, new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(browser.Cookies));
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync($"{entryPath}/attachments", forged)).StatusCode);
        var store = Assert.IsType<LocalFileStore>(workbench.Services.GetRequiredService<IFileStore>());
        Assert.False(Directory.Exists(Path.GetDirectoryName(Path.GetDirectoryName(store.PathOf(amr, new string('0', 64))))));
    }
}
