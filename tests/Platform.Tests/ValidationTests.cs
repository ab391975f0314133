using Grpc.Core;
using Shuangsuiji.Api.Catalog.V1;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Platform.Tests.Infrastructure;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>Bad input and illegal changes get the right gRPC status, with a message naming the field or the state.</summary>
public sealed class ValidationTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);

    private static async Task<RpcException> Fails(StatusCode code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, error.StatusCode);
        return error;
    }

    [Fact]
    public async Task A_missing_field_is_named()
    {
        var (province, _, _) = await scenario.Hierarchy();
        var content = Scenario.Content();
        content.LegalBasis = "";
        var error = await Fails(StatusCode.InvalidArgument, () => scenario.Item(province.DepartmentId, "HB-020", content));
        Assert.StartsWith("content.legal_basis:", error.Status.Detail);
    }

    [Theory]
    [InlineData("2022-13-01", "effective_on")]
    [InlineData("", "effective_on")]
    public async Task A_bad_date_is_named(string date, string field)
    {
        var (province, _, _) = await scenario.Hierarchy();
        var error = await Fails(StatusCode.InvalidArgument, () => scenario.Item(province.DepartmentId, "HB-021", effectiveOn: date));
        Assert.StartsWith($"{field}:", error.Status.Detail);
    }

    [Fact]
    public async Task An_unknown_department_is_named()
    {
        var error = await Fails(StatusCode.InvalidArgument, () => platform.CatalogClient.CreateItemAsync(new CreateItemRequest
        {
            DepartmentId = "139999-NONE", Code = "X-1", Content = Scenario.Content(), EffectiveOn = "2022-01-01",
        }, As(Scenario.StaffOf("139999-NONE"))).ResponseAsync);
        Assert.StartsWith("department_id: no department 139999-NONE", error.Status.Detail);
    }

    [Fact]
    public async Task A_duplicate_code_already_exists()
    {
        var (province, _, _) = await scenario.Hierarchy();
        await scenario.Item(province.DepartmentId, "HB-022");
        var error = await Fails(StatusCode.AlreadyExists, () => scenario.Item(province.DepartmentId, "HB-022"));
        Assert.Contains("HB-022", error.Status.Detail);
    }

    [Fact]
    public async Task Claiming_an_item_the_upper_level_does_not_have_is_refused()
    {
        var (province, city, county) = await scenario.Hierarchy();
        var item = await scenario.Item(province.DepartmentId, "HB-023");
        var error = await Fails(StatusCode.InvalidArgument, () => scenario.Claim(county.DepartmentId, item.ItemId));
        Assert.StartsWith("source_item_id:", error.Status.Detail);
        var missing = await Fails(StatusCode.InvalidArgument, () => scenario.Claim(city.DepartmentId, $"{province.DepartmentId}:NOPE"));
        Assert.StartsWith("source_item_id: no item", missing.Status.Detail);
    }

    [Fact]
    public async Task A_retired_item_cannot_be_claimed()
    {
        var (province, city, _) = await scenario.Hierarchy();
        var item = await scenario.Item(province.DepartmentId, "HB-024");
        await platform.CatalogClient.RetireItemAsync(new RetireItemRequest
        {
            DepartmentId = province.DepartmentId, Code = "HB-024", Reason = "废止", EffectiveOn = "2022-02-01",
        }, As(Scenario.StaffOf(province.DepartmentId)));
        var error = await Fails(StatusCode.FailedPrecondition, () => scenario.Claim(city.DepartmentId, item.ItemId));
        Assert.Contains("retired", error.Status.Detail);
    }

    [Fact]
    public async Task A_stale_expected_version_is_a_failed_precondition()
    {
        var (province, _, _) = await scenario.Hierarchy();
        var item = await scenario.Item(province.DepartmentId, "HB-025");
        var amend = new AmendItemRequest
        {
            DepartmentId = province.DepartmentId, Code = "HB-025", Content = Scenario.Content(), Reason = "修订", EffectiveOn = "2022-02-01",
            ExpectedVersion = item.Version,
        };
        await platform.CatalogClient.AmendItemAsync(amend, As(Scenario.StaffOf(province.DepartmentId)));
        var error = await Fails(StatusCode.FailedPrecondition, () =>
            platform.CatalogClient.AmendItemAsync(amend, As(Scenario.StaffOf(province.DepartmentId))).ResponseAsync);
        Assert.StartsWith("expected_version:", error.Status.Detail);
    }

    [Fact]
    public async Task Amending_an_item_that_does_not_exist_is_not_found() =>
        await Fails(StatusCode.NotFound, async () =>
        {
            var (province, _, _) = await scenario.Hierarchy();
            await Scenario.UntilKnown(() => platform.CatalogClient.AmendItemAsync(new AmendItemRequest
            {
                DepartmentId = province.DepartmentId, Code = "NOPE", Content = Scenario.Content(), Reason = "x", EffectiveOn = "2022-02-01",
            }, As(Scenario.StaffOf(province.DepartmentId))).ResponseAsync);
        });

    [Fact]
    public async Task A_choice_field_without_options_is_named()
    {
        var (province, _, _) = await scenario.Hierarchy();
        await scenario.Item(province.DepartmentId, "HB-026");
        var error = await Fails(StatusCode.InvalidArgument, () => platform.CatalogClient.DefineFormAsync(new DefineFormRequest
        {
            DepartmentId = province.DepartmentId, Code = "HB-026", FormCode = "basic", Name = "基础检查表",
            Fields = { new FormField { Key = "finding", Label = "结果", Type = FieldType.Choice } },
        }, As(Scenario.StaffOf(province.DepartmentId))).ResponseAsync);
        Assert.StartsWith("fields[0].options:", error.Status.Detail);
    }

    [Fact]
    public async Task A_department_with_a_parent_at_the_wrong_level_is_refused()
    {
        var province = await scenario.Department("130000-EEB", DepartmentLevel.Province, "130000");
        var error = await Fails(StatusCode.InvalidArgument, () =>
            scenario.Department("130302-EEB", DepartmentLevel.County, "130302", province.DepartmentId));
        Assert.StartsWith("parent_id:", error.Status.Detail);
    }
}
