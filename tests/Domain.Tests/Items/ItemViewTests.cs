using Shuangsuiji.Catalog.Items;
using static Shuangsuiji.Domain.Tests.Given;
using static Shuangsuiji.Domain.Tests.Items.ItemDeciderTests;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Items;

public sealed class ItemViewTests
{
    private static readonly Caller Staff = new("u", "x", Roles.Staff);

    private static InspectionItem Claim(string department, string source, ItemKind? localKind = null, params object[] more) =>
        State<InspectionItem>([new ItemClaimed($"{department}:HB-001", department, "HB-001", source, localKind, Staff, Now), .. more]);

    [Fact]
    public void A_county_claim_shows_the_province_content_with_the_city_local_kind()
    {
        var city = Claim("130300-AMR", "130000-AMR:HB-001", ItemKind.Key);
        var county = Claim("130302-AMR", "130300-AMR:HB-001");
        var view = new ItemView(county, [city, ProvinceItem()]);
        var content = view.ContentOn(new DateOnly(2022, 3, 1))!;
        Assert.Equal(Content.Name, content.Name);
        Assert.Equal(ItemKind.Key, content.Kind);
        Assert.Equal(ItemStatus.InForce, view.StatusOn(new DateOnly(2022, 3, 1)));
    }

    [Fact]
    public void Retiring_the_source_retires_every_claim_from_that_date()
    {
        var source = ProvinceItem(new ItemRetired("130000-AMR:HB-001", "废止", new DateOnly(2022, 7, 1), Staff, Now));
        var view = new ItemView(Claim("130300-AMR", "130000-AMR:HB-001"), [source]);
        Assert.Equal(ItemStatus.InForce, view.StatusOn(new DateOnly(2022, 6, 30)));
        Assert.Equal(ItemStatus.Retired, view.StatusOn(new DateOnly(2022, 7, 1)));
        Assert.Equal(new DateOnly(2022, 7, 1), view.RetiredOn);
        Assert.True(view.Closed());
    }

    [Fact]
    public void A_withdrawn_claim_is_withdrawn_whatever_its_source()
    {
        var claim = Claim("130300-AMR", "130000-AMR:HB-001", null, new ClaimWithdrawn("130300-AMR:HB-001", "不适用", Staff, Now));
        Assert.Equal(ItemStatus.Withdrawn, new ItemView(claim, [ProvinceItem()]).StatusOn(new DateOnly(2022, 3, 1)));
    }
}
