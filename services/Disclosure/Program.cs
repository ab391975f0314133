using Shuangsuiji.Disclosure;
using Shuangsuiji.Disclosure.ItemLists;
using Shuangsuiji.Disclosure.Portal;
using Shuangsuiji.ServiceDefaults;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("disclosure");
builder.AddPlatformGrpc();
builder.AddEventStore("disclosure", DisclosureStore.Configure);
builder.AddBus("disclosure", bus =>
{
    bus.AddConsumer<DepartmentChangedConsumer>();
    bus.AddConsumer<InspectionItemChangedConsumer>();
    bus.AddConsumer<ItemClaimChangedConsumer>();
});

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
// Public records need no token.
app.MapGrpcService<PublicRecordsApi>().AllowAnonymous();
app.MapPortal();
app.Run();
