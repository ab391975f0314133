using System.Text.Json;
using Shuangsuiji.Contracts.Directories;

namespace Shuangsuiji.Domain.Tests.Entities;

public sealed class MarketEntityInfoJsonTests
{
    // As the bus writes messages: web defaults (camelCase).
    private static readonly JsonSerializerOptions Bus = new(JsonSerializerDefaults.Web);

    private static readonly MarketEntityInfo Classed = new("91130302MA0000001A", "秦皇岛\"海港\"食品, 有限公司", "enterprise", "H62", "130302", "active",
        "130302-AMR", ["food/seller", "tourism-season/scenic-area"], ["130300-AMR/food-licensed"], "C", new DateOnly(2022, 7, 1), 3);

    private static readonly MarketEntityInfo Unclassed = new("92130303MA0000002B", "个体户", "individual_business", "F52", "130303", "deregistered",
        "130303-AMR", [], [], null, null, 1);

    private static void AssertSame(MarketEntityInfo expected, MarketEntityInfo actual)
    {
        Assert.Equal(expected with { Tags = [], SubLibraries = [] }, actual with { Tags = [], SubLibraries = [] });
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.SubLibraries, actual.SubLibraries);
    }

    [Fact]
    public void A_message_carries_each_entity_as_an_array_of_its_fields_and_reads_back_the_same()
    {
        var message = new MarketEntitiesChanged([Classed, Unclassed], "imported", DateTimeOffset.UnixEpoch);
        var json = JsonSerializer.Serialize(message, Bus);
        Assert.DoesNotContain("\"uscc\"", json);
        Assert.Contains("[\"92130303MA0000002B\",\"个体户\",\"individual_business\",\"F52\",\"130303\",\"deregistered\",\"130303-AMR\",[],[],null,null,1]",
            JsonSerializer.Serialize(Unclassed, new JsonSerializerOptions(Bus) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        var read = JsonSerializer.Deserialize<MarketEntitiesChanged>(json, Bus)!;
        Assert.Equal(2, read.Entities.Count);
        AssertSame(Classed, read.Entities[0]);
        AssertSame(Unclassed, read.Entities[1]);
    }

    [Fact]
    public void An_entity_written_as_an_object_as_before_is_still_read()
    {
        var before = JsonSerializer.Serialize(new
        {
            uscc = Classed.Uscc, name = Classed.Name, type = Classed.Type, industry = Classed.Industry, division = Classed.Division, status = Classed.Status,
            registeringAuthority = Classed.RegisteringAuthority, tags = Classed.Tags, subLibraries = Classed.SubLibraries, riskClass = Classed.RiskClass,
            riskClassSince = Classed.RiskClassSince, version = Classed.Version,
        }, Bus);
        AssertSame(Classed, JsonSerializer.Deserialize<MarketEntityInfo>(before, Bus)!);
    }

    [Theory]
    [InlineData("[\"91130302MA0000001A\",\"n\",\"enterprise\",\"H62\",\"130302\",\"active\",\"a\",[],[],null,null]")]
    [InlineData("[\"91130302MA0000001A\",\"n\",\"enterprise\",\"H62\",\"130302\",\"active\",\"a\",[],[],null,null,1,2]")]
    [InlineData("[null,\"n\",\"enterprise\",\"H62\",\"130302\",\"active\",\"a\",[],[],null,null,1]")]
    [InlineData("[\"91130302MA0000001A\",\"n\",\"enterprise\",\"H62\",\"130302\",\"active\",\"a\",\"food/seller\",[],null,null,1]")]
    [InlineData("\"91130302MA0000001A\"")]
    public void A_malformed_entity_is_a_json_error_not_a_half_read_entity(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<MarketEntityInfo>(json, Bus));
}
