using System.Net.Http.Json;
using System.Text.Json;
using Shuangsuiji.Api.Catalog.V1;
using Shuangsuiji.Api.Disclosure.V1;
using Shuangsuiji.Platform.Tests.Infrastructure;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>The item list end to end: commands at the gateway, through the services and the bus, read back as public records at the gateway.</summary>
public sealed class ItemListFlowTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);

    [Fact]
    public async Task An_item_claimed_down_two_levels_is_published_on_the_county_list_with_the_province_content()
    {
        var (province, city, county) = await scenario.Hierarchy();
        var item = await scenario.Item(province.DepartmentId, "HB-001");
        var cityClaim = await scenario.Claim(city.DepartmentId, item.ItemId, ItemKind.Key);
        var countyClaim = await scenario.Claim(county.DepartmentId, cityClaim.ItemId);
        Assert.Equal(ItemOrigin.Claimed, countyClaim.Origin);
        Assert.Equal("企业公示信息抽查", countyClaim.Content.Name);
        Assert.Equal(ItemKind.Key, countyClaim.Content.Kind);

        var published = await Eventually.Get(
            () => platform.Public.GetItemAsync(new GetPublicItemRequest { DepartmentId = county.DepartmentId, Code = "HB-001" }).ResponseAsync,
            p => p.Name != "", "the county's claim on the public list");
        Assert.Equal(county.Name, published.DepartmentName);
        Assert.Equal("claimed", published.Origin);
        Assert.Equal(province.DepartmentId, published.SourceDepartmentId);
        Assert.Equal(province.Name, published.SourceDepartmentName);
        Assert.Equal("key", published.Kind);
        Assert.Equal("《企业信息公示暂行条例》第十四条", published.LegalBasis);
        Assert.Equal("in-force", published.Status);
    }

    [Fact]
    public async Task An_amendment_and_a_retirement_at_the_province_reach_every_claim()
    {
        var (province, city, _) = await scenario.Hierarchy();
        var item = await scenario.Item(province.DepartmentId, "HB-002");
        await scenario.Claim(city.DepartmentId, item.ItemId);
        var amended = await platform.CatalogClient.AmendItemAsync(new AmendItemRequest
        {
            DepartmentId = province.DepartmentId, Code = "HB-002", Content = Scenario.Content("企业公示信息抽查（2022年修订）"),
            Reason = "条例修订", EffectiveOn = "2022-02-01", ExpectedVersion = item.Version,
        }, As(Scenario.StaffOf(province.DepartmentId)));
        Assert.Equal(2, amended.Version);

        var cityEntry = await Eventually.Get(
            () => platform.Public.GetItemAsync(new GetPublicItemRequest { DepartmentId = city.DepartmentId, Code = "HB-002" }).ResponseAsync,
            p => p.Name.Contains("修订"), "the amendment on the city's public list");
        Assert.Equal("2022-02-01", cityEntry.EffectiveOn);

        await platform.CatalogClient.RetireItemAsync(new RetireItemRequest
        {
            DepartmentId = province.DepartmentId, Code = "HB-002", Reason = "法律废止", EffectiveOn = "2022-03-01",
        }, As(Scenario.StaffOf(province.DepartmentId)));
        var provinceEntry = await Eventually.Get(
            () => platform.Public.GetItemAsync(new GetPublicItemRequest { DepartmentId = province.DepartmentId, Code = "HB-002" }).ResponseAsync,
            p => p.Status == "retired", "the retirement on the province's public list");
        Assert.Equal(["created", "amended", "retired"], provinceEntry.Revisions.Select(r => r.Change));
        Assert.Equal("法律废止", provinceEntry.Revisions[2].Reason);
        await Eventually.Get(
            () => platform.Public.GetItemAsync(new GetPublicItemRequest { DepartmentId = city.DepartmentId, Code = "HB-002" }).ResponseAsync,
            p => p.Status == "retired", "the claim retired with its source");
        var cityList = await platform.Public.ListItemsAsync(new ListPublicItemsRequest { DepartmentId = city.DepartmentId });
        Assert.DoesNotContain(cityList.Items, i => i.Code == "HB-002");
    }

    [Fact]
    public async Task The_public_list_is_served_as_json_without_a_token()
    {
        var (province, _, _) = await scenario.Hierarchy();
        await scenario.Item(province.DepartmentId, "HB-003", Scenario.Content("食品经营许可事项抽查"));
        using var http = platform.Http();
        var json = await Eventually.Get(
            () => http.GetFromJsonAsync<JsonElement>($"/v1/public/departments/{province.DepartmentId}/items"),
            j => j.TryGetProperty("items", out var items) && items.GetArrayLength() == 1, "the JSON public list");
        var item = json.GetProperty("items")[0];
        Assert.Equal("食品经营许可事项抽查", item.GetProperty("name").GetString());
        Assert.Equal("HB-003", item.GetProperty("code").GetString());
        Assert.Equal(1, json.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Public_departments_count_their_listed_items_but_not_retired_ones()
    {
        var (province, city, _) = await scenario.Hierarchy();
        var item = await scenario.Item(province.DepartmentId, "HB-004");
        await scenario.Item(province.DepartmentId, "HB-005");
        await scenario.Item(province.DepartmentId, "HB-007");
        await platform.CatalogClient.RetireItemAsync(new RetireItemRequest
        {
            DepartmentId = province.DepartmentId, Code = "HB-007", Reason = "废止", EffectiveOn = "2022-02-01",
        }, As(Scenario.StaffOf(province.DepartmentId)));
        await scenario.Claim(city.DepartmentId, item.ItemId);
        var departments = await Eventually.Get(
            () => platform.Public.ListDepartmentsAsync(new ListPublicDepartmentsRequest()).ResponseAsync,
            r => r.Departments.Any(d => d.DepartmentId == province.DepartmentId && d.ItemCount == 2)
                 && r.Departments.Any(d => d.DepartmentId == city.DepartmentId && d.ItemCount == 1),
            "item counts on the public department list");
        Assert.Equal("province", departments.Departments.Single(d => d.DepartmentId == province.DepartmentId).Level);
    }

    [Fact]
    public async Task Forms_of_a_claimed_item_are_the_basic_form_and_the_claiming_departments_own()
    {
        var (province, city, _) = await scenario.Hierarchy();
        var item = await scenario.Item(province.DepartmentId, "HB-006");
        await scenario.Claim(city.DepartmentId, item.ItemId);
        FormField Field(string key) => new() { Key = key, Label = key, Type = FieldType.Boolean, Required = true };
        await platform.CatalogClient.DefineFormAsync(new DefineFormRequest
        {
            DepartmentId = province.DepartmentId, Code = "HB-006", FormCode = "basic", Name = "基础检查表", Fields = { Field("license_displayed") },
        }, As(Scenario.StaffOf(province.DepartmentId)));
        await platform.CatalogClient.DefineFormAsync(new DefineFormRequest
        {
            DepartmentId = city.DepartmentId, Code = "HB-006", FormCode = "qhd-port", Name = "港口企业补充表", Fields = { Field("port_permit") },
        }, As(Scenario.StaffOf(city.DepartmentId)));

        var forms = await platform.CatalogClient.ListFormsAsync(new ListFormsRequest { DepartmentId = city.DepartmentId, Code = "HB-006" },
            As(Scenario.StaffOf(city.DepartmentId)));
        Assert.Equal([(FormKind.Basic, "basic"), (FormKind.Custom, "qhd-port")], forms.Forms.Select(f => (f.Kind, f.FormCode)));
    }
}
