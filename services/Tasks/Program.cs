using Shuangsuiji.ServiceDefaults;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Messaging;
using Shuangsuiji.Tasks;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("tasks");
builder.AddPlatformGrpc();
builder.AddEventStore("tasks", TasksStore.Configure).PublishesWith<TasksMessages>();
builder.AddBus("tasks", bus => bus.AddConsumer<Shuangsuiji.Tasks.InspectionTasks.TaskEntitiesDrawnConsumer>());

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapGrpcService<TasksApi>().RequireAuthorization();
app.Run();
