using Shuangsuiji.Gateway.Calls;
using Shuangsuiji.Gateway.OpenApi;
using Shuangsuiji.Gateway.Public;
using Shuangsuiji.Gateway.Routing;
using Shuangsuiji.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("gateway");
builder.Services.AddPlatformProxy();
builder.Services.AddTokenRefusals();
builder.Services.AddForwardedClients();
builder.Services.AddPublicRateLimiting();
builder.Services.AddMergedOpenApi();

var app = builder.Build();
app.UseForwardedHeaders(); // first: the rate limiter and the logs see the client's address, not the Ingress's
app.UseRequestIds();
app.UseAuthentication();
app.UseRateLimiter(); // after authentication: callers with a token are not limited
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapApiReference();
app.MapPlatformProxy();
app.Run();
