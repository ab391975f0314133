using Shuangsuiji.Catalog.Departments;
using Shuangsuiji.Catalog.Items;
using Shuangsuiji.ServiceDefaults.Grpc;
using static Shuangsuiji.Domain.Tests.Given;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Items;

public sealed class ItemDeciderTests
{
    public static readonly Department Province = new("130000-AMR", "河北省市场监督管理局", "province", "130000", null, [], false, 1);
    public static readonly Department City = new("130300-AMR", "秦皇岛市市场监督管理局", "city", "130300", "130000-AMR", ["XYJG"], false, 1);
    public static readonly Department County = new("130302-AMR", "海港区市场监督管理局", "county", "130302", "130300-AMR", [], false, 1);
    private static readonly Caller ProvinceStaff = new("p1", "130000-AMR", Roles.Staff);

    public static readonly ItemContent Content = new(
        "企业公示信息抽查", ItemKind.General, "《企业信息公示暂行条例》第十四条", null, "企业年度报告公示信息", "书面检查、实地核查",
        ["enterprise"], ["C", "F51"], "HB-SCJG-001");

    public static InspectionItem ProvinceItem(params object[] more) => State<InspectionItem>(
        [new ItemCreated("130000-AMR:HB-001", "130000-AMR", "HB-001", Content, new DateOnly(2022, 1, 1), ProvinceStaff, Now), .. more]);

    [Fact]
    public void Staff_add_an_item_to_their_own_list()
    {
        var created = Single<ItemCreated>(ItemDecider.Create(null, City,
            new CreateItem("130300-AMR", "QHD-001", Content with { InternalUnit = "XYJG" }, new DateOnly(2022, 3, 1)), As("130300-AMR")));
        Assert.Equal("130300-AMR:QHD-001", created.ItemId);
        Assert.Equal("XYJG", created.Content.InternalUnit);
    }

    [Theory]
    [InlineData("130302-AMR", Roles.Staff)]      // another department
    [InlineData("130300-AMR", Roles.Supervisor)]  // the office does not keep departments' lists
    [InlineData("130300-AMR", Roles.Reviewer)]
    public void Only_the_departments_own_staff_keep_its_list(string department, string role) =>
        Assert.Throws<ForbiddenException>(() => ItemDecider.Create(null, City,
            new CreateItem("130300-AMR", "QHD-001", Content, new DateOnly(2022, 3, 1)), As(department, role)));

    [Fact]
    public void An_unknown_department_is_named() =>
        Assert.Equal("department_id", Assert.Throws<InvalidFieldException>(() => ItemDecider.Create(null, null,
            new CreateItem("130399-XYZ", "QHD-001", Content, new DateOnly(2022, 3, 1)), As("130399-XYZ"))).Field);

    [Fact]
    public void A_code_already_on_the_list_is_refused() =>
        Assert.Throws<AlreadyExistsException>(() => ItemDecider.Create(ProvinceItem(), Province,
            new CreateItem("130000-AMR", "HB-001", Content, new DateOnly(2022, 3, 1)), As("130000-AMR")));

