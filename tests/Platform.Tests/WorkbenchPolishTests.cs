using Grpc.Core;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Kernel;
using Shuangsuiji.Platform.Tests.Infrastructure;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// The console's finish: entities shown by name beside their codes (one read of the names per page), inspectors added and
/// edited by their department's staff, an import sent and followed by a browser without JavaScript.
/// </summary>
public sealed partial class WorkbenchTests
{
    [Fact]
    public async Task Entities_are_shown_by_name_beside_their_codes_on_the_task_the_review_queue_and_the_combined_record()
    {
        var amr = await Department("130305-AMR", "青龙县市场监督管理局");
        var (named, other, unknown) = (EntityFiles.NewCode(), EntityFiles.NewCode(), EntityFiles.NewCode());
        var entities = new MarketEntities.MarketEntitiesClient(platform.GatewayChannel);
        foreach (var (uscc, name) in new[] { (named, "青龙满族自治县祖山农家饭庄"), (other, "青龙县燕山板栗购销有限公司") })
            await entities.RegisterEntityAsync(new RegisterEntityRequest
            {
                Uscc = uscc,
                Fields = new EntityFields { Name = name, Type = EntityType.Enterprise, Industry = "H62", Division = amr[..6], Address = "青龙镇", RegisteringAuthority = amr },
            }, As(Scenario.StaffOf(amr)));
        // The batch read: the codes it knows, the rest left out; too many at once refused by field.
        var names = await entities.GetEntityNamesAsync(new GetEntityNamesRequest { Usccs = { named, other, unknown, named } }, As(Scenario.StaffOf(amr)));
        Assert.Equal([(named, "青龙满族自治县祖山农家饭庄"), (other, "青龙县燕山板栗购销有限公司")],
            names.Names.OrderBy(n => n.Key == other).Select(n => (n.Key, n.Value)));
        var tooMany = await Assert.ThrowsAsync<RpcException>(() => entities.GetEntityNamesAsync(
            new GetEntityNamesRequest { Usccs = { Enumerable.Range(0, 2001).Select(i => $"X{i}") } }, As(Scenario.StaffOf(amr))).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, tooMany.StatusCode);
        Assert.Equal(["usccs"], Shuangsuiji.Workbench.Platform.ServiceError.Of(tooMany).Fields.Keys);

        var item = $"{amr}:HBSC-003";
        var today = platform.Today;
        var taskId = await new CheckingTasks(platform, scenario).Start(amr, $"MC{Guid.NewGuid():N}"[..8], item, today.AddDays(-5), today.AddDays(10), [named, other, unknown]);
        await Tasks.SubmitResultAsync(new ResultEntryRequest
        {
            TaskId = taskId, DepartmentId = amr, Uscc = named,
            Entry = new ResultEntry
            {
                CheckDates = { $"{today:yyyy-MM-dd}" }, Methods = { CheckMethod.OnSite }, Categories = { ResultCategory.NoProblem },
                Items = { new ItemOutcome { ItemId = item, Checked = true } }, InspectorIds = { "QHD-AMR-001", "QHD-AMR-002" },
            },
        }, CheckingTasks.Staff(amr));
        var (reviewer, password) = await Account(amr, "孙审核", Roles.Reviewer);
        var workbench = Workbench();
        using var browser = new ConsoleBrowser(platform);
        await browser.SignIn(workbench, reviewer, password);

        var task = await browser.Page(workbench, $"/tasks/{taskId}");
        var row = task.QuerySelector($"section.entities tr[data-uscc='{named}']")!;
        Assert.Equal(("青龙满族自治县祖山农家饭庄", $"/tasks/{taskId}/entities/{named}", named),
            (row.QuerySelector("a.entity-name")!.TextContent, row.QuerySelector("a.entity-name")!.GetAttribute("href"), row.QuerySelector("small.uscc")!.TextContent));
        Assert.Equal("青龙县燕山板栗购销有限公司", task.QuerySelector($"section.entities tr[data-uscc='{other}'] a.entity-name")!.TextContent);
        // An entity the directory does not know keeps its code as the link, with nothing beside it.
        var bare = task.QuerySelector($"section.entities tr[data-uscc='{unknown}']")!;
        Assert.Equal((unknown, null), (bare.QuerySelector("a.entity-name")!.TextContent, bare.QuerySelector("small.uscc")));

        var queue = await browser.Page(workbench, "/review");
        var queued = queue.QuerySelector($"table.review-queue tr[data-uscc='{named}']")!;
        Assert.Equal(("青龙满族自治县祖山农家饭庄", named), (queued.QuerySelector("a.entity-name")!.TextContent, queued.QuerySelector("small.uscc")!.TextContent));

        var record = await browser.Page(workbench, $"/tasks/{taskId}/entities/{named}");
        Assert.Equal(("青龙满族自治县祖山农家饭庄", named), (record.QuerySelector("h1 a.entity-name")!.TextContent, record.QuerySelector("h1 .uscc")!.TextContent));
        Assert.Contains("青龙满族自治县祖山农家饭庄", record.Title);
    }

