using Shuangsuiji.Draws;
using Shuangsuiji.Draws.Candidates;
using Shuangsuiji.Draws.Drawing;
using Shuangsuiji.Draws.Records;
using Shuangsuiji.ServiceDefaults;
using Shuangsuiji.AuditTrail;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Messaging;

// "verify RECORD.json [--candidates DIR]" replays a public draw record instead of running the service.
if (args is ["verify", ..]) return await VerifyCommand.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("draws");
builder.AddPlatformGrpc();
builder.AddEventStore("draws", DrawsStore.Configure).WithAuditTrail().PublishesWith<DrawsMessages>();
builder.Services.AddSingleton<ExecutedDraws>();
builder.Services.AddSingleton(sp => SecretSeal.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
// The tasks service says what a task allows its draw to be, and whether a result is entered (asked with the caller's own token).
builder.Services.AddGrpcClient<Shuangsuiji.Api.Tasks.V1.Tasks.TasksClient>(o => o.Address = new Uri(builder.Configuration["Services:Tasks"]
    ?? throw new InvalidOperationException("Services:Tasks (the tasks service's gRPC address) is not configured")));
builder.Services.AddSingleton<ITasksService, TasksServiceClient>();
builder.Services.AddSingleton(sp => new CandidateTable(EventStoreExtensions.SchemaName(sp.GetRequiredService<IConfiguration>(), "draws")));
builder.Services.AddTableSetup(sp =>
{
    var table = sp.GetRequiredService<CandidateTable>();
    return (table.Schema, table.CreateStatements + DrawsStore.StorageStatements(table.Schema));
});
builder.Services.AddHostedService<DrawSummaryBackfill>();
builder.Services.AddSingleton<LiveCandidates>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveCandidates>());
builder.AddBus("draws", bus =>
{
    bus.AddConsumer<MarketEntitiesChangedConsumer>();
    bus.AddConsumer<DepartmentChangedConsumer>();
    bus.AddConsumer<EntityInspectedConsumer>();
    bus.AddConsumer<TaskEntitiesChangedConsumer>();
    bus.AddConsumer<InspectorChangedConsumer>();
});

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapAuditTrail();
app.MapGrpcService<DrawsApi>();
return await app.RunServiceAsync(args);
