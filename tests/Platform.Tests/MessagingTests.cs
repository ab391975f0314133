using System.Text;
using Grpc.Net.Client;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Disclosure.V1;
using Shuangsuiji.Contracts.Directories;
using PublicDepartment = Shuangsuiji.Disclosure.ItemLists.PublicDepartment;
using Shuangsuiji.Platform.Tests.Infrastructure;
using Shuangsuiji.Kernel;
using Shuangsuiji.ServiceDefaults.Messaging;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>The relay and the consumers: attribution, idempotence, retries and the error queue.</summary>
public sealed class MessagingTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);

    private IBus Bus => platform.Directories.Services.GetRequiredService<IBus>();

    private DepartmentChanged Changed(string id, long version, string name) =>
        new(id, version, version == 1 ? "created" : "renamed", name, "city", "130300", null, [], false, null, null, null, platform.Clock.GetUtcNow());

    private Task<MessageRecorder.Consumed> ConsumedByDisclosure(Guid messageId, int times = 1) =>
        Eventually.Get(() => Task.FromResult(platform.Recorders["disclosure"].All.Where(c => c.MessageId == messageId).ToList()),
            c => c.Count >= times, $"disclosure consuming {messageId} {times}×").ContinueWith(t => t.Result[^1]);

    [Fact]
    public async Task Processed_records_older_than_the_retention_are_deleted_and_recent_ones_kept()
    {
        var services = platform.Directories.Services;
        var store = services.GetRequiredService<IDocumentStore>();
        string old = $"old-{Guid.NewGuid():N}", recent = $"recent-{Guid.NewGuid():N}", oldRequest = $"request-{Guid.NewGuid():N}";
        await using (var session = store.LightweightSession())
        {
            session.Store(new ProcessedMessage(old, "Test", platform.Clock.GetUtcNow()), new ProcessedMessage(recent, "Test", platform.Clock.GetUtcNow()));
            session.Store(new ServiceDefaults.EventStore.ProcessedRequest(oldRequest, "test:stream", platform.Clock.GetUtcNow()));
            await session.SaveChangesAsync();
        }
        // Written eight days ago, as the database tells time (the retention counts by it).
        var db = services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        foreach (var (type, id) in new[] { (typeof(ProcessedMessage), old), (typeof(ServiceDefaults.EventStore.ProcessedRequest), oldRequest) })
        {
            await using var backdate = db.CreateCommand(
                $"update {store.Options.FindOrResolveDocumentType(type).TableName.QualifiedName} set mt_last_modified = now() - interval '8 days' where id = $1");
            backdate.Parameters.Add(new Npgsql.NpgsqlParameter { Value = id });
            Assert.Equal(1, await backdate.ExecuteNonQueryAsync());
        }

        var retention = services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<ServiceDefaults.EventStore.ProcessedRecordsRetention>().Single();
        Assert.True(await retention.PruneAsync(CancellationToken.None) >= 2);
        await using var query = store.QuerySession();
        Assert.Null(await query.LoadAsync<ProcessedMessage>(old));
        Assert.Null(await query.LoadAsync<ServiceDefaults.EventStore.ProcessedRequest>(oldRequest));
        Assert.NotNull(await query.LoadAsync<ProcessedMessage>(recent));
    }

    [Fact]
    public async Task Every_event_carries_its_caller_and_its_message_id_is_the_event_id()
    {
        var correlation = Guid.NewGuid().ToString("N");
        var call = platform.Departments.CreateDepartmentAsync(new CreateDepartmentRequest
        {
            DepartmentId = scenario.Id("130300-HWS"), Name = "秦皇岛市卫生健康委员会", Level = DepartmentLevel.City, RegionCode = "130300",
        }, As(Scenario.Office, correlation));
        var department = await call;
        // The gateway named the call, and the name is the event's cause.
        var requestId = (await call.ResponseHeadersAsync).GetValue(CommandContext.RequestIdHeader);

        await using var events = platform.Directories.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var created = Assert.Single(await events.Events.FetchStreamAsync(department.DepartmentId));
        Assert.Equal(Scenario.Office.UserId, created.UserName);
        Assert.Equal(Scenario.Office.DepartmentId, created.GetHeader("department")?.ToString());
        Assert.Equal(Scenario.Office.Role, created.GetHeader("role")?.ToString());
        Assert.Equal(correlation, created.CorrelationId);
        Assert.Equal(CommandContext.NamedRequest + requestId, created.CausationId);

        var consumed = await ConsumedByDisclosure(created.Id);
        Assert.Equal(typeof(DepartmentChanged), consumed.MessageType);
        Assert.Equal(Scenario.Office.UserId, consumed.Headers[RelayHeaders.User]);
        Assert.Equal(Scenario.Office.DepartmentId, consumed.Headers[RelayHeaders.Department]);
        Assert.Equal(correlation, consumed.Headers[RelayHeaders.CorrelationId]);
    }

    [Fact]
    public async Task A_redelivered_message_changes_nothing()
    {
        var id = scenario.Id("130300-DUP");
        var messageId = NewId.NextGuid();
        await Bus.Publish(Changed(id, 1, "第一次"), c => c.MessageId = messageId);
        await ConsumedByDisclosure(messageId);
        // Same message id again, as a redelivery would bring it; even a newer version inside must not be applied.
        await Bus.Publish(Changed(id, 2, "第二次"), c => c.MessageId = messageId);
        await ConsumedByDisclosure(messageId, times: 2);

        await using var query = platform.Disclosure.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var department = await query.LoadAsync<PublicDepartment>(id);
        Assert.Equal(("第一次", 1L), (department!.Name, department.SourceVersion));
        Assert.Equal(1, await query.Query<ProcessedMessage>().CountAsync(p => p.Id == messageId.ToString()));
    }

    [Fact]
    public async Task An_older_version_arriving_late_does_not_overwrite_a_newer_one()
    {
        var id = scenario.Id("130300-ORD");
        var newer = NewId.NextGuid();
        var older = NewId.NextGuid();
        await Bus.Publish(Changed(id, 3, "新名称"), c => c.MessageId = newer);
        await ConsumedByDisclosure(newer);
        await Bus.Publish(Changed(id, 2, "旧名称"), c => c.MessageId = older);
        await ConsumedByDisclosure(older);
        await using var query = platform.Disclosure.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Equal("新名称", (await query.LoadAsync<PublicDepartment>(id))!.Name);
    }

    [Fact]
    public async Task A_binding_an_older_version_left_for_a_retired_message_type_is_removed_with_the_messages_it_skipped()
    {
        // Disclosure took every MarketEntitiesChanged into its entity-names queue before the names came with the draws;
        // a broker that ran that version still has the binding, and every such message ends in the skipped queue.
        const string queue = "disclosure-entity-names";
        var exchange = $"{typeof(MarketEntitiesChanged).Namespace}:{nameof(MarketEntitiesChanged)}";
        var factory = new ConnectionFactory { Uri = platform.Bus.Amqp };
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
            await channel.ExchangeBindAsync(destination: queue, source: exchange, routingKey: "");
        }
        MarketEntitiesChanged Changed(string uscc) => new([new MarketEntityInfo(uscc, "秦皇岛某某商贸有限公司", "enterprise", "F51", "130302", "active",
            "130302-AMR", [], [], null, null, 1)], "imported", platform.Clock.GetUtcNow());
        await Bus.Publish(Changed(EntityFiles.NewCode()));
        await Eventually.Get(() => platform.Bus.MessagesIn($"{queue}_skipped"), n => n >= 1, "the entity message skipped by disclosure");

        await ActivatorUtilities.CreateInstance<RetiredSubscriptions>(platform.Disclosure.Services).StartAsync(CancellationToken.None);
        Assert.Equal(0, await platform.Bus.MessagesIn($"{queue}_skipped"));
        // An entity message, then a draw's names on the same queue: once the names are in, the entity message went nowhere.
        var uscc = EntityFiles.NewCode();
        await Bus.Publish(Changed(uscc));
        await Bus.Publish(new Contracts.Draws.TaskEntitiesDrawn("draw-retired", "task-retired", ["130302-AMR"], [uscc], null, platform.Clock.GetUtcNow(),
            Names: [new Contracts.Draws.DrawnEntityName(uscc, "秦皇岛某某商贸有限公司", 1)]));
        var tables = platform.Disclosure.Services.GetRequiredService<Shuangsuiji.Disclosure.Results.PublicTables>();
        await Eventually.Get(async () =>
        {
            await using var count = platform.Disclosure.Services.GetRequiredService<Npgsql.NpgsqlDataSource>()
                .CreateCommand($"select count(*) from {tables.EntityNames} where uscc = '{uscc}'");
            return (long)(await count.ExecuteScalarAsync())!;
        }, n => n == 1, "the drawn entity's name at disclosure");
        Assert.Equal(0, await platform.Bus.MessagesIn($"{queue}_skipped"));
    }

    [Fact]
    public async Task A_poison_message_goes_to_the_error_queue_after_retries_and_the_queue_moves_on()
    {
        // Unreadable bytes, and a readable message the consumer cannot handle (no department id): neither may block.
        var factory = new ConnectionFactory { Uri = platform.Bus.Amqp };
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            await channel.BasicPublishAsync("Shuangsuiji.Contracts.Directories:DepartmentChanged", "", false,
                new BasicProperties { ContentType = "application/vnd.masstransit+json", MessageId = Guid.NewGuid().ToString() },
                Encoding.UTF8.GetBytes("{ this is not json"));
        }
        var poison = NewId.NextGuid();
        await Bus.Publish(Changed(null!, 1, "坏消息"), c => c.MessageId = poison);
        var good = NewId.NextGuid();
        var goodId = scenario.Id("130300-OK");
        await Bus.Publish(Changed(goodId, 1, "好消息"), c => c.MessageId = good);

        await ConsumedByDisclosure(good);
        var fault = await Eventually.Get(
            () => Task.FromResult(platform.Recorders["disclosure"].All.Where(c => c.MessageId == poison && c.Faulted).ToList()),
            f => f.Count > 0, "the poison message faulting after its retries");
        Assert.NotEmpty(fault);
        await Eventually.Get(() => platform.Bus.MessagesIn("disclosure-department-changed_error"), n => n >= 2,
            "both bad messages in disclosure's error queue", timeoutSeconds: 60);
    }
}

