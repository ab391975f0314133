using Grpc.Core;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Tasks.V1;
using Marten;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.Contracts.Draws;
using Shuangsuiji.Platform.Tests.Infrastructure;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;
using Shuangsuiji.Kernel;
using Shuangsuiji.ServiceDefaults.Departments;
using Shuangsuiji.ServiceDefaults.Messaging;
using TaskStatus = Shuangsuiji.Api.Tasks.V1.TaskStatus;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// Scopes of supervision in the tasks service: 本系统 (a department above reads its lower departments' plans, tasks and
/// results, and changes none), an office's region (the city office the whole city, a county's office its county), and
/// the filing (备案) of published plans with the level above.
/// </summary>
public sealed class SupervisionScopesTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);
    private readonly CheckingTasks checking = new(platform, new Scenario(platform));
    private Api.Tasks.V1.Tasks.TasksClient Tasks => new(platform.GatewayChannel);

    private int Year => platform.Today.Year;

    private string Day => $"{platform.Today:yyyy-MM-dd}";

    private static CallOptions Staff(string department) => CheckingTasks.Staff(department);

    private static CallOptions Reviewer(string department) => CheckingTasks.Reviewer(department);

    private static async Task<RpcException> Refused(StatusCode code, Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, e.StatusCode);
        return e;
    }

    private static string ReasonOf(RpcException e) => e.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>().Reason;

    private DraftPlanRequest Draft(string department) => new()
    {
        DepartmentId = department, Year = Year,
        Batches =
        {
            new PlanBatch
            {
                Number = 1, Name = "第一批",
                Tasks =
                {
                    new PlannedTask
                    {
                        Code = "T1", Name = "企业公示信息抽查", Items = { $"{department}:HBSC-001" }, Scope = CheckingTasks.Haigang,
                        Quotas = { new RiskQuota { RiskClass = "D", Percent = 30 } }, From = $"{Year}-01-01", To = $"{Year}-12-31",
                        LeadDepartmentId = department,
                    },
                },
            },
        },
    };

    /// <summary>A task of the department with one entity checked, approved and submitted as the department's result.</summary>
    private async Task<(string TaskId, string Uscc)> Checked(string department, string code)
    {
        var uscc = EntityFiles.NewCode();
        var id = await checking.Start(department, code, $"{department}:HBSC-001", platform.Today.AddDays(-5), platform.Today, [uscc]);
        await Tasks.SubmitResultAsync(new ResultEntryRequest
        {
            TaskId = id, DepartmentId = department, Uscc = uscc,
            Entry = new ResultEntry
            {
                CheckDates = { Day }, Methods = { CheckMethod.OnSite }, Categories = { ResultCategory.NoProblem },
                Items = { new ItemOutcome { ItemId = $"{department}:HBSC-001", Checked = true } }, InspectorIds = { "QHD-AMR-001", "QHD-AMR-002" },
            },
        }, Staff(department));
        return (id, uscc);
    }

    /// <summary>The department's task, its result approved and published, closed.</summary>
    private async Task<(string TaskId, string Uscc)> Closed(string department, string code)
    {
        var (id, uscc) = await Checked(department, code);
        await Tasks.ApproveResultAsync(new ResultCommandRequest { TaskId = id, DepartmentId = department, Uscc = uscc }, Reviewer(department));
        var step = new DepartmentStepRequest { TaskId = id, DepartmentId = department };
        await Tasks.CompleteEntryAsync(step, Staff(department));
        await Tasks.CompleteReviewAsync(step, Reviewer(department));
        await Tasks.PublishResultsAsync(step, Staff(department));
        Assert.Equal(TaskStatus.Closed, (await Tasks.CloseTaskAsync(new CloseTaskRequest { TaskId = id, ClosedOn = Day }, Staff(department))).Status);
        return (id, uscc);
    }

    [Fact]
    public async Task The_department_above_reads_its_lower_departments_plan_task_and_results_and_changes_none()
    {
        var (province, city, county) = await scenario.Hierarchy();
        var other = (await scenario.Department("130300-HEALTH", DepartmentLevel.City, "130300")).DepartmentId;
        var (cityId, countyId) = (city.DepartmentId, county.DepartmentId);
        await scenario.KnownToTasks(province.DepartmentId, cityId, countyId, other);

        // The plan's working copy: the city bureau and the province bureau above it read it; another city department does not.
        await Tasks.DraftPlanAsync(Draft(countyId), Staff(countyId));
        var get = new GetPlanRequest { DepartmentId = countyId, Year = Year };
        Assert.Single((await Tasks.GetPlanAsync(get, Staff(cityId))).Batches);
        Assert.Single((await Tasks.GetPlanAsync(get, Staff(province.DepartmentId))).Batches);
        Assert.Single((await Tasks.ListPlansAsync(new ListPlansRequest { DepartmentId = countyId }, Reviewer(cityId))).Plans);
        Assert.Equal("RECORD_NOT_VISIBLE", ReasonOf(await Refused(StatusCode.PermissionDenied, () => Tasks.GetPlanAsync(get, Staff(other)).ResponseAsync)));
        Assert.Empty((await Tasks.ListPlansAsync(new ListPlansRequest { DepartmentId = countyId }, Staff(other))).Plans);
        // ... and changes nothing of it.
        var plan = new PlanCommandRequest { DepartmentId = countyId, Year = Year };
        Assert.Equal("REVIEWER_ONLY", ReasonOf(await Refused(StatusCode.PermissionDenied, () => Tasks.ApprovePlanAsync(plan, Reviewer(cityId)).ResponseAsync)));
        Assert.Equal("DEPARTMENT_ONLY", ReasonOf(await Refused(StatusCode.PermissionDenied, () => Tasks.RevisePlanAsync(
            new RevisePlanRequest { DepartmentId = countyId, Year = Year, Batches = { Draft(countyId).Batches } }, Staff(cityId)).ResponseAsync)));

        // The task and its result.
        var (id, uscc) = await Checked(countyId, "ZX-B1");
        Assert.Equal(id, (await Tasks.GetTaskAsync(new GetTaskRequest { TaskId = id }, Staff(cityId))).TaskId);
        Assert.Contains(id, (await Tasks.ListTasksAsync(new ListTasksRequest { DepartmentId = countyId }, Staff(cityId))).Tasks.Select(t => t.TaskId));
        var results = new ListResultsRequest { TaskId = id, DepartmentId = countyId };
        Assert.Equal((uscc, ResultStatus.Submitted), (await Tasks.ListResultsAsync(results, Reviewer(cityId))).Results.Select(r => (r.Uscc, r.Status)).Single());
        Assert.Equal(uscc, (await Tasks.GetCheckRecordAsync(new GetCheckRecordRequest { TaskId = id, Uscc = uscc }, Staff(province.DepartmentId))).Uscc);
        await Refused(StatusCode.PermissionDenied, () => Tasks.GetTaskAsync(new GetTaskRequest { TaskId = id }, Staff(other)).ResponseAsync);
        await Refused(StatusCode.PermissionDenied, () => Tasks.ListTasksAsync(new ListTasksRequest { DepartmentId = countyId }, Staff(other)).ResponseAsync);
        await Refused(StatusCode.PermissionDenied, () => Tasks.ListResultsAsync(results, Staff(other)).ResponseAsync);
        // Upwards is not downwards: the county bureau does not read the city bureau's records.
        await Refused(StatusCode.PermissionDenied, () => Tasks.ListTasksAsync(new ListTasksRequest { DepartmentId = cityId }, Staff(countyId)).ResponseAsync);

        var result = new ResultCommandRequest { TaskId = id, DepartmentId = countyId, Uscc = uscc };
        Assert.Equal("REVIEWER_ONLY", ReasonOf(await Refused(StatusCode.PermissionDenied, () => Tasks.ApproveResultAsync(result, Reviewer(cityId)).ResponseAsync)));
        await Refused(StatusCode.PermissionDenied, () => Tasks.ReturnResultAsync(
            new ReturnResultRequest { TaskId = id, DepartmentId = countyId, Uscc = uscc, Comment = "请补充" }, Reviewer(cityId)).ResponseAsync);
        await Refused(StatusCode.PermissionDenied, () => Tasks.CompleteEntryAsync(new DepartmentStepRequest { TaskId = id, DepartmentId = countyId }, Staff(cityId)).ResponseAsync);
        await Refused(StatusCode.PermissionDenied, () => Tasks.CloseTaskAsync(new CloseTaskRequest { TaskId = id, ClosedOn = Day }, Staff(cityId)).ResponseAsync);
        Assert.Equal(ResultStatus.Submitted, (await Tasks.ListResultsAsync(results, Staff(countyId))).Results.Single().Status);
    }

    [Fact]
    public async Task A_county_office_reads_and_samples_its_county_only_and_the_city_office_the_whole_city()
    {
        await scenario.CityOffice();
        var haigang = (await scenario.Department("130302-AMR", DepartmentLevel.County, "130302")).DepartmentId;
        var shanhaiguan = (await scenario.Department("130303-AMR", DepartmentLevel.County, "130303")).DepartmentId;
        var countyOffice = await scenario.CountyOfficeDepartment("130302");
        var cityOffice = Scenario.Office;
        await scenario.KnownToTasks(haigang, shanhaiguan, countyOffice.DepartmentId, cityOffice.DepartmentId);
        var (own, ownUscc) = await Closed(haigang, "ZX-C1");
        var (others, _) = await Closed(shanhaiguan, "ZX-C2");

        // Reads: its county's tasks and results, not another county's.
        Assert.Equal(own, (await Tasks.GetTaskAsync(new GetTaskRequest { TaskId = own }, As(countyOffice))).TaskId);
        Assert.Single((await Tasks.ListResultsAsync(new ListResultsRequest { TaskId = own, DepartmentId = haigang }, As(countyOffice))).Results);
        await Refused(StatusCode.PermissionDenied, () => Tasks.GetTaskAsync(new GetTaskRequest { TaskId = others }, As(countyOffice)).ResponseAsync);
        await Refused(StatusCode.PermissionDenied, () => Tasks.ListTasksAsync(new ListTasksRequest { DepartmentId = shanhaiguan }, As(countyOffice)).ResponseAsync);
        await Refused(StatusCode.PermissionDenied, () => Tasks.ListResultsAsync(
            new ListResultsRequest { TaskId = others, DepartmentId = shanhaiguan }, As(countyOffice)).ResponseAsync);

        // Return visits: it samples its county's closed tasks and is refused another county's.
        var visit = new PlanReturnVisitRequest
        {
            VisitId = scenario.Id("RV-C"), OfficeId = countyOffice.DepartmentId, Name = "海港区专项回访", TaskIds = { others }, Reason = "检验抽查实效",
        };
        var outside = await Refused(StatusCode.PermissionDenied, () => Tasks.PlanReturnVisitAsync(visit, As(countyOffice)).ResponseAsync);
        Assert.Equal(("TASK_OUTSIDE_REGION", shanhaiguan), (ReasonOf(outside), outside.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>().Metadata["department_id"]));
        visit.TaskIds.Clear();
        visit.TaskIds.Add(own);
        Assert.Equal(ReturnVisitStatus.Planned, (await Tasks.PlanReturnVisitAsync(visit, As(countyOffice))).Status);
        await platform.Directories.Services.GetRequiredService<IBus>().Publish(
            new TaskEntitiesDrawn("draw-rv-c", visit.VisitId, [countyOffice.DepartmentId], [ownUscc], null, platform.Clock.GetUtcNow(), [own]));
        var get = new GetReturnVisitRequest { VisitId = visit.VisitId };
        await Eventually.Get(() => Tasks.GetReturnVisitAsync(get, As(countyOffice)).ResponseAsync, v => v.Status == ReturnVisitStatus.Drawn, "the county office's sample");
        var visited = await Tasks.RecordVisitAsync(new RecordVisitRequest
        {
            VisitId = visit.VisitId, Uscc = ownUscc, VisitedOn = Day, Outcome = VisitOutcome.Confirmed,
        }, As(countyOffice));
        Assert.Equal(VisitOutcome.Confirmed, visited.Entities.Single().Outcome);

        // The city office reads both counties, samples any of their tasks, and reads the county office's visit.
        Assert.Equal(others, (await Tasks.GetTaskAsync(new GetTaskRequest { TaskId = others }, As(cityOffice))).TaskId);
        Assert.Single((await Tasks.ListResultsAsync(new ListResultsRequest { TaskId = others, DepartmentId = shanhaiguan }, As(cityOffice))).Results);
        Assert.Equal(visit.VisitId, (await Tasks.GetReturnVisitAsync(get, As(cityOffice))).VisitId);
        var citywide = await Tasks.PlanReturnVisitAsync(new PlanReturnVisitRequest(visit)
        {
            VisitId = scenario.Id("RV-CITY"), OfficeId = cityOffice.DepartmentId, Name = "全市回访", TaskIds = { others },
        }, As(cityOffice));
        Assert.Equal([own, others], citywide.TaskIds);
        // ... while the county office does not read the city office's.
        await Refused(StatusCode.PermissionDenied, () => Tasks.GetReturnVisitAsync(new GetReturnVisitRequest { VisitId = citywide.VisitId }, As(countyOffice)).ResponseAsync);
    }

    [Fact]
    public async Task A_published_plan_is_filed_with_the_parent_and_the_city_office_and_the_offices_see_which_are_unfiled()
    {
        await scenario.CityOffice();
        var (province, city, county) = await scenario.Hierarchy();
        var (cityId, countyId) = (city.DepartmentId, county.DepartmentId);
        var unpublished = (await scenario.Department("130303-AMR", DepartmentLevel.County, "130303", cityId)).DepartmentId;
        var countyOffice = await scenario.CountyOfficeDepartment("130302");
        var cityOffice = Scenario.Office;
        await scenario.KnownToTasks(province.DepartmentId, cityId, countyId, unpublished, countyOffice.DepartmentId, cityOffice.DepartmentId);

        async Task<Dictionary<string, PlanFiling>> Filings(Caller caller) =>
            (await Tasks.ListPlanFilingsAsync(new ListPlanFilingsRequest { Year = Year }, As(caller))).Filings.ToDictionary(f => f.DepartmentId);

        var before = (await Filings(cityOffice))[countyId];
        Assert.Equal(FilingStatus.NoPublishedPlan, before.Status);
        Assert.Equal([cityId, cityOffice.DepartmentId], before.Recipients.Select(r => r.DepartmentId));

        await Tasks.DraftPlanAsync(Draft(countyId), Staff(countyId));
        var plan = new PlanCommandRequest { DepartmentId = countyId, Year = Year };
        await Tasks.ApprovePlanAsync(plan, Reviewer(countyId));
        var published = await Tasks.PublishPlanAsync(plan, Staff(countyId));
        Assert.Equal([(cityId, false), (cityOffice.DepartmentId, false)], published.Versions.Single().FiledWith.Select(r => (r.DepartmentId, r.Acknowledged)));

        // Only a recipient's staff, reviewer or supervisor acknowledges.
        var acknowledge = new AcknowledgePlanFilingRequest { DepartmentId = countyId, Year = Year };
        foreach (var outsider in new[] { Scenario.StaffOf(province.DepartmentId), Scenario.StaffOf(countyId), countyOffice,
                     new Caller("system-1", cityId, Roles.System) })
            Assert.Equal("NOT_FILING_RECIPIENT", ReasonOf(await Refused(StatusCode.PermissionDenied, () => Tasks.AcknowledgePlanFilingAsync(acknowledge, As(outsider)).ResponseAsync)));
        var byCity = await Tasks.AcknowledgePlanFilingAsync(acknowledge, Reviewer(cityId));
        Assert.Equal([(cityId, true, $"reviewer-{cityId}"), (cityOffice.DepartmentId, false, "")],
            byCity.Versions.Single().FiledWith.Select(r => (r.DepartmentId, r.Acknowledged, r.AcknowledgedBy)));
        var awaiting = (await Filings(cityOffice))[countyId];
        Assert.Equal((FilingStatus.AwaitingAcknowledgement, 1), (awaiting.Status, awaiting.PlanVersion));
        Assert.Equal("FILING_ACKNOWLEDGED", ReasonOf(await Refused(StatusCode.AlreadyExists, () => Tasks.AcknowledgePlanFilingAsync(acknowledge, Staff(cityId)).ResponseAsync)));
        await Tasks.AcknowledgePlanFilingAsync(new AcknowledgePlanFilingRequest(acknowledge) { PlanVersion = 1 }, As(cityOffice));

        // The city office sees both counties, the county office its own, the city bureau the departments below it.
        var seenByCityOffice = await Filings(cityOffice);
        Assert.Equal(FilingStatus.Acknowledged, seenByCityOffice[countyId].Status);
        Assert.All(seenByCityOffice[countyId].Recipients, r => Assert.True(r.Acknowledged));
        Assert.Equal(FilingStatus.NoPublishedPlan, seenByCityOffice[unpublished].Status);
        var seenByCountyOffice = await Filings(countyOffice);
        Assert.Equal(FilingStatus.Acknowledged, seenByCountyOffice[countyId].Status);
        Assert.DoesNotContain(unpublished, seenByCountyOffice.Keys);
        Assert.DoesNotContain(cityId, seenByCountyOffice.Keys);
        var seenByCity = await Filings(Scenario.StaffOf(cityId));
        Assert.Equal([countyId, unpublished], seenByCity.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(await Filings(Scenario.StaffOf(countyId)));

        // The same list over JSON, as a console reads it.
        using var http = platform.Http(cityOffice);
        var json = await http.GetStringAsync($"/v1/plan-filings/{Year}");
        Assert.Contains(countyId, json);
        Assert.Contains("FILING_STATUS_ACKNOWLEDGED", json);
    }

    [Fact]
    public async Task A_service_that_missed_a_department_learns_it_when_it_asks_for_the_departments()
    {
        var county = (await scenario.Department("130304-AMR", DepartmentLevel.County, "130304")).DepartmentId;
        await scenario.KnownToTasks(county);
        Guid? Heard() => platform.Recorders["tasks"].All.LastOrDefault(m => m.Message is DepartmentChanged d && d.DepartmentId == county)?.MessageId;
        var first = Heard() ?? throw new Xunit.Sdk.XunitException("the tasks service did not record the department's message");

        // As if it had started after the department was made: neither the department nor its message is known to it.
        var store = platform.Tasks.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.Delete<KnownDepartment>(county);
            session.Delete<ProcessedMessage>(first.ToString());
            await session.SaveChangesAsync();
        }
        await platform.Directories.Services.GetRequiredService<IBus>().Publish(new DepartmentsRequested("tasks", platform.Clock.GetUtcNow()));
        await scenario.KnownToTasks(county);
        Assert.Equal(first, Heard()); // the directories answer under the id of the department's latest change
    }
}
