using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Marten.Services;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shuangsuiji.AuditTrail;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.Directories.Departments;
using Shuangsuiji.Disclosure;
using Shuangsuiji.Platform.Tests.Infrastructure;
using PublicDepartment = Shuangsuiji.Disclosure.ItemLists.PublicDepartment;

namespace Shuangsuiji.Platform.Tests;

/// <summary>An append that commits long after it took its sequence number is relayed and chained like any other.</summary>
public sealed class LateCommitTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);

    [Fact]
    public async Task An_event_committed_ten_seconds_after_its_sequence_number_was_taken_is_relayed_and_chained_and_the_relay_waits_for_it()
    {
        var directories = platform.Directories.Services;
        var log = directories.GetRequiredService<AuditLog>();
        var late = scenario.Id("130300-LATE");
        await using var connection = await directories.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var session = directories.GetRequiredService<IDocumentStore>().LightweightSession(SessionOptions.ForTransaction(transaction)))
        {
            session.Events.StartStream<Department>(late, new DepartmentCreated(late, "迟到的部门", DepartmentLevel.City, "130300", null, [],
                Scenario.Office, platform.Clock.GetUtcNow()));
            await session.SaveChangesAsync();
        }

        // A later append commits at once; the relay waits behind the open one instead of skipping its number.
        var after = await scenario.Department("130300-AFTER", Api.Directories.V1.DepartmentLevel.City, "130300");
        var afterEvent = await EventId(after.DepartmentId);
        await Task.Delay(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(platform.Recorders["disclosure"].All, c => c.MessageId == afterEvent);
        await transaction.CommitAsync();

        var lateEvent = await EventId(late);
        foreach (var e in new[] { lateEvent, afterEvent })
            await Eventually.Get(() => Task.FromResult(platform.Recorders["disclosure"].All.Count(c => c.MessageId == e)), n => n == 1,
                $"disclosure consuming event {e}");
        await using var chained = directories.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand($"select count(*) from {log.Chain} where stream_id = '{late}'");
        Assert.Equal(1L, await Eventually.Get(async () => (long)(await chained.ExecuteScalarAsync())!, n => n == 1, "the late event chained"));
        await using var query = platform.Disclosure.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Equal("迟到的部门", (await query.LoadAsync<PublicDepartment>(late))?.Name);
    }

    private async Task<Guid> EventId(string stream)
    {
        await using var events = platform.Directories.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return Assert.Single(await events.Events.FetchStreamAsync(stream)).Id;
    }
}

/// <summary>A consumer's database away for a minute: its messages wait and are handled once it is back, none parked.</summary>
public sealed class DatabaseOutageTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);

    [Fact]
    public async Task A_60_s_PostgreSQL_outage_leaves_no_message_in_an_error_queue()
    {
        var database = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres);
        using var gate = new TcpGate(database.Host!, database.Port);
        await platform.Stop("disclosure");
        await using var disclosure = platform.StartService<PublicRecordsApi>("disclosure",
            new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = gate.Port }.ConnectionString },
            replica: "behind-gate");

        gate.Close();
        var bus = platform.Directories.Services.GetRequiredService<IBus>();
        var departments = Enumerable.Range(1, 5).Select(i => scenario.Id($"130300-OUT{i}")).ToList();
        foreach (var id in departments)
            await bus.Publish(new DepartmentChanged(id, 1, "created", $"{id} 部门", "city", "130300", null, [], false, null, null, null, platform.Clock.GetUtcNow()));
        await Task.Delay(TimeSpan.FromSeconds(60));
        var handled = platform.Recorders["disclosure/behind-gate"].All.Where(c => c.Message is DepartmentChanged m && departments.Contains(m.DepartmentId)).ToList();
        Assert.True(handled.Count == 0, $"handled while the database was away: {string.Join("; ", handled.Select(c => c.Error?.ToString() ?? "no error"))}");
        gate.Open();

        await Eventually.Get(async () =>
        {
            await using var disclosureQuery = disclosure.Services.GetRequiredService<IDocumentStore>().QuerySession();
            return (await disclosureQuery.LoadManyAsync<PublicDepartment>(departments)).Count;
        }, n => n == departments.Count, "every department kept by disclosure after the outage", timeoutSeconds: 90);
        Assert.Equal(0, await platform.Bus.MessagesIn("disclosure-department-changed_error"));
        Assert.Empty(disclosure.Services.GetRequiredService<Shuangsuiji.ServiceDefaults.Messaging.ParkedMessages>().ByQueue);
    }
}

/// <summary>A message no retry can help is parked with an alert; after a fix, redrive moves the parked messages back.</summary>
public sealed class ParkedMessageTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private const string Queue = "disclosure-department-changed";
    private readonly Scenario scenario = new(platform);

    private IBus Bus => platform.Directories.Services.GetRequiredService<IBus>();

    private DepartmentChanged Changed(string id, string name) =>
        new(id, 1, "created", name, "city", "130300", null, [], false, null, null, null, platform.Clock.GetUtcNow());

    [Fact]
    public async Task A_poison_message_is_parked_with_an_alert_and_redrive_moves_the_parked_messages_back()
    {
        await Bus.Publish(Changed(null!, "坏消息"));
        await Eventually.Get(() => platform.Bus.MessagesIn($"{Queue}_error"), n => n == 1, "the poison message parked", timeoutSeconds: 60);
        using var http = platform.Disclosure.CreateClient();
        var health = await Eventually.Get(async () => await http.GetFromJsonAsync<JsonElement>("/health"),
            h => h.GetProperty("status").GetString() == "Degraded", "disclosure's health saying a message is parked");
        Assert.Equal($"messages parked since start: {Queue}_error 1",
            health.GetProperty("checks").GetProperty("parked-messages").GetProperty("description").GetString());

        // A message parked before a fix (its consumer failed then), beside the poison one, which fails again.
        var parked = scenario.Id("130300-PARKED");
        var send = await Bus.GetSendEndpoint(new Uri($"queue:{Queue}_error"));
        await send.Send(Changed(parked, "修复后处理的部门"));
        await Eventually.Get(() => platform.Bus.MessagesIn($"{Queue}_error"), n => n == 2, "two messages parked");

        var (exit, output) = await Redrive(Queue);
        Assert.True(exit == 0, output);
        Assert.Contains($"2 parked message(s) moved from {Queue}_error back to {Queue}", output);
        await using var query = platform.Disclosure.Services.GetRequiredService<IDocumentStore>().QuerySession();
        await Eventually.Get(async () => await query.LoadAsync<PublicDepartment>(parked), d => d?.Name == "修复后处理的部门",
            "the redriven department at disclosure");
        await Eventually.Get(() => platform.Bus.MessagesIn($"{Queue}_error"), n => n == 1, "the poison message parked again");
    }

    /// <summary>Runs <c>infra/dev.sh redrive</c> against this class's virtual host on the test broker.</summary>
    private async Task<(int Exit, string Output)> Redrive(string queue)
    {
        var management = TestEnvironment.RabbitManagement;
        var credentials = Uri.UnescapeDataString(management.UserInfo).Split(':', 2);
        var start = new ProcessStartInfo("bash", [Path.Combine(TestEnvironment.RepositoryRoot, "infra", "dev.sh"), "redrive", queue])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["SSYG_RABBIT_MGMT_URL"] = management.GetLeftPart(UriPartial.Authority),
                ["SSYG_AMQP_USER"] = credentials[0],
                ["SSYG_AMQP_PASSWORD"] = credentials[1],
                ["SSYG_REDRIVE_VHOST"] = platform.Bus.Name,
            },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}
