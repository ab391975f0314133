using Shuangsuiji.Directories;
using Shuangsuiji.Directories.Calendar;
using Shuangsuiji.Directories.Departments;
using Shuangsuiji.Directories.Entities;
using Shuangsuiji.Directories.Imports;
using Shuangsuiji.Directories.Inspectors;
using Shuangsuiji.Directories.Tags;
using Shuangsuiji.ServiceDefaults;
using Shuangsuiji.AuditTrail;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("directories");
builder.AddPlatformGrpc(o => o.MaxReceiveMessageSize = 8 << 20);
builder.AddEventStore("directories", DirectoriesStore.Configure).WithAuditTrail().PublishesWith<DirectoriesMessages>();
builder.AddBus("directories", bus =>
{
    bus.AddConsumer<CreditRecordAddedConsumer>();
    bus.AddConsumer<HolidayNoticesRequestedConsumer>();
    bus.AddConsumer<DepartmentsRequestedConsumer>();
});
builder.Services.AddHostedService<CalendarSeed>();

// Not from the document store: the store's relay needs these, and resolving the store here would deadlock.
builder.Services.AddSingleton(sp => new EntityTable(EventStoreExtensions.SchemaName(sp.GetRequiredService<IConfiguration>(), "directories")));
builder.Services.AddSingleton(sp => new EntityQueries(sp.GetRequiredService<Npgsql.NpgsqlDataSource>(), sp.GetRequiredService<EntityTable>()));
builder.Services.AddSingleton(sp => new RiskClasses(
    sp.GetRequiredService<IConfiguration>().GetSection("Directories:RiskClasses").Get<string[]>() is { Length: > 1 } classes ? classes : RiskClasses.Default.Ordered));
builder.Services.AddSingleton<EntityMessages>();
builder.Services.AddSingleton<EntityExport>();
builder.Services.AddSingleton<ImportFiles>();
builder.Services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection(ImportLimits.Section).Get<ImportLimits>() ?? new ImportLimits());
// One worker per core by default: where PostgreSQL shares the host's cores (a small deployment, the dev machine) a worker
// waiting on it leaves its core to PostgreSQL, and more workers only added concurrent transactions (bench import: 32-34
// CPU-s per 1M rows with two workers on two cores, 35-38 with four). With a PostgreSQL server of its own, raise
// Directories:ImportWorkers so that one worker prepares its batch while another waits.
builder.Services.AddSingleton(sp => new Importer(sp.GetRequiredService<Marten.IDocumentStore>(), sp.GetServices<IImportKind>(),
    sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IConfiguration>().GetValue("Directories:ImportWorkers", Environment.ProcessorCount),
    sp.GetRequiredService<Shuangsuiji.ServiceDefaults.Telemetry.PlatformMetrics>()));
builder.Services.AddSingleton<IImportKind, EntityImport>();
builder.Services.AddSingleton<IImportKind, RiskClassImport>();
builder.Services.AddSingleton<IImportKind, AssignmentImport>();
builder.Services.AddSingleton<IImportKind, InspectorImport>();
builder.Services.AddTableSetup(sp => (sp.GetRequiredService<EntityTable>().Schema, sp.GetRequiredService<EntityTable>().CreateStatements));

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapAuditTrail();
app.MapGrpcService<DepartmentsApi>().RequireAuthorization();
app.MapGrpcService<EntitiesApi>().RequireAuthorization();
app.MapGrpcService<TagsApi>().RequireAuthorization();
app.MapGrpcService<InspectorsApi>().RequireAuthorization();
app.MapGrpcService<ImportsApi>().RequireAuthorization();
app.MapImportFiles();
app.MapGrpcService<CalendarApi>().RequireAuthorization();
return await app.RunServiceAsync(args);
