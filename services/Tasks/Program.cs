using Shuangsuiji.ServiceDefaults;
using Shuangsuiji.AuditTrail;
using Shuangsuiji.ServiceDefaults.Calendar;
using Shuangsuiji.ServiceDefaults.Departments;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Messaging;
using Shuangsuiji.Tasks;
using Shuangsuiji.Tasks.Forms;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.OpenWork;
using Shuangsuiji.Tasks.Results;
using Shuangsuiji.Kernel.Calendar;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("tasks");
builder.AddPlatformGrpc();
builder.AddEventStore("tasks", TasksStore.Configure).WithAuditTrail().PublishesWith<TasksMessages>();
builder.AddWorkingDayCalendar("tasks");
builder.AddDepartmentTree("tasks");
builder.Services.AddSingleton<ICalendarFollower, DeadlineRecompute>();
// A task's draw is prepared and executed by the draw engine, asked on the caller's behalf.
builder.Services.AddGrpcClient<Shuangsuiji.Api.Draws.V1.Draws.DrawsClient>(o => o.Address = new Uri(builder.Configuration["Services:Draws"]
    ?? throw new InvalidOperationException("Services:Draws (the draw engine's gRPC address) is not configured")));
builder.AddBus("tasks", bus =>
{
    bus.AddConsumer<HolidayNoticeConsumer>();
    // The department tree: who is above whom, and which office supervises whose region.
    bus.AddConsumer<DepartmentChangedConsumer>();
    bus.AddConsumer<TaskEntitiesDrawnConsumer>();
    bus.AddConsumer<InspectorsAssignedConsumer>();
    bus.AddConsumer<FormTemplateChangedConsumer>();
    bus.AddConsumer<ItemClaimChangedConsumer>();
    bus.AddConsumer<Shuangsuiji.Tasks.JointItems.JointItemListPublishedConsumer>();
});

builder.Services.AddHostedService<Shuangsuiji.Tasks.Results.DeadlineWatch>();
builder.Services.AddSingleton<TaskSnapshots>();
builder.Services.AddSingleton(sp => new WorkTable(EventStoreExtensions.SchemaName(sp.GetRequiredService<IConfiguration>(), "tasks")));
builder.Services.AddTableSetup(sp => (sp.GetRequiredService<WorkTable>().Schema, sp.GetRequiredService<WorkTable>().CreateStatements));
builder.Services.AddHostedService<OpenWorkBackfill>();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapAuditTrail();
app.MapGrpcService<TasksApi>().RequireAuthorization();
return await app.RunServiceAsync(args);
