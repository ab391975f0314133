using Marten;
using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Draws.V1;
using Shuangsuiji.Draws.Candidates;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>A joint draw prepared through the gateway as the rules make one (<see cref="DrawCeremony"/>), for tests of what follows.</summary>
public static class DrawScenario
{
    /// <summary>
    /// A county's market bureau (the lead) and environment bureau, once the draw engine knows both, and the draw of their
    /// ready joint task over the county (one class-D entity asked; its candidates do not matter here): the city office is
    /// its third party, its secret kept by the engine.
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
        var ceremony = new DrawCeremony(platform, scenario);
        var task = await ceremony.ReadyTask(lead, [partner]);
        var draw = await ceremony.Prepare(ceremony.Request(task, new Stratum { Label = "D", RiskClasses = { "D" }, Count = 1 }), As(Scenario.StaffOf(lead)));
        return (draw.DrawId, lead, partner);
    }
}
