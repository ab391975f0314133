using System.Diagnostics;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shuangsuiji.Api.Catalog.V1;
using Shuangsuiji.Disclosure.ItemLists;
using Shuangsuiji.Platform.Tests.Infrastructure;
using Shuangsuiji.ServiceDefaults.Messaging;
using KnownJointItemList = Shuangsuiji.Tasks.JointItems.KnownJointItemList;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// The restore procedure of docs/operations.md: a service's database restored from a backup (pg_dump and psql here, a
/// CloudNativePG recovery in a cluster) catches up on what it had consumed after the backup when the publisher sends its
/// messages since then again (infra/dev.sh republish); the other consumers skip what they have.
/// </summary>
public sealed class RestoreTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);

    [Fact]
    public async Task A_service_restored_from_a_backup_catches_up_when_the_publisher_sends_its_messages_since_the_backup_again()
    {
        var office = await scenario.CountyOfficeDepartment("130322");
        var market = await scenario.Department("130322-AMR", Api.Directories.V1.DepartmentLevel.County, "130322");
        var health = await scenario.Department("130322-HC", Api.Directories.V1.DepartmentLevel.County, "130322");
        var food = await scenario.Item(market.DepartmentId, "SC-301", Scenario.Content("餐饮服务食品安全抽查"));
        var hygiene = await scenario.Item(health.DepartmentId, "WS-301", Scenario.Content("公共场所卫生抽查"));

        // The tasks service's database is backed up; then the county's joint-inspection item list is published, and the
        // tasks service and disclosure consume it.
        var schema = platform.Tasks.Services.GetRequiredService<IConfiguration>()["Marten:Schema"]!;
        var backupTaken = DateTimeOffset.UtcNow;
        var backup = Path.Combine(Path.GetTempPath(), $"tasks-{Guid.NewGuid():N}.sql");
        await Postgres("pg_dump", "--schema", schema, "--no-owner", "--file", backup);
        var list = await platform.CatalogClient.PublishJointItemListAsync(new PublishJointItemListRequest
        {
            Region = "130322",
            Items = { new JointItem { Code = "LH-31", Name = "餐饮单位联合抽查", ItemIds = { food.ItemId, hygiene.ItemId } } },
        }, As(office));
        await Eventually.Get(() => JointListAtTasks("130322"), known => known?.Version == list.Version, "the list at the tasks service");
        await Eventually.Get(() => DisclosureEvents("130322"), n => n == 1, "the list at disclosure");

        // Restored to the backup: the tasks service has lost the list, and the broker will not send it again.
        await platform.Stop("tasks");
        await using (var db = NpgsqlDataSource.Create(TestEnvironment.Postgres))
            await db.CreateCommand($"drop schema {schema} cascade").ExecuteNonQueryAsync();
        await Postgres("psql", "--quiet", "--set", "ON_ERROR_STOP=1", "--file", backup);
        File.Delete(backup);
        platform.Restart("tasks");
        Assert.Null(await JointListAtTasks("130322"));

        // The catalog publishes again what it stored since the backup: the tasks service catches up, disclosure skips it.
        var (events, messages) = await platform.Catalog.Services.GetRequiredService<EventRepublisher>().RepublishAsync(backupTaken, CancellationToken.None);
        Assert.True(events >= 1 && messages >= 1, $"republished {messages} messages of {events} events");
        await Eventually.Get(() => JointListAtTasks("130322"), known => known?.Version == list.Version, "the list at the restored tasks service");
        Assert.Equal("LH-31", (await JointListAtTasks("130322"))!.Items.Single().Code);
        await Eventually.Get(() => Task.FromResult(platform.Recorders["disclosure"].All.Count(m => m.Message is Contracts.Catalog.JointItemListPublished p && p.Region == "130322")),
            n => n == 2, "the list delivered to disclosure again");
        Assert.Equal(1, await DisclosureEvents("130322"));
    }

    private async Task<KnownJointItemList?> JointListAtTasks(string region)
    {
        await using var query = platform.Tasks.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await query.LoadAsync<KnownJointItemList>(region);
    }

    private async Task<int> DisclosureEvents(string region)
    {
        await using var query = platform.Disclosure.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await query.Events.FetchStreamAsync(PublicJointItemList.IdOf(region))).Count;
    }

    /// <summary>Runs one of PostgreSQL's client programs against the tests' database.</summary>
    private static async Task Postgres(string program, params string[] args)
    {
        var connection = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres);
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin", program)).Where(File.Exists).Order().LastOrDefault()
            ?? throw new InvalidOperationException($"{program} not found under /usr/lib/postgresql (infra/dev.sh installs PostgreSQL)");
        var start = new ProcessStartInfo(bin, ["--host", connection.Host!, "--port", $"{connection.Port}", "--username", connection.Username!,
            "--dbname", connection.Database!, .. args]) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["PGPASSWORD"] = connection.Password;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} failed: {await error}");
    }
}
