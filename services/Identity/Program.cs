using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Shuangsuiji.AuditTrail;
using Shuangsuiji.Identity;
using Shuangsuiji.Identity.Accounts;
using Shuangsuiji.Identity.Clients;
using Shuangsuiji.ServiceDefaults.Departments;
using Shuangsuiji.Identity.Keys;
using Shuangsuiji.Identity.Oidc;
using Shuangsuiji.Identity.SignIn;
using Shuangsuiji.ServiceDefaults;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
// The tokens presented to the identity service's own API are its own, checked against its key ring (OwnKeys).
builder.Configuration["Auth:Authority"] ??= builder.Configuration["Identity:Issuer"];
builder.AddServiceDefaults("identity");
builder.AddPlatformGrpc();
builder.AddEventStore("identity", IdentityStore.Configure).WithAuditTrail();
builder.AddDepartmentTree("identity");
builder.AddBus("identity", bus => bus.AddConsumer<DepartmentChangedConsumer>());
// The keys that protect the service's own secrets (its signing keys, TOTP keys, cookies) live beside its signing keys and
// nowhere else (in Kubernetes a volume only this service mounts), each encrypted with a certificate kept apart from them.
builder.Services.AddDataProtection().SetApplicationName(KeyRing.ApplicationName)
    .PersistKeysToFileSystem(KeyProtection.Folder(builder.Configuration))
    .ProtectKeysWithCertificate(KeyProtection.Certificate(builder.Configuration));
builder.Services.AddSingleton<AccountSecrets>();
builder.Services.AddSingleton<SignInFlow>();
builder.Services.AddSingleton<SecurityKeyCeremonies>();
SignInFlow.AddCookies(builder.Services);
builder.AddOidcServer();
UpstreamSignIn.AddUpstreamSignIn(builder);
builder.Services.AddSingleton<OwnKeys>();
builder.Services.AddSingleton<IPostConfigureOptions<JwtBearerOptions>>(sp => sp.GetRequiredService<OwnKeys>());
builder.Services.AddRazorPages();
// The pages are Chinese: without this Razor writes every character as an entity.
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapDefaultEndpoints();
app.MapAuditTrail();
app.MapOidcEndpoints();
app.MapRazorPages();
app.MapGrpcService<AccountsApi>().RequireAuthorization();
app.MapGrpcService<ClientsApi>().RequireAuthorization();
app.Run();
