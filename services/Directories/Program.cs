using Shuangsuiji.Directories;
using Shuangsuiji.Directories.Departments;
using Shuangsuiji.ServiceDefaults;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("directories");
builder.AddPlatformGrpc();
builder.AddEventStore("directories", DirectoriesStore.Configure).PublishesWith<DirectoriesMessages>();
builder.AddBus("directories");

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapGrpcService<DepartmentsApi>().RequireAuthorization();
app.Run();
