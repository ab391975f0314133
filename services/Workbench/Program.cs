using Microsoft.AspNetCore.Antiforgery;
using Shuangsuiji.ServiceDefaults;
using Shuangsuiji.Workbench;
using Shuangsuiji.Workbench.Directories;
using Shuangsuiji.Workbench.Office;
using Shuangsuiji.Workbench.Office.Reports;
using Shuangsuiji.Workbench.Platform;
using Shuangsuiji.Workbench.Results.Attachments;
using Shuangsuiji.Workbench.SignIn;
using Shuangsuiji.Workbench.Todo;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("workbench");
// The shared health endpoints include the gRPC health service.
builder.Services.AddGrpc();
builder.AddWorkbenchSignIn();
builder.AddGatewayClients();
builder.AddAttachments();
builder.Services.AddMemoryCache();
builder.Services.AddScoped<TodoList>();
builder.Services.AddSingleton<OfficeScope>();
// Interactive rendering serves two live parts alone: the draw ceremony's state (Draws/DrawLive.razor) and an import's
// progress (Directories/ImportPage.razor); every other page is static and its forms plain posts.
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
// The pages are Chinese: without this every character is written as an entity.
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));

var app = builder.Build();
app.UseForwardedHeaders();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapDefaultEndpoints();
app.MapStaticAssets();
app.MapAttachments();
app.MapPost("/signout", async (HttpContext http, IAntiforgery antiforgery) =>
{
    await antiforgery.ValidateRequestAsync(http);
    await WorkbenchSignIn.SignOutAsync(http);
}).RequireAuthorization();
app.MapDirectoryFiles();
app.MapOfficeFiles();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireAuthorization();
app.Run();
