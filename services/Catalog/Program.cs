using Shuangsuiji.Catalog;
using Shuangsuiji.Catalog.Departments;
using Shuangsuiji.ServiceDefaults;
using Shuangsuiji.AuditTrail;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("catalog");
builder.AddPlatformGrpc();
builder.AddEventStore("catalog", CatalogStore.Configure).WithAuditTrail().PublishesWith<CatalogMessages>();
builder.AddBus("catalog", bus => bus.AddConsumer<DepartmentChangedConsumer>());

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapAuditTrail();
app.MapGrpcService<CatalogApi>().RequireAuthorization();
return await app.RunServiceAsync(args);
