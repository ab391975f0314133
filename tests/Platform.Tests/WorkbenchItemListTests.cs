using Marten;
using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.Api.Catalog.V1;
using Shuangsuiji.Kernel;
using Shuangsuiji.Platform.Tests.Infrastructure;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;
using KnownForm = Shuangsuiji.Tasks.Forms.KnownForm;

namespace Shuangsuiji.Platform.Tests;

/// <summary>The item list (一单) in the console: items created and amended with reasons, claims, and the form designer whose form a task then uses.</summary>
public sealed partial class WorkbenchTests
{
    [Fact]
    public async Task An_administrator_keeps_the_item_list_and_designs_a_custom_form_that_a_task_then_uses()
    {
        var city = await Department("130300-MSA", "秦皇岛市市场监督管理局");
        var county = await Department("130302-MSA", "海港区市场监督管理局", parent: city);
        var upper = await scenario.Item(city, "SJ-001", Scenario.Content("食品生产许可事项抽查"));
        var item = await scenario.Item(county, "HG-001");
        var workbench = Workbench();
        using var admin = await SignedIn(workbench, county, "李管理", Roles.Admin);
        using var reviewer = await SignedIn(workbench, county, "周审核", Roles.Reviewer);

        // A new item without its legal basis: the catalog's problem beside the field, nothing created.
        var fields = new Dictionary<string, string>
        {
            ["Item.Code"] = "HG-002", ["Item.Name"] = "特种设备使用单位抽查", ["Item.Kind"] = "key", ["Item.LegalBasis"] = "",
            ["Item.Content"] = "使用登记、定期检验", ["Item.Method"] = "现场检查", ["Item.InternetPlusCode"] = "HB-TZSB-002",
            ["Item.Industries"] = "C、D44", ["entityTypes"] = "enterprise", ["Item.EffectiveOn"] = "2026-01-01",
        };
        var refused = await admin.Submit(workbench, await admin.Page(workbench, "/items/new"), "item", fields);
        Assert.Equal("content.legal_basis", refused.QuerySelector("p.field-error")!.GetAttribute("data-field"));
        Assert.Equal("true", refused.QuerySelector("#content-legal-basis")!.GetAttribute("aria-invalid"));
        fields["Item.LegalBasis"] = "《特种设备安全法》第五十七条";
        var created = await admin.Submit(workbench, refused, "item", fields);
        Assert.Contains("特种设备使用单位抽查", created.QuerySelector("h1")!.TextContent);
        var stored = await platform.CatalogClient.GetItemAsync(new GetItemRequest { DepartmentId = county, Code = "HG-002" }, As(Scenario.StaffOf(county)));
        Assert.Equal(ItemKind.Key, stored.Content.Kind);
        Assert.Equal(["C", "D44"], stored.Content.Industries);

        // Amended with its reason: the revision is listed with it, the content in force is the new one.
        var amend = await admin.Page(workbench, "/items/HG-002/amend");
        Assert.Equal("《特种设备安全法》第五十七条", amend.QuerySelector("#content-legal-basis")!.TextContent);
        var amended = await admin.Submit(workbench, amend, "item", new Dictionary<string, string>(fields)
        {
            ["Item.Method"] = "现场检查、书面检查", ["Item.EffectiveOn"] = "2026-03-01", ["Item.Reason"] = "检查方式调整",
        });
        var revision = amended.QuerySelector("table.revisions tr[data-change=amended]")!;
        Assert.Equal("检查方式调整", revision.QuerySelector("td[data-label=理由]")!.TextContent);

        // The upper department's item is offered for a claim, and claimed it joins the list.
        var list = await admin.Page(workbench, "/items");
        var claimed = await admin.Submit(workbench, list, "claim", new Dictionary<string, string> { ["Claim.SourceItemId"] = upper.ItemId });
        Assert.Contains("认领自 秦皇岛市市场监督管理局", claimed.QuerySelector("dl.facts")!.TextContent);
        Assert.Empty((await admin.Page(workbench, "/items")).QuerySelectorAll($"input[name='Claim.SourceItemId'][value='{upper.ItemId}']"));

        // A reviewer reads the list but is not offered to change it.
        Assert.Null((await reviewer.Page(workbench, "/items")).QuerySelector("a[href='/items/new']"));

        // The designer: a custom form of two fields, one a choice, in the order given (the spare rows left empty).
        var designer = await admin.Page(workbench, $"/items/{item.Code}/forms/new");
        var design = new List<KeyValuePair<string, string>>
        {
            new("Design.FormCode", "site"), new("Design.Name", "现场检查记录表"),
        };
        void Row(string order, string key, string label, string type, string options, bool required, int row)
        {
            design.AddRange([new("field-order", order), new("field-key", key), new("field-label", label), new("field-type", type), new("field-options", options)]);
            if (required) design.Add(new("field-required", row.ToString()));
        }
        Row("2", "grade", "现场风险等级", "Choice", "高、中、低", true, 0);
        Row("1", "area", "检查区域", "Text", "", false, 1);
        for (var spare = 2; spare < 4; spare++) Row("", "", "", "Text", "", false, spare);
        var designed = await admin.SubmitAll(workbench, designer, "design", design);
        Assert.Equal(["检查区域", "现场风险等级 *"], designed.QuerySelectorAll("section.preview .label").Select(l => l.TextContent));
        var forms = await platform.CatalogClient.ListFormsAsync(new ListFormsRequest { DepartmentId = county, Code = item.Code }, As(Scenario.StaffOf(county)));
        var form = forms.Forms.Single(f => f.FormCode == "site");
        Assert.Equal(FormKind.Custom, form.Kind);
        Assert.Equal(["高", "中", "低"], form.Fields[1].Options);

        // A task of the item, approved after the form was designed, carries it to the entity's record.
        await Eventually.Get(async () =>
        {
            await using var query = platform.Tasks.Services.GetRequiredService<IDocumentStore>().QuerySession();
            return await query.LoadAsync<KnownForm>(form.FormId);
        }, known => known is not null, "the custom form at the tasks service");
        var uscc = EntityFiles.NewCode();
        var today = platform.Today;
        var taskId = await new CheckingTasks(platform, scenario).Start(county, $"IL{Guid.NewGuid():N}"[..8], item.ItemId, today.AddDays(-5), today.AddDays(10), [uscc]);
        using var staff = await SignedIn(workbench, county, "陈静", Roles.Staff);
        var entry = await staff.Page(workbench, $"/tasks/{taskId}/entities/{uscc}");
        var onRecord = entry.QuerySelector($"div.check-form[data-form='{form.FormId}']")!;
        Assert.Contains("现场检查记录表", onRecord.QuerySelector("h4")!.TextContent);
        Assert.NotNull(onRecord.QuerySelector("div.form-field[data-key=grade]"));

        await LookAt("items", (admin, "/items", "list", null), (admin, $"/items/{item.Code}", "item", null),
            (admin, $"/items/{item.Code}/forms/site", "designer", null), (admin, "/items/HG-002", "amended", null));
    }
}