    [Theory]
    [InlineData("content.internal_unit")]
    [InlineData("content.entity_types[1]")]
    [InlineData("content.industries[0]")]
    [InlineData("content.legal_basis")]
    public void Bad_content_names_its_field(string field)
    {
        var content = field switch
        {
            "content.internal_unit" => Content with { InternalUnit = "NOPE" },
            "content.entity_types[1]" => Content with { EntityTypes = ["enterprise", "company"] },
            "content.industries[0]" => Content with { Industries = ["Z99"] },
            _ => Content with { LegalBasis = " " },
        };
        var error = Assert.Throws<InvalidFieldException>(() =>
            ItemDecider.Create(null, City, new CreateItem("130300-AMR", "QHD-001", content, new DateOnly(2022, 3, 1)), As("130300-AMR")));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void An_amendment_cannot_take_effect_before_the_latest_revision()
    {
        var error = Assert.Throws<InvalidFieldException>(() => ItemDecider.Amend(ProvinceItem(), Province,
            new AmendItem("130000-AMR", "HB-001", Content, "法规修订", new DateOnly(2021, 12, 31)), As("130000-AMR")));
        Assert.Equal("effective_on", error.Field);
    }

    [Fact]
    public void Amendments_keep_history_and_take_effect_on_their_date()
    {
        var amendedContent = Content with { Method = "网络监测" };
        var amended = Single<ItemAmended>(ItemDecider.Amend(ProvinceItem(), Province,
            new AmendItem("130000-AMR", "HB-001", amendedContent, "法规修订", new DateOnly(2022, 6, 1)), As("130000-AMR")));
        var item = ProvinceItem(amended);
        Assert.Equal(2, item.Version);
        Assert.Equal(["created", "amended"], item.Revisions.Select(r => r.Change));
        Assert.Equal("书面检查、实地核查", item.RevisionOn(new DateOnly(2022, 5, 31))!.Content!.Method);
        Assert.Equal("网络监测", item.RevisionOn(new DateOnly(2022, 6, 1))!.Content!.Method);
    }

    [Fact]
    public void A_retired_item_is_retired_from_its_date_and_cannot_be_changed()
    {
        var item = ProvinceItem(new ItemRetired("130000-AMR:HB-001", "法律废止", new DateOnly(2022, 7, 1), ProvinceStaff, Now));
        Assert.Equal(ItemStatus.InForce, item.StatusOn(new DateOnly(2022, 6, 30)));
        Assert.Equal(ItemStatus.Retired, item.StatusOn(new DateOnly(2022, 7, 1)));
        Assert.Throws<RuleViolationException>(() => ItemDecider.Retire(item, Province,
            new RetireItem("130000-AMR", "HB-001", "again", new DateOnly(2022, 8, 1)), As("130000-AMR")));
    }

    [Fact]
    public void An_item_is_pending_until_its_effective_date() =>
        Assert.Equal(ItemStatus.Pending, ProvinceItem().StatusOn(new DateOnly(2021, 12, 31)));

    [Fact]
    public void A_city_claims_an_item_of_its_province_and_may_mark_it_key()
    {
        var claimed = Single<ItemClaimed>(ItemDecider.Claim(null, City, new ItemView(ProvinceItem(), []),
            new ClaimItem("130300-AMR", "130000-AMR:HB-001", ItemKind.Key), As("130300-AMR")));
        Assert.Equal(("130300-AMR:HB-001", "130000-AMR:HB-001", ItemKind.Key), (claimed.ItemId, claimed.SourceItemId, claimed.LocalKind));
    }

    [Fact]
    public void A_county_cannot_claim_from_its_province_directly()
    {
        var error = Assert.Throws<InvalidFieldException>(() => ItemDecider.Claim(null, County, new ItemView(ProvinceItem(), []),
            new ClaimItem("130302-AMR", "130000-AMR:HB-001", null), As("130302-AMR")));
        Assert.Equal("source_item_id", error.Field);
        Assert.Contains("130300-AMR", error.Message);
    }

    [Fact]
    public void A_missing_source_is_named() =>
        Assert.Equal("source_item_id", Assert.Throws<InvalidFieldException>(() => ItemDecider.Claim(null, City, null,
            new ClaimItem("130300-AMR", "130000-AMR:NOPE", null), As("130300-AMR"))).Field);

    [Fact]
    public void A_retired_item_cannot_be_claimed()
    {
        var retired = ProvinceItem(new ItemRetired("130000-AMR:HB-001", "废止", new DateOnly(2022, 7, 1), ProvinceStaff, Now));
        Assert.Throws<RuleViolationException>(() => ItemDecider.Claim(null, City, new ItemView(retired, []),
            new ClaimItem("130300-AMR", "130000-AMR:HB-001", null), As("130300-AMR")));
    }

    [Fact]
    public void Only_key_may_be_set_locally() =>
        Assert.Equal("local_kind", Assert.Throws<InvalidFieldException>(() => ItemDecider.Claim(null, City, new ItemView(ProvinceItem(), []),
            new ClaimItem("130300-AMR", "130000-AMR:HB-001", ItemKind.General), As("130300-AMR"))).Field);

    [Fact]
    public void A_withdrawn_claim_can_be_claimed_again_but_a_live_one_cannot()
    {
        var claim = new ItemClaimed("130300-AMR:HB-001", "130300-AMR", "HB-001", "130000-AMR:HB-001", null, ProvinceStaff, Now);
        var source = new ItemView(ProvinceItem(), []);
        var command = new ClaimItem("130300-AMR", "130000-AMR:HB-001", null);
        Assert.Throws<AlreadyExistsException>(() => ItemDecider.Claim(State<InspectionItem>(claim), City, source, command, As("130300-AMR")));
        var withdrawn = State<InspectionItem>(claim, new ClaimWithdrawn(claim.ItemId, "不再适用", ProvinceStaff, Now));
        var again = Single<ItemClaimed>(ItemDecider.Claim(withdrawn, City, source, command, As("130300-AMR")));
        Assert.False(State<InspectionItem>(claim, new ClaimWithdrawn(claim.ItemId, "x", ProvinceStaff, Now), again).Withdrawn);
    }

    [Fact]
    public void Own_items_are_retired_not_withdrawn() =>
        Assert.Throws<RuleViolationException>(() => ItemDecider.Withdraw(ProvinceItem(), Province,
            new WithdrawClaim("130000-AMR", "HB-001", "x"), As("130000-AMR")));

    [Fact]
    public void A_claim_cannot_be_amended_by_the_claiming_department()
    {
        var claim = State<InspectionItem>(new ItemClaimed("130300-AMR:HB-001", "130300-AMR", "HB-001", "130000-AMR:HB-001", null, ProvinceStaff, Now));
        Assert.Throws<RuleViolationException>(() => ItemDecider.Amend(claim, City,
            new AmendItem("130300-AMR", "HB-001", Content, "改", new DateOnly(2022, 6, 1)), As("130300-AMR")));
    }
}
