using Microsoft.OpenApi.Models;
using Shuangsuiji.Gateway.Api;
using Shuangsuiji.Gateway.Downstream;
using Shuangsuiji.Gateway.Public;
using Shuangsuiji.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("gateway");
builder.AddPlatformGrpc().AddJsonTranscoding(o => o.TypeRegistry = Shuangsuiji.ServiceDefaults.Grpc.ErrorDetails.Types);
builder.Services.AddGrpcReflection();
builder.Services.AddGrpcSwagger();
builder.Services.AddSwaggerGen(o => o.SwaggerDoc("v1", new OpenApiInfo
{
    Title = "双随机、一公开 platform API",
    Version = "v1",
    Description = "The gRPC API as JSON over HTTP. Commands need a bearer token (sub, dept, role); /v1/public/* is open.",
}));
builder.Services.AddDownstreamServices();
builder.Services.AddPublicRateLimiting();

var app = builder.Build();
app.UseAuthentication();
app.UseRateLimiter(); // after authentication: callers with a token are not limited
app.UseAuthorization();
app.MapDefaultEndpoints();
app.UseSwagger();
app.MapGrpcReflectionService().AllowAnonymous();
app.MapGrpcService<DepartmentsGateway>();
app.MapGrpcService<EntitiesGateway>();
app.MapGrpcService<TagLibraryGateway>();
app.MapGrpcService<InspectorsGateway>();
app.MapGrpcService<ImportsGateway>();
app.MapGrpcService<HolidayCalendarGateway>();
app.MapFileTransfer();
app.MapGrpcService<CatalogGateway>();
app.MapGrpcService<PublicRecordsGateway>();
app.MapGrpcService<DrawsGateway>();
app.MapGrpcService<TasksGateway>();
app.MapGrpcService<SupervisionGateway>();
app.MapGrpcService<AuditTrailGateway>();
app.MapGrpcService<NotaryGateway>();
app.MapGrpcService<PublishedCheckpointsGateway>();
app.MapPortal();
app.Run();
