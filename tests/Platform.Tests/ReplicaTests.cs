using Grpc.Net.Client;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.AuditTrail;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.Platform.Tests.Infrastructure;
using Shuangsuiji.ServiceDefaults;
using Shuangsuiji.ServiceDefaults.Messaging;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// Two hosts of a service on one store and one broker, as two replicas in a cluster: the daemon's subscriptions (the
/// relay, the audit chain) run on one of them, every event is published once, and when that host goes the other takes
/// over with nothing lost.
/// </summary>
public sealed class ReplicaTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);
    private readonly AuditLog log = platform.Directories.Services.GetRequiredService<AuditLog>();

    [Fact]
    public async Task Two_hosts_publish_every_event_once_and_the_other_takes_over_when_the_leader_stops()
    {
        await using var second = platform.StartService<Shuangsuiji.Directories.Departments.DepartmentsApi>("directories", replica: "second");
        var hosts = new Dictionary<string, ServiceHost<Shuangsuiji.Directories.Departments.DepartmentsApi>> { ["first"] = platform.Directories, ["second"] = second };
        var leader = await Eventually.Get(() => Task.FromResult(hosts.Where(h => Runs(h.Value, EventRelay.SubscriptionKey)).Select(h => h.Key).ToList()),
            l => l.Count == 1, "one host running the relay");
        Assert.Single(hosts, h => Runs(h.Value, AuditChainWriter.SubscriptionName));

        // Commands go to both hosts; every event is published once, by the one relay.
        var departments = new List<string>();
        for (var i = 0; i < 10; i++)
            foreach (var host in hosts.Values)
                departments.Add(await Create(host, $"130300-R{departments.Count:D2}"));
        var events = await EventIds(departments);
        await Consumed(events);
        await RelayedUpTo(await HighestSequence());
        Assert.All(events, e => Assert.Equal(1, platform.Recorders["disclosure"].All.Count(c => c.MessageId == e)));

        // The leader stops while the other host takes commands: the other takes the relay and the chain over, and every event
        // is published and chained.
        var follower = hosts.Keys.Single(k => k != leader[0]);
        var made = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var burst = Task.Run(async () =>
        {
            for (var i = 0; i < 30; i++) made.Enqueue(await Create(hosts[follower], $"130300-T{i:D2}"));
        });
        await Eventually.Get(() => Task.FromResult(made.Count), n => n >= 5, "the burst under way");
        if (leader[0] == "first") await platform.Stop("directories");
        else await second.DisposeAsync();
        await burst;
        departments.AddRange(made);

        await Eventually.Get(() => Task.FromResult(Runs(hosts[follower], EventRelay.SubscriptionKey) && Runs(hosts[follower], AuditChainWriter.SubscriptionName)),
            r => r, "the relay and the chain moving to the other host");
        events = await EventIds(departments);
        await Consumed(events);
        var highest = await HighestSequence();
        await Eventually.Get(() => Scalar($"""
            select count(*) from {log.Events} e where e.seq_id <= {highest} and not exists (select from {log.Chain} c where c.seq_id = e.seq_id)
            """), n => n == 0, "every event chained");
        await using var query = platform.Disclosure.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Equal(departments.Count, (await query.LoadManyAsync<Shuangsuiji.Disclosure.ItemLists.PublicDepartment>(departments)).Count);
    }

    private static bool Runs<T>(ServiceHost<T> host, string subscription) where T : class
    {
        try
        {
            return host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase().CurrentAgents()
                .Any(a => a.Name.Identity.StartsWith(subscription + ":", StringComparison.Ordinal));
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private async Task<string> Create(ServiceHost<Shuangsuiji.Directories.Departments.DepartmentsApi> host, string code)
    {
        using var channel = GrpcChannel.ForAddress(host.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = host.Server.CreateHandler() });
        var created = await new Shuangsuiji.Api.Directories.V1.Departments.DepartmentsClient(channel).CreateDepartmentAsync(new CreateDepartmentRequest
        {
            DepartmentId = scenario.Id(code), Name = $"{code} 部门", Level = DepartmentLevel.City, RegionCode = "130300",
        }, As(Scenario.Office));
        return created.DepartmentId;
    }

    private async Task<List<Guid>> EventIds(IEnumerable<string> streams)
    {
        var ids = new List<Guid>();
        await using var command = Db.CreateCommand($"select id from {log.Events} where stream_id = any($1)");
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. streams] });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return ids;
    }

    private NpgsqlDataSource Db => platform.Disclosure.Services.GetRequiredService<NpgsqlDataSource>();

    private Task Consumed(IReadOnlyCollection<Guid> events) =>
        Eventually.Get(() => Task.FromResult(events.Count(e => platform.Recorders["disclosure"].All.Any(c => c.MessageId == e && c.MessageType == typeof(DepartmentChanged)))),
            n => n == events.Count, $"disclosure consuming the {events.Count} departments' messages");

    private async Task<long> Scalar(string sql)
    {
        await using var command = Db.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private Task<long> HighestSequence() => Scalar($"select coalesce(max(seq_id), 0) from {log.Events}");

    private Task RelayedUpTo(long sequence) =>
        Eventually.Get(() => Scalar($"select coalesce(max(last_seq_id), 0) from {log.Progression} where name = '{EventRelay.SubscriptionKey}:All'"),
            n => n >= sequence, "the relay's checkpoint reaching the last event");
}

