using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Draws.V1;
using Shuangsuiji.Api.Identity.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Draws.Candidates;
using Shuangsuiji.Kernel;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;
using Who = Shuangsuiji.Platform.Tests.AuthorizationMatrixTests.Who;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>
/// One county market bureau's records at every stage, made once per platform through the gateway, and the callers of the
/// authorization matrix around it: its own people and system, another bureau of the county, the city bureau above it, the
/// county's office and the city's.
/// </summary>
public sealed class MatrixWorld
{
    private static readonly ConditionalWeakTable<PlatformFixture, Task<MatrixWorld>> Made = [];

    private readonly Dictionary<string, string> names = [];

    private MatrixWorld()
    {
    }

    public static Task<MatrixWorld> Of(PlatformFixture platform)
    {
        lock (Made) return Made.GetValue(platform, p => Make(p));
    }

    public string Own => names["own"];

    public string Spare => names["spare"];

    /// <summary>The template with the world's names in place of its {placeholders}.</summary>
    public string Fill(string template) => names.Aggregate(template, (text, name) => text.Replace($"{{{name.Key}}}", name.Value));

    /// <summary>The caller (none for the anonymous) as its token says; the department's own people of the spare bureau when asked.</summary>
    public Caller? Caller(Who who, bool spare)
    {
        var own = spare ? Spare : Own;
        return who switch
        {
            Who.Anonymous => null,
            Who.Staff => Scenario.StaffOf(own),
            Who.Reviewer => Scenario.StaffOf(own) with { UserId = $"reviewer-{own}", Role = Roles.Reviewer },
            Who.Admin => Scenario.StaffOf(own) with { UserId = $"admin-{own}", Role = Roles.Admin },
            Who.System => Scenario.StaffOf(own) with { UserId = $"system-{own}", Role = Roles.System },
            Who.OtherDepartment => Scenario.StaffOf(names["other"]),
            Who.Above => Scenario.StaffOf(names["above"]),
            Who.CountyOffice => new Caller($"office-{names["countyOffice"]}", names["countyOffice"], Roles.Supervisor) { Region = "130302" },
            Who.CityOffice => Scenario.Office,
            _ => throw new ArgumentOutOfRangeException(nameof(who)),
        };
    }