/// <summary>The city's joint-inspection item list (联合抽查事项清单): kept by the office in the console, every version public on the portal.</summary>
public sealed partial class WorkbenchTests
{
    [Fact]
    public async Task The_office_publishes_the_joint_inspection_item_list_in_versions_that_the_portal_shows_with_the_departments_items()
    {
        await scenario.CityOffice();
        var office = await Known(Scenario.Office.DepartmentId);
        var market = await Department("130303-AMR", "山海关区市场监督管理局");
        var health = await Department("130303-HC", "山海关区卫生健康局");
        var food = await scenario.Item(market, "SC-101", Scenario.Content("餐饮服务食品安全抽查"));
        var hygiene = await scenario.Item(health, "WS-101", Scenario.Content("公共场所卫生抽查"));
        var workbench = Workbench();
        using var supervisor = await SignedIn(workbench, office, "张主任", Roles.Supervisor);
        using var staff = await SignedIn(workbench, market, "钱科员", Roles.Staff);
        var before = await CurrentJointList();

        // One department's items only: the catalog's problem on that row, nothing published.
        var page = await supervisor.Page(workbench, "/joint-items");
        var reason = before is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Publish.Reason"] = "新增餐饮联合抽查" };
        List<KeyValuePair<string, string>> Rows(params (string Code, string Name, string Items)[] rows) =>
            [.. reason, .. rows.SelectMany(r => new KeyValuePair<string, string>[] { new("joint-code", r.Code), new("joint-name", r.Name), new("joint-items", r.Items), new("joint-note", "") })];
        var refused = await supervisor.SubmitAll(workbench, page, "publish", Rows(("LH-01", "餐饮单位联合抽查", food.ItemId), ("", "", "")));
        Assert.StartsWith("items[0]", refused.QuerySelector("tr[data-row='0'] p.field-error")!.GetAttribute("data-field"));
        Assert.Equal(before?.Version, (await CurrentJointList())?.Version);

        var published = await supervisor.SubmitAll(workbench, refused, "publish", Rows(("LH-01", "餐饮单位联合抽查", $"{food.ItemId} {hygiene.ItemId}")));
        var row = published.QuerySelector("table.joint-items tr[data-code='LH-01']")!;
        Assert.Contains("山海关区卫生健康局 WS-101", row.QuerySelector("td[data-label=组合的部门事项]")!.TextContent);
        var version = (await CurrentJointList())!.Version;

        // A department reads the list but is not offered to publish it.
        var read = await staff.Page(workbench, "/joint-items");
        Assert.NotNull(read.QuerySelector("table.joint-items tr[data-code='LH-01']"));
        Assert.Null(read.QuerySelector("form input[name=_handler][value=publish]"));

        // The next version needs its reason; with it, the portal shows it and keeps the one before.
        reason = new();
        var noReason = await supervisor.SubmitAll(workbench, await supervisor.Page(workbench, "/joint-items"), "publish",
            Rows(("LH-01", "餐饮单位联合抽查", $"{food.ItemId} {hygiene.ItemId}"), ("LH-02", "公共场所联合抽查", $"{hygiene.ItemId} {food.ItemId}")));
        Assert.Equal("reason", noReason.QuerySelector("#reason-error")!.GetAttribute("data-field"));
        reason = new() { ["Publish.Reason"] = "增加公共场所联合抽查" };
        await supervisor.SubmitAll(workbench, noReason, "publish",
            Rows(("LH-01", "餐饮单位联合抽查", $"{food.ItemId} {hygiene.ItemId}"), ("LH-02", "公共场所联合抽查", $"{hygiene.ItemId} {food.ItemId}")));

        using var http = platform.Http();
        var portal = await Eventually.Get(async () => await http.GetStringAsync("/portal/joint-items"),
            html => html.Contains($"第 {version + 1} 版（本页）"), "the new version on the portal");
        Assert.Contains("公共场所联合抽查", portal);
        Assert.Contains("餐饮服务食品安全抽查", portal);
        Assert.Contains("增加公共场所联合抽查", portal);
        var earlier = await http.GetStringAsync($"/portal/joint-items?region=130300&version={version}");
        Assert.DoesNotContain("id=\"joint-LH-02\"", earlier);
        Assert.Contains("id=\"joint-LH-01\"", earlier);
        using var json = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/v1/public/joint-item-lists/130300"));
        Assert.Equal($"{version + 1}", json.RootElement.GetProperty("version").ToString());
        Assert.Equal("山海关区市场监督管理局", json.RootElement.GetProperty("items")[1].GetProperty("parts")[1].GetProperty("departmentName").GetString());

        await LookAt("joint-items", (supervisor, "/joint-items", "office", null));
    }

    private async Task<JointItemList?> CurrentJointList()
    {
        try
        {
            return await platform.CatalogClient.GetJointItemListAsync(new GetJointItemListRequest { Region = "130300" }, As(Scenario.Office));
        }
        catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.NotFound)
        {
            return null;
        }
    }
}
