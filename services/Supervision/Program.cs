using Shuangsuiji.ServiceDefaults;
using Shuangsuiji.AuditTrail;
using Shuangsuiji.ServiceDefaults.Calendar;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Messaging;
using Shuangsuiji.Supervision;
using Shuangsuiji.Supervision.Activity;
using Shuangsuiji.Supervision.Alerts;
using Shuangsuiji.Supervision.Checkpoints;
using Shuangsuiji.Supervision.Coverage;
using Shuangsuiji.Supervision.KeySupervision;
using Shuangsuiji.Kernel.Calendar;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("supervision");
builder.AddPlatformGrpc();
builder.AddEventStore("supervision", SupervisionStore.Configure).WithAuditTrail().PublishesWith<SupervisionMessages>();
builder.AddWorkingDayCalendar("supervision");
builder.AddBus("supervision", bus =>
{
    bus.AddConsumer<HolidayNoticeConsumer>();
    bus.AddConsumer<DepartmentConsumer>();
    bus.AddConsumer<PlanConsumer>();
    bus.AddConsumer<TaskProgressConsumer>();
    bus.AddConsumer<ResultProgressConsumer>();
    bus.AddConsumer<ReturnVisitProgressConsumer>();
    bus.AddConsumer<UnrecordedDrawConsumer>();
    bus.AddConsumer<InspectionItemConsumer>();
    bus.AddConsumer<ItemClaimConsumer>();
    bus.AddConsumer<RiskWarningsConsumer>();
});
builder.Services.AddHostedService<AlertWatch>();
builder.AddCheckpointNotary();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapGrpcService<SupervisionApi>().RequireAuthorization();
app.MapGrpcService<NotaryApi>();
app.MapAuditTrail();
return await app.RunServiceAsync(args);