    private static async Task<MatrixWorld> Make(PlatformFixture platform)
    {
        var world = new MatrixWorld();
        var names = world.names;
        var scenario = new Scenario(platform);
        var ceremony = new DrawCeremony(platform, scenario);
        await ceremony.CityOffice();
        var above = names["above"] = (await scenario.Department("130300-AMR", DepartmentLevel.City, "130300")).DepartmentId;
        var own = names["own"] = (await scenario.Department("130302-AMR", DepartmentLevel.County, "130302", above)).DepartmentId;
        names["spare"] = (await scenario.Department("130302-QTS", DepartmentLevel.County, "130302", above)).DepartmentId;
        names["other"] = (await scenario.Department("130302-EEB", DepartmentLevel.County, "130302")).DepartmentId;
        var province = (await scenario.Department("130000-AMR", DepartmentLevel.Province, "130000")).DepartmentId;
        var category = names["tagCategory"] = scenario.Id("m-food").ToLowerInvariant();
        await new TagLibrary.TagLibraryClient(platform.GatewayChannel).DefineTagCategoryAsync(
            new DefineTagCategoryRequest { Category = category, Name = "食品经营", Subject = TagSubject.Entity }, As(Scenario.StaffOf(province)));
        names["countyOffice"] = (await platform.Departments.CreateDepartmentAsync(new CreateDepartmentRequest
        {
            DepartmentId = scenario.Id("130302-OFFICE"), Name = "海港区“双随机、一公开”监管工作领导小组办公室", Level = DepartmentLevel.County,
            RegionCode = "130302", Kind = DepartmentKind.Office,
        }, As(Scenario.Office))).DepartmentId;
        names["cityOffice"] = Scenario.Office.DepartmentId;
        // The tasks service decides 本系统 reads, the offices' regions and a plan's filing by its own copy of the tree.
        await scenario.KnownToTasks(above, own, names["spare"], names["other"], names["countyOffice"], names["cityOffice"]);
        names["year"] = $"{platform.Today.Year}";
        names["today"] = $"{platform.Today:yyyy-MM-dd}";
        var staff = As(Scenario.StaffOf(own));

        names["content"] = Google.Protobuf.JsonFormatter.Default.Format(Scenario.Content("广告发布抽查"));
        var item = await scenario.Item(own, "HB-001");
        (names["item"], names["code"]) = (item.ItemId, "HB-001");

        await new Inspectors.InspectorsClient(platform.GatewayChannel).SaveInspectorAsync(new SaveInspectorRequest
        {
            DepartmentId = own, InspectorId = "MX-001", Name = "李明", CertificateNo = "冀执13030001", CertificateValidFrom = "2021-01-01",
            CertificateValidTo = "2030-12-31", Region = "130302", IdNumber = ResidentIdNumber.WithCheck("13030219880101123"), Phone = "13812345678",
        }, staff);
        names["inspector"] = "MX-001";

        var uscc = names["uscc"] = EntityFiles.NewCode();
        await new MarketEntities.MarketEntitiesClient(platform.GatewayChannel).RegisterEntityAsync(new RegisterEntityRequest
        {
            Uscc = uscc,
            Fields = new EntityFields
            {
                Name = "秦皇岛港城商贸有限公司", Type = EntityType.Enterprise, Industry = "F52", Division = "130302", Address = "海港区建设大街1号",
                RegisteringAuthority = own,
            },
        }, staff);

        names["newUscc"] = EntityFiles.NewCode();
        using (var http = platform.Http(Scenario.StaffOf(own)))
        {
            var imported = await http.PostAsync($"/v1/departments/{own}/imports?kind=entities&fileName=matrix.csv",
                EntityFiles.Content(EntityFiles.Csv(EntityFiles.Row(EntityFiles.NewCode(), own))));
            imported.EnsureSuccessStatusCode();
            names["importJob"] = (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString()!;
        }

        var tasks = new Api.Tasks.V1.Tasks.TasksClient(platform.GatewayChannel);
        await tasks.DraftPlanAsync(new DraftPlanRequest { DepartmentId = own, Year = platform.Today.Year, Batches = { Batch(own, item.ItemId, platform.Today.Year) } },
            staff);

        var plan = new PlanCommandRequest { DepartmentId = own, Year = platform.Today.Year };
        await tasks.ApprovePlanAsync(plan, As(world.Caller(Who.Reviewer, false)!));
        await tasks.PublishPlanAsync(plan, staff);
        // Next year's plan still a draft: its working copy is the department's (and, read-only, the one above it).
        names["draftYear"] = $"{platform.Today.Year + 1}";
        await tasks.DraftPlanAsync(new DraftPlanRequest
        {
            DepartmentId = own, Year = platform.Today.Year + 1, Batches = { Batch(own, item.ItemId, platform.Today.Year + 1) },
        }, staff);

        // 派发: the city bureau's task dispatched to the county bureau, which has not received it yet.
        names["dispatch"] = (await tasks.DispatchTaskAsync(new DispatchTaskRequest
        {
            DispatchId = scenario.Id("PF-M"), DepartmentId = above, Name = "专项抽查", Items = { $"{above}:HB-001" }, Scope = new PlanScope { Divisions = { "1303" } },
            Quotas = { new RiskQuota { RiskClass = "D", Count = 1 } }, CheckFrom = names["today"], CheckTo = names["today"], Notice = "请按期完成", Receivers = { own },
        }, As(Scenario.StaffOf(above)))).DispatchId;

        var store = platform.Draws.Services.GetRequiredService<IDocumentStore>();
        await Eventually.Get(async () =>
        {
            await using var query = store.QuerySession();
            return await query.LoadAsync<DrawDepartment>(own);
        }, known => known is not null, "the bureau at the draw engine");
        await Draws(platform, ceremony, world);

        var checkedEntity = names["checked"] = EntityFiles.NewCode();
        var checking = names["checking"] = await new CheckingTasks(platform, scenario)
            .Start(own, "ZX-M", DrawCeremony.Item(own), platform.Today.AddDays(-10), platform.Today, [checkedEntity]);
        await tasks.SaveResultDraftAsync(new ResultEntryRequest
        {
            TaskId = checking, DepartmentId = own, Uscc = checkedEntity, Entry = new ResultEntry { CheckDates = { names["today"] } },
        }, staff);

        await ReturnVisits(platform, scenario, world);
        await new Api.Supervision.V1.Supervision.SupervisionClient(platform.GatewayChannel).ScheduleTrainingAsync(new Api.Supervision.V1.ScheduleTrainingRequest
        {
            Year = platform.Today.Year, Date = names["today"], Audience = "enforcement_staff", Topic = "双随机工作规范", DepartmentId = own, PlannedAttendance = 20,
        }, As(Scenario.Office));

        var admin = As(world.Caller(Who.Admin, false)!);
        var account = names["account"] = $"m{Guid.NewGuid():N}"[..12];
        await Scenario.UntilKnown(() => new Accounts.AccountsClient(platform.GatewayChannel).CreateAccountAsync(new CreateAccountRequest
        {
            Username = account, DisplayName = "张明", DepartmentId = own, Roles = { Roles.Staff },
        }, admin).ResponseAsync);
        foreach (var name in new[] { "client", "revokedClient" })
        {
            var client = names[name] = $"sys-{Guid.NewGuid():N}"[..16];
            await Scenario.UntilKnown(() => new Clients.ClientsClient(platform.GatewayChannel).RegisterClientAsync(new RegisterClientRequest
            {
                ClientId = client, DisplayName = "海港区市场监管业务系统", DepartmentId = own,
            }, admin).ResponseAsync);
        }
        return world;
    }

    private static PlanBatch Batch(string department, string item, int year) => new()
    {
        Number = 1, Name = "第一批",
        Tasks =
        {
            new PlannedTask
            {
                Code = "T1", Name = "企业公示信息抽查", Items = { item }, Scope = CheckingTasks.Haigang, Quotas = { new RiskQuota { RiskClass = "D", Percent = 30 } },
                From = $"{year}-01-01", To = $"{year}-12-31", LeadDepartmentId = department,
            },
        },
    };

    /// <summary>
    /// The bureau's draws at each step: one whose commitments closed with the public value still to enter, two with it
    /// entered (for the engine's execution and the tasks service's), one executed (to match inspectors on), and two just
    /// prepared (their commitments open: one for the parties' secrets, one to cancel); the county's office is their second party.
    /// </summary>
    private static async Task Draws(PlatformFixture platform, DrawCeremony ceremony, MatrixWorld world)
    {
        var (names, own) = (world.names, world.Own);
        var staff = As(Scenario.StaffOf(own));
        var office = As(world.Caller(Who.CountyOffice, false)!);
        var draws = new Api.Draws.V1.Draws.DrawsClient(platform.GatewayChannel);
        async Task<Draw> Prepared(string name)
        {
            var task = names[$"{name}Task"] = await ceremony.ReadyTask(own, []);
            var draw = await ceremony.Prepare(ceremony.Request(task, new Stratum { Label = "D", RiskClasses = { "D" }, Count = 1 }), staff);
            names[name] = draw.DrawId;
            return draw;
        }
        var closing = new[] { await Prepared("pastDraw"), await Prepared("valuedDraw"), await Prepared("valuedTaskDraw"), await Prepared("executedDraw") };
        foreach (var draw in closing) await ceremony.Commit(draw);
        await ceremony.PassDeadline(closing[^1]);
        foreach (var draw in closing[1..])
            await draws.RecordPublicValueAsync(new RecordPublicValueRequest { DrawId = draw.DrawId, Value = "5 2 8" }, office);
        await ceremony.Tasks.ExecuteDrawAsync(new ExecuteTaskDrawRequest { TaskId = closing[^1].TaskId, DrawId = closing[^1].DrawId }, staff);
        await Prepared("cancelledDraw");
        await Prepared("draw");
        names["task"] = names["drawTask"];
    }

    /// <summary>
    /// A task of the bureau closed with one entity checked, and the city office's return visits to it: one drawn (its sample
    /// the draw engine's message), to record a visit on, and one to close.
    /// </summary>
    private static async Task ReturnVisits(PlatformFixture platform, Scenario scenario, MatrixWorld world)
    {
        var (names, own) = (world.names, world.Own);
        var tasks = new Api.Tasks.V1.Tasks.TasksClient(platform.GatewayChannel);
        var visited = names["visited"] = EntityFiles.NewCode();
        var closed = names["closed"] = await new CheckingTasks(platform, scenario).Closed(own, "ZX-C", DrawCeremony.Item(own), [visited]);

        var bus = platform.Directories.Services.GetRequiredService<MassTransit.IBus>();
        foreach (var name in new[] { "visit", "closingVisit" })
        {
            var visit = names[name] = scenario.Id($"RV-{name}");
            await tasks.PlanReturnVisitAsync(new PlanReturnVisitRequest
            {
                VisitId = visit, OfficeId = Scenario.Office.DepartmentId, Name = "专项抽查回访", TaskIds = { closed }, Reason = "检验抽查实效",
            }, As(Scenario.Office));
            await bus.Publish(new Contracts.Draws.TaskEntitiesDrawn($"draw-{visit}", visit, [Scenario.Office.DepartmentId], [visited], null,
                platform.Clock.GetUtcNow(), [closed]));
            await Eventually.Get(() => tasks.GetReturnVisitAsync(new GetReturnVisitRequest { VisitId = visit }, As(Scenario.Office)).ResponseAsync,
                v => v.Status == ReturnVisitStatus.Drawn, "the sample on the return visit");
        }
    }
}