    [Fact]
    public async Task Staff_add_an_inspector_and_edit_their_certificate_and_specialties_in_plain_forms_with_the_services_problems_beside_the_fields()
    {
        var amr = await Department("130307-AMR", "昌黎县市场监督管理局");
        var province = As(Scenario.StaffOf((await scenario.Department("130000-AMR", Api.Directories.V1.DepartmentLevel.Province, "130000")).DepartmentId));
        var tags = new TagLibrary.TagLibraryClient(platform.GatewayChannel);
        var category = scenario.Id("skills");
        await tags.DefineTagCategoryAsync(new DefineTagCategoryRequest { Category = category, Name = "检查专长", Subject = TagSubject.Inspector }, province);
        await tags.AddTagAsync(new AddTagRequest { Category = category, Code = "food", Name = "食品安全" }, province);
        await tags.AddTagAsync(new AddTagRequest { Category = category, Code = "drug", Name = "药品" }, province);
        var conflict = EntityFiles.NewCode();
        await new MarketEntities.MarketEntitiesClient(platform.GatewayChannel).RegisterEntityAsync(new RegisterEntityRequest
        {
            Uscc = conflict,
            Fields = new EntityFields { Name = "昌黎县葡萄酒庄有限公司", Type = EntityType.Enterprise, Industry = "C15", Division = amr[..6], Address = "昌黎镇", RegisteringAuthority = amr },
        }, As(Scenario.StaffOf(amr)));
        var (staff, password) = await Account(amr, "钱科员", Roles.Staff);
        var workbench = Workbench();
        using var browser = new ConsoleBrowser(platform);
        await browser.SignIn(workbench, staff, password);

        var list = await browser.Page(workbench, "/inspectors");
        Assert.Equal("/inspectors/new", list.QuerySelector("h1 a.add")!.GetAttribute("href"));
        var form = await browser.Page(workbench, "/inspectors/new");
        var fields = new Dictionary<string, string>
        {
            ["Profile.InspectorId"] = "CL-001", ["Profile.Name"] = "孙丽", ["Profile.Unit"] = "食品科", ["Profile.CertificateNo"] = "冀执13032201",
            ["Profile.ValidFrom"] = "2025-01-01", ["Profile.ValidTo"] = "2024-12-31", ["Profile.Region"] = "130322", ["Profile.Phone"] = "13700001111",
        };
        // The service's problem beside its field, the form kept as typed; nothing saved.
        var refused = await browser.SubmitAll(workbench, form, "profile", [.. fields, new("specialties", $"{category}/food")]);
        Assert.Equal("certificate_valid_to", refused.QuerySelector("p.field-error")!.GetAttribute("data-field"));
        Assert.Equal("true", refused.QuerySelector("#certificate_valid_to")!.GetAttribute("aria-invalid"));
        Assert.Equal("孙丽", refused.QuerySelector("#name")!.GetAttribute("value"));
        Assert.NotNull(refused.QuerySelector($"input[name=specialties][value='{category}/food'][checked]"));
        var inspectors = new Inspectors.InspectorsClient(platform.GatewayChannel);
        Assert.Empty((await inspectors.ListInspectorsAsync(new ListInspectorsRequest { DepartmentId = amr, IncludeInactive = true }, As(Scenario.StaffOf(amr)))).Inspectors);

        fields["Profile.ValidTo"] = "2030-12-31";
        var added = await browser.SubmitAll(workbench, refused, "profile", [.. fields, new("specialties", $"{category}/food")]);
        Assert.Equal("孙丽", added.QuerySelector("h1")!.FirstChild!.TextContent.Trim());
        var saved = await inspectors.GetInspectorAsync(new GetInspectorRequest { DepartmentId = amr, InspectorId = "CL-001" }, As(Scenario.StaffOf(amr)));
        Assert.Equal(("冀执13032201", "2030-12-31", "13700001111"), (saved.CertificateNo, saved.CertificateValidTo, saved.Phone));
        Assert.Equal([$"{category}/food"], saved.Specialties);

        // A second person under a number already taken is refused beside the number, the first kept.
        var again = await browser.Page(workbench, "/inspectors/new");
        var taken = await browser.SubmitAll(workbench, again, "profile", [.. fields.Select(f => f.Key == "Profile.Name" ? new(f.Key, "孙立") : f)]);
        Assert.Equal("inspector_id", taken.QuerySelector("p.field-error")!.GetAttribute("data-field"));

        // Edited: a renewed certificate, another specialty; the conflict declared on the inspector's page stays.
        var page = await browser.Page(workbench, "/inspectors/CL-001");
        page = await browser.Submit(workbench, page, "conflict", new Dictionary<string, string> { ["Conflict.Uscc"] = conflict, ["Conflict.Reason"] = "亲属任职" });
        Assert.Equal("昌黎县葡萄酒庄有限公司", page.QuerySelector($"ul.conflict-list li[data-uscc='{conflict}'] a.entity-name")!.TextContent);
        var edit = await browser.Page(workbench, page.QuerySelector("h2 a.edit")!.GetAttribute("href")!);
        Assert.Equal("冀执13032201", edit.QuerySelector("#certificate_no")!.GetAttribute("value"));
        Assert.NotNull(edit.QuerySelector($"input[name=specialties][value='{category}/food'][checked]"));
        var edited = await browser.SubmitAll(workbench, edit, "profile",
        [
            .. fields.Where(f => f.Key != "Profile.InspectorId").Select(f => f.Key switch
            {
                "Profile.CertificateNo" => new(f.Key, "冀执13032299"), "Profile.ValidTo" => new(f.Key, "2031-06-30"), _ => f,
            }),
            new("specialties", $"{category}/drug"),
        ]);
        Assert.Contains("冀执13032299", edited.QuerySelector("dl.facts")!.TextContent);
        saved = await inspectors.GetInspectorAsync(new GetInspectorRequest { DepartmentId = amr, InspectorId = "CL-001" }, As(Scenario.StaffOf(amr)));
        Assert.Equal(("冀执13032299", "2031-06-30"), (saved.CertificateNo, saved.CertificateValidTo));
        Assert.Equal([$"{category}/drug"], saved.Specialties);
        Assert.Equal([conflict], saved.Conflicts);

        // The conflict withdrawn with its reason.
        page = await browser.Submit(workbench, edited, "withdraw", new Dictionary<string, string> { ["Withdraw.Uscc"] = conflict, ["Withdraw.Reason"] = "亲属已离职" });
        Assert.Null(page.QuerySelector("ul.conflict-list"));

        // The department's reviewer reads the inspectors but keeps none of them.
        var (reviewer, reviewerPassword) = await Account(amr, "吴审核", Roles.Reviewer);
        using var reviewing = new ConsoleBrowser(platform);
        await reviewing.SignIn(workbench, reviewer, reviewerPassword);
        Assert.Null((await reviewing.Page(workbench, "/inspectors")).QuerySelector("h1 a.add"));
        Assert.Null((await reviewing.Page(workbench, "/inspectors/new")).QuerySelector("main form"));
    }

