using Shuangsuiji.Disclosure;
using Shuangsuiji.Disclosure.Checkpoints;
using Shuangsuiji.Disclosure.Circulars;
using Shuangsuiji.Disclosure.ItemLists;
using Shuangsuiji.Disclosure.Plans;
using Shuangsuiji.Disclosure.Portal;
using Shuangsuiji.Disclosure.Results;
using Shuangsuiji.Disclosure.Tasks;
using Shuangsuiji.ServiceDefaults;
using Shuangsuiji.AuditTrail;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("disclosure");
builder.AddPlatformGrpc();
builder.AddEventStore("disclosure", DisclosureStore.Configure).WithAuditTrail()
    .AddSubscriptionWithServices<PublicFeed>(ServiceLifetime.Singleton, o => o.Name = PublicFeed.SubscriptionName);
builder.Services.AddSingleton(sp => new PublicTables(EventStoreExtensions.SchemaName(sp.GetRequiredService<IConfiguration>(), "disclosure")));
builder.Services.AddTableSetup(sp => (sp.GetRequiredService<PublicTables>().Schema, sp.GetRequiredService<PublicTables>().CreateStatements));
builder.Services.AddSingleton<PublicRecordsRebuild>();
// Entity names came from every MarketEntitiesChanged until they came with the draws (EntityNamesConsumer).
builder.Services.AddRetiredSubscription("disclosure-entity-names", typeof(Shuangsuiji.Contracts.Directories.MarketEntitiesChanged));
builder.AddBus("disclosure", bus =>
{
    bus.AddConsumer<DepartmentChangedConsumer>();
    bus.AddConsumer<InspectionItemChangedConsumer>();
    bus.AddConsumer<ItemClaimChangedConsumer>();
    bus.AddConsumer<JointItemListPublishedConsumer>();
    bus.AddConsumer<EntityNamesConsumer>();
    bus.AddConsumer<PlanVersionPublishedConsumer>();
    bus.AddConsumer<TaskAnnouncedConsumer>();
    bus.AddConsumer<ResultPublishedConsumer>();
    bus.AddConsumer<HandlingPublishedConsumer>();
    bus.AddConsumer<CheckpointPublishedConsumer>();
    bus.AddConsumer<CircularPublishedConsumer>();
});
// The portal's pages are Razor components rendered on the server, static: no circuit, no script.
builder.Services.AddRazorComponents();
// The pages are Chinese: without this every character is written as an entity.
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));

var app = builder.Build();
// "rebuild": build every public record again from disclosure's own log, then exit (stop the service first).
if (args is ["rebuild"])
{
    var records = await app.Services.GetRequiredService<PublicRecordsRebuild>().RunAsync(CancellationToken.None);
    Console.WriteLine($"rebuilt {records} public records from the log");
    return;
}
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapAuditTrail();
// Public records need no token.
app.MapGrpcService<PublicRecordsApi>().AllowAnonymous();
app.MapGrpcService<PublishedCheckpointsApi>().AllowAnonymous();
app.MapPortal();
app.Run();