/// <summary>The periodic watches of a service's hosts: one host scans at a time, another once it stops.</summary>
public sealed class ScanLeadershipTests
{
    [Fact]
    public async Task A_watch_runs_on_one_host_at_a_time_and_moves_when_its_host_stops()
    {
        await using var db = ScanLeadership.LockConnections(TestEnvironment.Postgres, "tests");
        var name = $"watch-{Guid.NewGuid():N}";
        var first = new ScanLeadership(db, name);
        await using var second = new ScanLeadership(db, name);
        Assert.True(await first.HoldAsync(CancellationToken.None));
        Assert.True(await first.HoldAsync(CancellationToken.None));
        Assert.False(await second.HoldAsync(CancellationToken.None));
        await first.DisposeAsync();
        await Eventually.Get(() => second.HoldAsync(CancellationToken.None), held => held, "the second taking the watch over");
    }
}

/// <summary>
/// Two hosts of the draw engine: a draw prepared on the one that did not consume the latest entity change draws from it,
/// because a host's candidate index catches up from the candidate table before every draw.
/// </summary>
public sealed class DrawReplicaTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);

    [Fact]
    public async Task A_draw_prepared_on_the_replica_that_did_not_consume_the_latest_entity_change_draws_from_it()
    {
        var ceremony = new DrawCeremony(platform, scenario);
        // The second host refreshes its index on its own once an hour: whatever it knows later, it read before the draw.
        await using var second = platform.StartService<Shuangsuiji.Draws.Drawing.DrawsApi>("draws",
            new Dictionary<string, string?> { ["Draws:CandidateRefreshSeconds"] = "3600" }, replica: "second");
        var amr = (await scenario.Department("130305-AMR", DepartmentLevel.County, "130305")).DepartmentId;
        var entities = await ceremony.Entities(amr, "130305", 4); // four each of classes A, B and D
        var task = await ceremony.ReadyTask(amr, []);

        // Its consumers stop, as if the broker gave every later message to the first host: the first alone hears that one
        // class-A entity rose to D.
        await second.Services.GetRequiredService<MassTransit.IBusControl>().StopAsync();
        await platform.Upload(amr, "risk_classes", $"uscc,risk_class,effective_on\n{entities[0]},D,2022-07-01\n");
        await Eventually.Get(() => Task.FromResult(platform.Recorders["draws"].All.Any(m =>
            m.Message is MarketEntitiesChanged c && c.Entities.Any(e => e.Uscc == entities[0] && e.RiskClass == "D"))), c => c, "the first host consuming the change");
        Assert.DoesNotContain(platform.Recorders["draws/second"].All, m => m.Message is MarketEntitiesChanged c && c.Entities.Any(e => e.Uscc == entities[0] && e.RiskClass == "D"));

        var request = ceremony.Request(task, new Shuangsuiji.Api.Draws.V1.Stratum { Label = "A", RiskClasses = { "A" }, Count = 1 },
            new Shuangsuiji.Api.Draws.V1.Stratum { Label = "D", RiskClasses = { "D" }, Count = 1 });
        // As the tasks service sends it: the task's departments and items named.
        request.DepartmentIds.Add(amr);
        request.ItemIds.Add(DrawCeremony.Item(amr));
        var staff = As(Scenario.StaffOf(amr));
        using var channel = GrpcChannel.ForAddress(second.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = second.Server.CreateHandler() });
        var prepared = await new Shuangsuiji.Api.Draws.V1.Draws.DrawsClient(channel).PrepareDrawAsync(request, staff);

        Assert.Equal([("A", 3), ("D", 5)], prepared.Strata.Select(s => (s.Label, s.CandidateCount)));
        // The same lists the host that consumed the change has.
        var there = await new Shuangsuiji.Api.Draws.V1.Draws.DrawsClient(platform.GatewayChannel).PreviewDrawAsync(request, staff);
        Assert.Equal(there.Strata.Select(s => s.CandidatesSha256), prepared.Strata.Select(s => s.CandidatesSha256));
    }
}
