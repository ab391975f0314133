using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Departments;

public sealed class RegionsTests
{
    [Theory]
    [InlineData("130000", "13")]
    [InlineData("130300", "1303")]
    [InlineData("130302", "130302")]
    public void A_regions_trailing_zero_pairs_widen_it(string region, string prefix) => Assert.Equal(prefix, Regions.Prefix(region));

    [Theory]
    [InlineData("130300", "130302", true)]
    [InlineData("130300", "130300", true)]
    [InlineData("130000", "130321", true)]
    [InlineData("130302", "130302", true)]
    [InlineData("130302", "130303", false)]
    [InlineData("130302", "130300", false)]
    [InlineData("130300", "130400", false)]
    public void A_county_lies_in_its_city_and_not_in_another_county(string region, string division, bool within) =>
        Assert.Equal(within, Regions.Contains(region, division));

    [Theory]
    [InlineData("130302", "130300")]
    [InlineData("130321", "130300")]
    [InlineData("130300", "130000")]
    [InlineData("130000", null)]
    public void The_region_one_level_up(string region, string? above) => Assert.Equal(above, Regions.Above(region));
}