    [Fact]
    public async Task Without_javascript_an_import_is_a_plain_form_post_its_job_page_follows_it_and_lists_the_bad_line()
    {
        var amr = await Department("130308-AMR", "卢龙县市场监督管理局");
        var (staff, password) = await Account(amr, "冯科员", Roles.Staff);
        var workbench = Workbench();
        using var browser = new ConsoleBrowser(platform);
        await browser.SignIn(workbench, staff, password);

        var page = await browser.Page(workbench, "/directories/import");
        var form = page.QuerySelector("section.upload form")!;
        Assert.Equal(("post", "multipart/form-data"), (form.GetAttribute("method"), form.GetAttribute("enctype")));
        Assert.Equal("submit", form.QuerySelector("button")!.GetAttribute("type"));

        var good = EntityFiles.NewCode();
        var csv = EntityFiles.Csv(EntityFiles.Row(good, amr, "卢龙县粉丝加工厂", amr[..6]), $"not-a-code,坏行,enterprise,C13,{amr[..6]},,active,{amr}");
        var job = await browser.Upload(workbench, page, "section.upload form", "file", System.Text.Encoding.UTF8.GetBytes(csv), "卢龙名录.csv", "text/csv");
        var jobPath = $"/directories/imports/{job.QuerySelector("h1[data-job]")!.GetAttribute("data-job")}";
        // While it runs the page asks for itself again; once it has ended it stops.
        while (job.QuerySelector("h1 .badge")!.TextContent == "导入中")
        {
            Assert.Equal("2", job.QuerySelector("meta[http-equiv=refresh]")!.GetAttribute("content"));
            job = await browser.Page(workbench, jobPath);
        }
        Assert.Null(job.QuerySelector("meta[http-equiv=refresh]"));
        Assert.Equal("卢龙名录.csv", job.QuerySelector("h1")!.FirstChild!.TextContent.Trim());
        Assert.Equal("3", Assert.Single(job.QuerySelectorAll("table.rejections tbody tr")).GetAttribute("data-line"));
        var download = await browser.Get(workbench, job.QuerySelector("a[href$='rejections.csv']")!.GetAttribute("href")!);
        Assert.StartsWith("3,\"", (await download.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n")[1]);
        var entity = await new MarketEntities.MarketEntitiesClient(platform.GatewayChannel).GetEntityAsync(new GetEntityRequest { Uscc = good }, As(Scenario.StaffOf(amr)));
        Assert.Equal("卢龙县粉丝加工厂", entity.Name);
    }
}
