using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Departments;

public sealed class RegionsTests
{
    [Theory]
    [InlineData("130000", "13")]
    [InlineData("130300", "1303")]
    [InlineData("130302", "130302")]
    public void A_regions_prefix_drops_the_levels_below_it(string region, string prefix) => Assert.Equal(prefix, Regions.Prefix(region));

    [Theory]
    [InlineData("130302", "130300", true)]   // a county within its city
    [InlineData("130300", "130300", true)]
    [InlineData("130302", "130302", true)]
    [InlineData("130303", "130302", false)]  // the next county
    [InlineData("130300", "130302", false)]  // the city is not within its county
    [InlineData("130402", "130300", false)]  // another city's county
    [InlineData("", "130300", false)]
    [InlineData("130302", "", false)]        // nothing lies within no region
    public void A_division_lies_within_a_region_by_its_code(string division, string region, bool within) =>
        Assert.Equal(within, Regions.Within(division, region));

    [Theory]
    [InlineData("130000", true)]
    [InlineData("130300", true)]
    [InlineData("130302", false)]
    [InlineData("", false)]
    public void Only_a_city_or_a_province_is_city_wide(string region, bool cityWide) => Assert.Equal(cityWide, Regions.CityOrWider(region));

    [Theory]
    [InlineData("130302", "130300")]
    [InlineData("130321", "130300")]
    [InlineData("130300", "130000")]
    [InlineData("130000", null)]
    public void The_region_one_level_up(string region, string? above) => Assert.Equal(above, Regions.Above(region));
}