/// <summary>A consumer that is down when a message is published gets it when it comes back.</summary>
public sealed class ConsumerRestartTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);

    [Fact]
    public async Task Messages_published_while_disclosure_is_down_are_published_when_it_returns()
    {
        var (province, _, _) = await scenario.Hierarchy();
        await Eventually.Get(() => platform.Public.ListDepartmentsAsync(new ListPublicDepartmentsRequest()).ResponseAsync,
            r => r.Departments.Any(d => d.DepartmentId == province.DepartmentId), "the department reaching disclosure");

        await platform.Stop("disclosure");
        await scenario.Item(province.DepartmentId, "HB-030", Scenario.Content("停机期间发布的事项"));
        await Eventually.Get(() => platform.Bus.MessagesIn("disclosure-inspection-item-changed"), n => n >= 1,
            "the item message waiting in disclosure's queue", timeoutSeconds: 60);

        platform.Restart("disclosure");
        using var channel = GrpcChannel.ForAddress(platform.Disclosure.Server.BaseAddress,
            new GrpcChannelOptions { HttpHandler = platform.Disclosure.Server.CreateHandler() });
        var item = await Eventually.Get(
            () => new PublicRecords.PublicRecordsClient(channel).GetItemAsync(new GetPublicItemRequest { DepartmentId = province.DepartmentId, Code = "HB-030" }).ResponseAsync,
            i => i.Name != "", "the item published after the restart");
        Assert.Equal("停机期间发布的事项", item.Name);
    }
}
