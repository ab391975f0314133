using Marten;
using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.Api.Catalog.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Kernel;
using Shuangsuiji.Platform.Tests.Infrastructure;
using KnownJointItemList = Shuangsuiji.Tasks.JointItems.KnownJointItemList;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>A plan picks a joint task from the joint-inspection item list (联合抽查事项清单) of its region.</summary>
public sealed partial class WorkbenchTests
{
    [Fact]
    public async Task A_plan_takes_a_joint_task_from_the_countys_joint_inspection_item_list_and_the_public_plan_names_it()
    {
        var office = await scenario.CountyOfficeDepartment("130324");
        var market = await Department("130324-AMR", "卢龙县市场监督管理局");
        var health = await Department("130324-HC", "卢龙县卫生健康局");
        var food = await scenario.Item(market, "SC-201", Scenario.Content("餐饮服务食品安全抽查"));
        var licence = await scenario.Item(market, "SC-202", Scenario.Content("食品经营许可事项抽查"));
        var hygiene = await scenario.Item(health, "WS-201", Scenario.Content("公共场所卫生抽查"));
        var list = await platform.CatalogClient.PublishJointItemListAsync(new PublishJointItemListRequest
        {
            Region = "130324",
            Items = { new JointItem { Code = "LH-09", Name = "餐饮单位联合抽查", ItemIds = { food.ItemId, hygiene.ItemId } } },
        }, As(office));
        await Eventually.Get(async () =>
        {
            await using var query = platform.Tasks.Services.GetRequiredService<IDocumentStore>().QuerySession();
            return await query.LoadAsync<KnownJointItemList>("130324");
        }, known => known?.Version == list.Version, "the county's joint-inspection item list at the tasks service");
        var year = platform.Today.Year;
        var workbench = Workbench();
        using var staff = await SignedIn(workbench, market, "孙科员", Roles.Staff);

        // The plan form offers the county's joint item; picked with nothing else, the item fills the partner and the items.
        var page = await staff.Page(workbench, $"/plans/{year}");
        Assert.Contains("餐饮单位联合抽查", page.QuerySelector("select#joint-item option[value='LH-09']")!.TextContent);
        var drafted = await staff.Submit(workbench, page, "planned", new Dictionary<string, string>
        {
            ["Planned.Batch"] = "1", ["Planned.BatchName"] = "第一批次", ["Planned.Code"] = "J1", ["Planned.Name"] = "餐饮单位联合抽查",
            ["Planned.From"] = $"{year}-05-01", ["Planned.To"] = $"{year}-06-30", ["Planned.Divisions"] = "130324",
            ["Planned.QuotaA"] = "5", ["Planned.UnitA"] = "percent", ["Planned.JointItem"] = "LH-09",
        });
        var row = drafted.QuerySelector("table.planned tr[data-code=J1]")!;
        Assert.Contains("卢龙县卫生健康局", row.QuerySelector("td[data-label=联合]")!.TextContent);
        Assert.Contains($"联合抽查事项 LH-09 餐饮单位联合抽查（清单第 {list.Version} 版）", row.QuerySelector("td[data-label=联合] .joint-item")!.TextContent);
        var planned = (await Tasks.GetPlanAsync(new GetPlanRequest { DepartmentId = market, Year = year }, As(Scenario.StaffOf(market)))).Batches[0].Tasks[0];
        Assert.Equal((true, market, "130324", list.Version), (planned.Joint, planned.LeadDepartmentId, planned.JointItemRegion, planned.JointItemListVersion));
        Assert.Equal([health], planned.ParticipantIds);
        Assert.Equal([food.ItemId], planned.Items);
        await LookAt("joint-plans", (staff, $"/plans/{year}", "staff", null));

        // An item of the department outside the joint item, and a code on no list: each refused beside its field, the draft unchanged.
        var outside = await staff.Submit(workbench, drafted, "planned", new Dictionary<string, string>
        {
            ["Planned.Batch"] = "1", ["Planned.Code"] = "J2", ["Planned.Name"] = "许可联合抽查", ["Planned.From"] = $"{year}-05-01",
            ["Planned.To"] = $"{year}-06-30", ["Planned.Divisions"] = "130324", ["Planned.Items"] = licence.ItemId, ["Planned.JointItem"] = "LH-09",
        });
        Assert.Equal("items", outside.QuerySelector("p.field-error[data-field=items]")?.GetAttribute("data-field"));
        var unknown = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => Tasks.RevisePlanAsync(new RevisePlanRequest
        {
            DepartmentId = market, Year = year,
            Batches =
            {
                new PlanBatch
                {
                    Number = 1, Name = "第一批次",
                    Tasks = { planned.Clone(), new PlannedTask(planned) { Code = "J3", JointItemCode = "LH-99", Items = { }, ParticipantIds = { } } },
                },
            },
        }, As(Scenario.StaffOf(market))).ResponseAsync);
        Assert.Contains("batches[0].tasks[1].joint_item_code", unknown.Status.Detail);
        Assert.Single((await Tasks.GetPlanAsync(new GetPlanRequest { DepartmentId = market, Year = year }, As(Scenario.StaffOf(market)))).Batches[0].Tasks);

        // Published, the public plan names the joint item it followed.
        await Tasks.ApprovePlanAsync(new PlanCommandRequest { DepartmentId = market, Year = year }, As(new Caller("reviewer-lulong", market, Roles.Reviewer) { Region = "130324" }));
        await Tasks.PublishPlanAsync(new PlanCommandRequest { DepartmentId = market, Year = year }, As(Scenario.StaffOf(market)));
        using var http = platform.Http();
        var json = await Eventually.Get(async () => await http.GetStringAsync($"/v1/public/departments/{market}/plans"),
            body => body.Contains("LH-09"), "the public plan with its joint item");
        Assert.Contains("\"jointItemName\":\"餐饮单位联合抽查\"", json.Replace(" ", ""));
    }
}
