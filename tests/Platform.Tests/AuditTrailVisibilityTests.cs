using System.Text;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shuangsuiji.Api.Audit.V1;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Draws.V1;
using Shuangsuiji.Api.Supervision.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Platform.Tests.Infrastructure;
using Shuangsuiji.AuditTrail;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// What each reader sees of the audit trail of each of the six stores, through the gateway: the department that wrote a
/// record, another department, the supervising office. Personal data only for the department that keeps it, the secrets
/// the draw engine keeps for no one, and in a stream several departments wrote each sees the others' events as kind,
/// time and department only.
/// </summary>
public sealed class AuditTrailVisibilityTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);
    private Api.Audit.V1.AuditTrail.AuditTrailClient Audit => new(platform.GatewayChannel);

    private static readonly CallOptions Office = As(Scenario.Office);

    private static CallOptions Staff(string department) => As(Scenario.StaffOf(department));

    private async Task<IReadOnlyList<AuditEvent>> History(string service, string streamId, CallOptions reader) =>
        (await Audit.GetHistoryAsync(new GetHistoryRequest { Service = service, StreamId = streamId }, reader)).Events;

    private async Task<IReadOnlyList<AuditEvent>> Search(string service, string kind, CallOptions reader, string department = "") =>
        (await Audit.SearchEventsAsync(new SearchEventsRequest { Service = service, Kind = kind, Department = department, PageSize = 1000 }, reader)).Events;

    /// <summary>A department that appended nothing to the stream reads nothing of it, and its searches find none of its events.</summary>
    private async Task NothingFor(string department, string service, string streamId, string kind)
    {
        var denied = await Assert.ThrowsAsync<RpcException>(() => Audit.GetHistoryAsync(new GetHistoryRequest { Service = service, StreamId = streamId },
            Staff(department)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.DoesNotContain(await Search(service, kind, Staff(department)), e => e.StreamId == streamId);
    }

    /// <summary>An event with everything it records: who, in which role, the request it belonged to, and its data.</summary>
    private static void Whole(AuditEvent e, string department)
    {
        Assert.Equal(department, e.Department);
        Assert.All(new[] { e.Actor, e.Role, e.CorrelationId, e.CausationId, e.Data }, Assert.NotEmpty);
        Assert.Equal(Encoding.UTF8.GetByteCount(e.Data), e.DataLength);
    }

    /// <summary>Another department's event: what happened, when and by which department, and nothing of who, why or what.</summary>
    private static void KindTimeAndDepartmentOnly(AuditEvent e, string department)
    {
        Assert.Equal(department, e.Department);
        Assert.NotEmpty(e.Kind);
        Assert.NotNull(e.At);
        Assert.Equal(("", "", "", "", "", "", 0L), (e.Actor, e.Role, e.Reason, e.CorrelationId, e.CausationId, e.Data, e.DataLength));
    }

    private async Task<(string Amr, string Eeb, string Outsider)> County(string region)
    {
        var amr = (await scenario.Department($"{region}-AMR", DepartmentLevel.County, region)).DepartmentId;
        var eeb = (await scenario.Department($"{region}-EEB", DepartmentLevel.County, region)).DepartmentId;
        var outsider = (await scenario.Department("130300-HEALTH", DepartmentLevel.City, "130300")).DepartmentId;
        return (amr, eeb, outsider);
    }

    [Fact]
    public async Task A_county_office_reads_the_records_of_its_county_and_the_city_office_those_of_every_county()
    {
        var (haigang, _, _) = await County("130302");
        var shanhaiguan = (await scenario.Department("130303-AMR", DepartmentLevel.County, "130303")).DepartmentId;
        var inspectors = new Inspectors.InspectorsClient(platform.GatewayChannel);
        async Task<string> Register(string department, string region)
        {
            await inspectors.SaveInspectorAsync(new SaveInspectorRequest
            {
                DepartmentId = department, InspectorId = "CO-001", Name = "李明", CertificateNo = "冀执13030001", CertificateValidFrom = "2021-01-01",
                CertificateValidTo = "2026-12-31", Region = region, IdNumber = ResidentIdNumber.WithCheck($"{region}19880101123"), Phone = "13812345678",
            }, Staff(department));
            return $"inspector:{department}:CO-001";
        }
        var (inHaigang, inShanhaiguan) = (await Register(haigang, "130302"), await Register(shanhaiguan, "130303"));
        var haigangOffice = As(Scenario.CountyOffice("130302"));

        Assert.All(await History("directories", inHaigang, haigangOffice), e => Whole(e, haigang));
        var denied = await Assert.ThrowsAsync<RpcException>(() => Audit.GetHistoryAsync(
            new GetHistoryRequest { Service = "directories", StreamId = inShanhaiguan }, haigangOffice).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        var searched = await Search("directories", "inspector_registered", haigangOffice);
        Assert.Contains(searched, e => e.StreamId == inHaigang);
        Assert.DoesNotContain(searched, e => e.StreamId == inShanhaiguan);
        Assert.Empty(await Search("directories", "inspector_registered", haigangOffice, shanhaiguan));

        // An office whose token names no region is not taken for the city's: it reads its own department's records only.
        var unplaced = As(Scenario.CountyOffice("130302") with { Region = "" });
        Assert.DoesNotContain(await Search("directories", "inspector_registered", unplaced), e => e.StreamId == inHaigang);

        var city = await Search("directories", "inspector_registered", Office);
        Assert.Contains(city, e => e.StreamId == inHaigang);
        Assert.Contains(city, e => e.StreamId == inShanhaiguan);
        Assert.All(await History("directories", inShanhaiguan, Office), e => Whole(e, shanhaiguan));
    }

    [Fact]
    public async Task Directories_an_inspectors_id_number_and_phone_are_whole_for_their_department_masked_for_the_office_and_a_shared_entity_shows_each_its_own()
    {
        var (amr, eeb, outsider) = await County("130302");
        var inspectors = new Inspectors.InspectorsClient(platform.GatewayChannel);
        var idNumber = ResidentIdNumber.WithCheck("13030219900307123");
        SaveInspectorRequest Inspector(string phone) => new()
        {
            DepartmentId = amr, InspectorId = "HG-007", Name = "王海", CertificateNo = "冀执13030007", CertificateValidFrom = "2021-01-01",
            CertificateValidTo = "2026-12-31", Region = "130302", IdNumber = idNumber, Phone = phone,
        };
        await inspectors.SaveInspectorAsync(Inspector("13812345678"), Staff(amr));
        await inspectors.SaveInspectorAsync(Inspector("13987654321"), Staff(amr));
        var stream = $"inspector:{amr}:HG-007";

        var own = await History("directories", stream, Staff(amr));
        Assert.Equal(["inspector_registered", "inspector_personal_data_changed"], own.Select(e => e.Kind));
        Assert.All(own, e => Whole(e, amr));
        Assert.Contains($"\"idNumber\": \"{idNumber}\"", own[0].Data);
        Assert.Contains("\"phone\": \"13812345678\"", own[0].Data);
        Assert.Contains("\"phone\": \"13987654321\"", own[1].Data);
        Assert.Contains(idNumber, Assert.Single(await Search("directories", "inspector_registered", Staff(amr)), e => e.StreamId == stream).Data);

        // The office reads every event, each with the ID number and phone masked; its searches too.
        var office = await History("directories", stream, Office);
        Assert.All(office, e => Whole(e, amr));
        Assert.Contains($"\"idNumber\":\"1303**********{idNumber[^4..]}\"", office[0].Data);
        Assert.Contains("\"phone\":\"138****5678\"", office[0].Data);
        Assert.Contains("\"phone\":\"139****4321\"", office[1].Data);
        Assert.Contains("\"name\":\"王海\"", office[0].Data);
        var searched = Assert.Single(await Search("directories", "inspector_personal_data_changed", Office, amr), e => e.StreamId == stream);
        Assert.Contains("\"phone\":\"139****4321\"", searched.Data);
        foreach (var shown in office.Append(searched))
            Assert.All(new[] { idNumber, idNumber[4..^4], "12345678", "87654321" }, secret => Assert.DoesNotContain(secret, shown.Data));
        await NothingFor(eeb, "directories", stream, "inspector_registered");

        // An entity the county bureau registered and the environment bureau put into its sub-library: each sees its own step whole.
        var entities = new MarketEntities.MarketEntitiesClient(platform.GatewayChannel);
        var uscc = EntityFiles.NewCode();
        await entities.RegisterEntityAsync(new RegisterEntityRequest
        {
            Uscc = uscc,
            Fields = new EntityFields
            {
                Name = "秦皇岛港城化工有限公司", Type = EntityType.Enterprise, Industry = "C26", Division = "130302", Address = "海港区东港路2号", RegisteringAuthority = amr,
            },
        }, Staff(amr));
        await entities.JoinSubLibraryAsync(new SubLibraryRequest { Uscc = uscc, Library = $"{eeb}/key-polluters" }, Staff(eeb));
        var entity = $"entity:{uscc}";
        var byAmr = await History("directories", entity, Staff(amr));
        Assert.Equal(["entity_registered", "sub_library_joined"], byAmr.Select(e => e.Kind));
        Whole(byAmr[0], amr);
        KindTimeAndDepartmentOnly(byAmr[1], eeb);
        var byEeb = await History("directories", entity, Staff(eeb));
        KindTimeAndDepartmentOnly(byEeb[0], amr);
        Whole(byEeb[1], eeb);
        Assert.Contains("key-polluters", byEeb[1].Data);
        var byOffice = await History("directories", entity, Office);
        Whole(byOffice[0], amr);
        Whole(byOffice[1], eeb);
        await NothingFor(outsider, "directories", entity, "entity_registered");
    }

    [Fact]
    public async Task Catalog_a_departments_item_history_is_whole_for_it_and_the_office_and_closed_to_other_departments()
    {
        var (amr, eeb, _) = await County("130303");
        await scenario.Item(amr, "HBSC-001");
        var catalog = platform.CatalogClient;
        await catalog.AmendItemAsync(new Api.Catalog.V1.AmendItemRequest
        {
            DepartmentId = amr, Code = "HBSC-001", Content = Scenario.Content("企业公示信息抽查（修订）"), Reason = "依据条例修订", EffectiveOn = "2022-06-01",
        }, Staff(amr));
        var stream = $"{amr}:HBSC-001";

        foreach (var reader in new[] { Staff(amr), Office })
        {
            var events = await History("catalog", stream, reader);
            Assert.Equal(["item_created", "item_amended"], events.Select(e => e.Kind));
            Assert.All(events, e => Whole(e, amr));
            Assert.Equal("依据条例修订", events[1].Reason);
        }
        await NothingFor(eeb, "catalog", stream, "item_amended");
    }

    [Fact]
    public async Task Draws_the_secret_the_engine_keeps_is_shown_to_no_one_and_each_party_sees_the_others_steps_as_kind_time_and_department()
    {
        var (id, amr, eeb) = await scenario.JointDraw(platform, "130304");
        var outsider = (await scenario.Department("130304-HEALTH", DepartmentLevel.County, "130304")).DepartmentId;
        var draws = new Api.Draws.V1.Draws.DrawsClient(platform.GatewayChannel);
        await draws.CommitSecretAsync(new CommitSecretRequest { DrawId = id, Party = amr, Sha256 = new string('a', 64) }, Staff(amr));
        await draws.CommitSecretAsync(new CommitSecretRequest { DrawId = id, Party = eeb, Generate = true }, Staff(eeb));
        var stream = $"draw:{id}";

        // The secrets the engine keeps, as stored: the city office's (committed at preparation) and the environment bureau's.
        var log = platform.Draws.Services.GetRequiredService<AuditLog>();
        await using var db = NpgsqlDataSource.Create(TestEnvironment.Postgres);
        await using var stored = db.CreateCommand(
            $"select coalesce(data ->> 'sealed', data ->> 'keptSecret') from {log.Events} where stream_id = $1 and type = 'secret_committed' and (data ->> 'generated')::boolean");
        stored.Parameters.AddWithValue(stream);
        var kept = new List<string>();
        await using (var rows = await stored.ExecuteReaderAsync())
            while (await rows.ReadAsync()) kept.Add(rows.GetString(0));
        Assert.Equal(2, kept.Count);

        void NoKeptSecret(AuditEvent e)
        {
            Assert.All(kept, secret => Assert.DoesNotContain(secret, e.Data));
            Assert.DoesNotContain("\"keptSecret\"", e.Data);
            Assert.DoesNotContain("\"sealed\"", e.Data);
        }

        // The lead prepared the draw (with the office's commitment the engine made) and committed; the partner committed.
        var byAmr = await History("draws", stream, Staff(amr));
        Assert.Equal(["draw_prepared", "secret_committed", "secret_committed", "secret_committed"], byAmr.Select(e => e.Kind));
        Assert.All(byAmr.Take(3), e => Whole(e, amr));
        Assert.All(byAmr.Take(3), NoKeptSecret);
        Assert.Contains(new string('a', 64), byAmr[2].Data);
        KindTimeAndDepartmentOnly(byAmr[3], eeb);

        var byEeb = await History("draws", stream, Staff(eeb));
        Assert.All(byEeb.Take(3), e => KindTimeAndDepartmentOnly(e, amr));
        Whole(byEeb[3], eeb);
        Assert.Contains("\"generated\":true", byEeb[3].Data);
        NoKeptSecret(byEeb[3]);

        var byOffice = await History("draws", stream, Office);
        Assert.Equal([amr, amr, amr, eeb], byOffice.Select(e => e.Department));
        Assert.All(byOffice, e => Whole(e, e.Department));
        Assert.All(byOffice, NoKeptSecret);
        Assert.All(await Search("draws", "secret_committed", Office, eeb), NoKeptSecret);
        await NothingFor(outsider, "draws", stream, "secret_committed");
    }

    [Fact]
    public async Task Tasks_the_lead_and_the_partner_of_a_joint_task_each_see_their_own_steps_whole_and_the_office_all()
    {
        var (lead, partner, outsider) = await County("130306");
        var tasks = new Api.Tasks.V1.Tasks.TasksClient(platform.GatewayChannel);
        var today = DateOnly.FromDateTime(platform.Clock.GetUtcNow().AddHours(8).Date).ToString("yyyy-MM-dd");
        var id = (await tasks.CreateTaskAsync(new CreateTaskRequest
        {
            TaskId = scenario.Id("LH-SEEN"), DepartmentId = lead, Name = "餐饮食品安全联合抽查", Items = { $"{lead}:HBSC-001" },
            Scope = new PlanScope { Divisions = { "130306" }, EntityTypes = { "enterprise" } }, Quotas = { new RiskQuota { RiskClass = "D", Count = 1 } },
            CheckFrom = today, CheckTo = today, Reason = "群众举报集中，计划外联合专项",
        }, Staff(lead))).TaskId;
        await tasks.InviteDepartmentAsync(new InviteDepartmentRequest { TaskId = id, DepartmentId = partner, Items = { $"{partner}:HJ-001" } }, Staff(lead));
        await tasks.AcceptInvitationAsync(new InvitationRequest { TaskId = id, DepartmentId = partner }, Staff(partner));
        var stream = $"task:{id}";

        var byLead = await History("tasks", stream, Staff(lead));
        Assert.Equal(["task_created", "partner_invited", "invitation_accepted"], byLead.Select(e => e.Kind));
        Whole(byLead[0], lead);
        Assert.Equal("群众举报集中，计划外联合专项", byLead[0].Reason);
        Whole(byLead[1], lead);
        KindTimeAndDepartmentOnly(byLead[2], partner);
        var byPartner = await History("tasks", stream, Staff(partner));
        KindTimeAndDepartmentOnly(byPartner[0], lead);
        KindTimeAndDepartmentOnly(byPartner[1], lead);
        Whole(byPartner[2], partner);
        var byOffice = await History("tasks", stream, Office);
        Assert.Equal([lead, lead, partner], byOffice.Select(e => e.Department));
        Assert.All(byOffice, e => Whole(e, e.Department));
        Assert.Equal("群众举报集中，计划外联合专项", byOffice[0].Reason);
        await NothingFor(outsider, "tasks", stream, "task_created");
    }

    [Fact]
    public async Task Disclosure_a_published_plan_is_recorded_as_the_departments_who_published_it_read_by_it_and_the_office()
    {
        var (amr, eeb, _) = await County("130321");
        var tasks = new Api.Tasks.V1.Tasks.TasksClient(platform.GatewayChannel);
        var year = platform.Clock.GetUtcNow().AddHours(8).Year;
        await tasks.DraftPlanAsync(new DraftPlanRequest
        {
            DepartmentId = amr, Year = year,
            Batches =
            {
                new PlanBatch
                {
                    Number = 1, Name = "第一批",
                    Tasks =
                    {
                        new PlannedTask
                        {
                            Code = "T1", Name = "企业公示信息抽查", Items = { $"{amr}:HBSC-001" },
                            Scope = new PlanScope { Divisions = { "130321" }, EntityTypes = { "enterprise" } },
                            Quotas = { new RiskQuota { RiskClass = "D", Percent = 30 } }, From = $"{year}-01-01", To = $"{year}-12-31", LeadDepartmentId = amr,
                        },
                    },
                },
            },
        }, Staff(amr));
        var plan = new PlanCommandRequest { DepartmentId = amr, Year = year };
        await tasks.ApprovePlanAsync(plan, As(new Caller($"reviewer-{amr}", amr, Roles.Reviewer)));
        await tasks.PublishPlanAsync(plan, Staff(amr));

        // Disclosure logs the public fact as the department's staff who published it.
        var stream = $"plan:{amr}:{year}";
        var own = await Eventually.Get(() => History("disclosure", stream, Staff(amr)), e => e.Count == 1, "the published plan in disclosure's log");
        Assert.Equal("plan_version_published", own[0].Kind);
        Whole(own[0], amr);
        Assert.Equal(Scenario.StaffOf(amr).UserId, own[0].Actor);
        Whole(Assert.Single(await History("disclosure", stream, Office)), amr);
        await NothingFor(eeb, "disclosure", stream, "plan_version_published");
    }

    [Fact]
    public async Task Supervision_two_bureaus_confirming_their_districts_report_each_see_their_own_confirmation_whole_and_the_office_both()
    {
        var (amr, eeb, outsider) = await County("130322");
        var supervision = new Api.Supervision.V1.Supervision.SupervisionClient(platform.GatewayChannel);
        var confirm = new ConfirmReportRequest { Subject = "region:130322", Period = "2022-05", Remarks = "昌黎县5月无计划外任务" };
        // The supervision service hears of the departments over the bus.
        await Eventually.Get(() => supervision.ConfirmReportAsync(confirm, Staff(amr)).ResponseAsync, r => r.Confirmed, "the district's bureaus at supervision");
        await Eventually.Get(() => supervision.ConfirmReportAsync(new ConfirmReportRequest(confirm) { Remarks = "环保部分已核对" }, Staff(eeb)).ResponseAsync,
            r => r.Confirmed, "the environment bureau at supervision");
        var stream = "report:region:130322:2022-05";

        var byAmr = await History("supervision", stream, Staff(amr));
        Assert.Equal(["report_confirmed", "report_confirmed"], byAmr.Select(e => e.Kind));
        Whole(byAmr[0], amr);
        Assert.Contains("昌黎县5月无计划外任务", byAmr[0].Data);
        KindTimeAndDepartmentOnly(byAmr[1], eeb);
        var byEeb = await History("supervision", stream, Staff(eeb));
        KindTimeAndDepartmentOnly(byEeb[0], amr);
        Whole(byEeb[1], eeb);
        var byOffice = await History("supervision", stream, Office);
        Assert.Equal([amr, eeb], byOffice.Select(e => e.Department));
        Assert.All(byOffice, e => Whole(e, e.Department));
        await NothingFor(outsider, "supervision", stream, "report_confirmed");
    }
}
