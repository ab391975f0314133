using Marten;
using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Draws.V1;
using Shuangsuiji.Draws.Candidates;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>A joint draw prepared through the gateway, as the draw engine's own tests prepare one, for tests of what follows.</summary>
public static class DrawScenario
{
    /// <summary>
    /// A county's market bureau (the lead) and environment bureau, once the draw engine knows both, and a draw they
    /// prepare together over the county (its candidates do not matter here).
    /// </summary>
    public static async Task<(string DrawId, string Lead, string Partner)> JointDraw(this Scenario scenario, PlatformFixture platform, string region)
    {
        var lead = (await scenario.Department($"{region}-AMR", DepartmentLevel.County, region)).DepartmentId;
        var partner = (await scenario.Department($"{region}-EEB", DepartmentLevel.County, region)).DepartmentId;
        var store = platform.Draws.Services.GetRequiredService<IDocumentStore>();
        await Eventually.Get(async () =>
        {
            await using var query = store.QuerySession();
            return (await query.LoadManyAsync<DrawDepartment>(lead, partner)).Count;
        }, known => known == 2, "both departments at the draw engine");
        var draw = await new Api.Draws.V1.Draws.DrawsClient(platform.GatewayChannel).PrepareDrawAsync(new PrepareDrawRequest
        {
            TaskId = scenario.Id("task"), DepartmentIds = { lead, partner }, ItemIds = { "HBSC-001" },
            Strata = { new Stratum { Label = "D", RiskClasses = { "D" }, Count = 1 } },
        }, As(Scenario.StaffOf(lead)));
        return (draw.DrawId, lead, partner);
    }
}
