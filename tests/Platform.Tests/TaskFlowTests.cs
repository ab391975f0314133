using Shuangsuiji.Contracts.Draws;
using MassTransit;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Directories.Calendar;
using Shuangsuiji.Draws.Candidates;
using Shuangsuiji.Platform.Tests.Infrastructure;
using Shuangsuiji.ServiceDefaults.Calendar;
using Shuangsuiji.ServiceDefaults.Messaging;
using KnownClaim = Shuangsuiji.Tasks.Forms.KnownClaim;
using KnownForm = Shuangsuiji.Tasks.Forms.KnownForm;
using Marten;
using Shuangsuiji.Api.Directories.V1;
using CatalogApi = Shuangsuiji.Api.Catalog.V1;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;
using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;
using TaskStatus = Shuangsuiji.Api.Tasks.V1.TaskStatus;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// Annual plans, joint tasks and results through the gateway: the procedures, department scoping, and the
/// inspection an approved result tells the draw engine about.
/// </summary>
public sealed class TaskFlowTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);
    private Api.Tasks.V1.Tasks.TasksClient Tasks => new(platform.GatewayChannel);

    // Check dates may not lie in the future, so the plans are for the platform's year and the checks are on its day.
    private static readonly DateOnly Today = ChinaDate.Of(Start);
    private static readonly int Year = Today.Year;

    private readonly CheckingTasks checking = new(platform, new Scenario(platform));

    private static CallOptions Staff(string department) => CheckingTasks.Staff(department);

    private static CallOptions Reviewer(string department) => CheckingTasks.Reviewer(department);

    private static async Task<RpcException> Fails(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);

    private static PlanScope Haigang => CheckingTasks.Haigang;

    private static PlannedTask Planned(string code, string department, string[] items, params string[] participants) => new()
    {
        Code = code, Name = "企业公示信息抽查", Items = { items }, Scope = Haigang, Quotas = { new RiskQuota { RiskClass = "D", Percent = 30 } },
        From = $"{Year}-01-01", To = $"{Year}-12-31", Joint = participants.Length > 0, LeadDepartmentId = department, ParticipantIds = { participants },
    };

    private async Task<Plan> PublishedPlan(string department, PlannedTask task)
    {
        await Tasks.DraftPlanAsync(new DraftPlanRequest
        {
            DepartmentId = department, Year = Year, Batches = { new PlanBatch { Number = 1, Name = "第一批", Tasks = { task } } },
        }, Staff(department));
        await Tasks.ApprovePlanAsync(new PlanCommandRequest { DepartmentId = department, Year = Year }, Reviewer(department));
        return await Tasks.PublishPlanAsync(new PlanCommandRequest { DepartmentId = department, Year = Year }, Staff(department));
    }

    [Fact]
    public async Task A_plan_is_approved_published_and_adjusted_with_a_reason_and_every_version_stays()
    {
        var amr = scenario.Id("130302-AMR");
        var drafted = await Tasks.DraftPlanAsync(new DraftPlanRequest
        {
            DepartmentId = amr, Year = Year,
            Batches = { new PlanBatch { Number = 1, Name = "第一批", Tasks = { Planned("T1", amr, [$"{amr}:HBSC-001"]) } } },
        }, Staff(amr));
        Assert.Equal((PlanStatus.Draft, 1L), (drafted.Status, drafted.Version));

        var plan = new PlanCommandRequest { DepartmentId = amr, Year = Year };
        Assert.Equal(StatusCode.PermissionDenied, (await Fails(() => Tasks.ApprovePlanAsync(plan, Staff(amr)).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Fails(() => Tasks.GetPlanAsync(
            new GetPlanRequest { DepartmentId = amr, Year = Year }, Staff(scenario.Id("130302-EEB"))).ResponseAsync)).StatusCode);
        await Tasks.ApprovePlanAsync(plan, Reviewer(amr));
        var published = await Tasks.PublishPlanAsync(plan, Staff(amr));
        Assert.Equal((PlanStatus.Published, 1), (published.Status, Assert.Single(published.Versions).Version));

        var revise = new RevisePlanRequest
        {
            DepartmentId = amr, Year = Year,
            Batches = { new PlanBatch { Number = 1, Name = "第一批（调整）", Tasks = { Planned("T1", amr, [$"{amr}:HBSC-001", $"{amr}:HBSC-002"]) } } },
        };
        var notAdjusting = await Fails(() => Tasks.RevisePlanAsync(revise, Staff(amr)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, notAdjusting.StatusCode);
        Assert.Contains("is Published", notAdjusting.Status.Detail);

        var adjusting = await Tasks.StartPlanAdjustmentAsync(new StartPlanAdjustmentRequest
        {
            DepartmentId = amr, Year = Year, Reason = "新增检查事项，经局务会同意调整", ExpectedVersion = published.Version,
        }, Staff(amr));
        Assert.Equal(PlanStatus.Adjusting, adjusting.Status);
        var stale = await Fails(() => Tasks.RevisePlanAsync(new RevisePlanRequest(revise) { ExpectedVersion = published.Version }, Staff(amr)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, stale.StatusCode);
        Assert.StartsWith("expected_version", stale.Status.Detail);
        await Tasks.RevisePlanAsync(new RevisePlanRequest(revise) { ExpectedVersion = adjusting.Version }, Staff(amr));
        await Tasks.ApprovePlanAsync(plan, Reviewer(amr));
        var adjusted = await Tasks.PublishPlanAsync(plan, Staff(amr));

        Assert.Equal([1, 2], adjusted.Versions.Select(v => v.Version));
        Assert.Equal(("", "新增检查事项，经局务会同意调整"), (adjusted.Versions[0].Reason, adjusted.Versions[1].Reason));
        Assert.Equal(["第一批", "第一批（调整）"], adjusted.Versions.Select(v => v.Batches[0].Name));

        // Published plans are public: another department sees the versions, not the working copy.
        var other = scenario.Id("130302-EEB");
        var seen = await Tasks.GetPlanAsync(new GetPlanRequest { DepartmentId = amr, Year = Year }, Staff(other));
        Assert.Equal((2, 0), (seen.Versions.Count, seen.Batches.Count));
        var listed = await Tasks.ListPlansAsync(new ListPlansRequest { DepartmentId = amr }, Staff(amr));
        Assert.Equal($"{amr}:{Year}", Assert.Single(listed.Plans).PlanId);
    }

    [Fact]
    public async Task A_joint_task_from_the_plan_is_its_partners_and_refuses_steps_out_of_order()
    {
        var (amr, eeb, outsider) = (scenario.Id("130302-AMR"), scenario.Id("130302-EEB"), scenario.Id("130302-HEALTH"));
        // The office reads the task of a department in its region, which the tasks service hears of over the bus.
        await scenario.CityOffice();
        await scenario.Department("130302-AMR", DepartmentLevel.County, "130302");
        await PublishedPlan(amr, Planned("LH-01", amr, [$"{amr}:HBSC-001"], eeb));

        var task = await Tasks.CreateTaskFromPlanAsync(new CreateTaskFromPlanRequest
        {
            TaskId = scenario.Id("LH-01"), DepartmentId = amr, Year = Year, TaskCode = "LH-01",
        }, Staff(amr));
        Assert.Equal((TaskStatus.Draft, $"{amr}:{Year}", 1), (task.Status, task.Plan.PlanId, task.Plan.PlanVersion));
        var id = task.TaskId;
        task = await Tasks.InviteDepartmentAsync(new InviteDepartmentRequest { TaskId = id, DepartmentId = eeb, Items = { $"{eeb}:HJ-001" } }, Staff(amr));
        Assert.Equal(DepartmentStage.Invited, task.Departments[1].Stage);

        // The invited partner sees the task; a department outside it neither sees it nor answers for the partner.
        Assert.Equal(id, (await Tasks.GetTaskAsync(new GetTaskRequest { TaskId = id }, Staff(eeb))).TaskId);
        Assert.Contains(id, (await Tasks.ListTasksAsync(new ListTasksRequest { DepartmentId = eeb }, Staff(eeb))).Tasks.Select(t => t.TaskId));
        Assert.Equal(StatusCode.PermissionDenied, (await Fails(() => Tasks.GetTaskAsync(new GetTaskRequest { TaskId = id }, Staff(outsider)).ResponseAsync)).StatusCode);
        Assert.Empty((await Tasks.ListTasksAsync(new ListTasksRequest { DepartmentId = outsider }, Staff(outsider))).Tasks);
        Assert.Equal(StatusCode.PermissionDenied, (await Fails(() => Tasks.ListTasksAsync(new ListTasksRequest { DepartmentId = amr }, Staff(outsider)).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Fails(() => Tasks.AcceptInvitationAsync(
            new InvitationRequest { TaskId = id, DepartmentId = eeb }, Staff(outsider)).ResponseAsync)).StatusCode);

        var early = await Fails(() => Tasks.StartChecksAsync(new TaskCommandRequest { TaskId = id }, Staff(amr)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);
        Assert.Contains($"task {id} is Draft", early.Status.Detail);

        await Tasks.AcceptInvitationAsync(new InvitationRequest { TaskId = id, DepartmentId = eeb }, Staff(eeb));
        await Tasks.ApproveTaskAsync(new TaskCommandRequest { TaskId = id }, Reviewer(amr));
        task = await Tasks.ConfirmPartnersAsync(new TaskCommandRequest { TaskId = id }, Staff(amr));
        Assert.Equal(TaskStatus.PartnersConfirmed, task.Status);
        Assert.Equal([(amr, DepartmentStage.Joined), (eeb, DepartmentStage.Joined)], task.Departments.Select(d => (d.DepartmentId, d.Stage)));
        await scenario.KnownToTasks(Scenario.Office.DepartmentId, amr);
        Assert.Equal(TaskStatus.PartnersConfirmed, (await Tasks.GetTaskAsync(new GetTaskRequest { TaskId = id }, As(Scenario.Office))).Status);
    }

    [Fact]
    public async Task A_result_is_returned_with_a_comment_resubmitted_approved_and_the_draw_engine_learns_the_inspection()
    {
        await scenario.CityOffice();
        var (amr, outsider) = ((await scenario.Department("130302-AMR", DepartmentLevel.County, "130302")).DepartmentId, scenario.Id("130302-EEB"));
        var (checkedItem, notChecked) = ($"{amr}:HBSC-001", $"{amr}:HBSC-002");
        var entities = new[] { EntityFiles.NewCode(), EntityFiles.NewCode() };
        var id = (await Tasks.CreateTaskAsync(new CreateTaskRequest
        {
            TaskId = scenario.Id("ZX-01"), DepartmentId = amr, Name = "群众举报线索专项抽查", Items = { checkedItem, notChecked }, Scope = Haigang,
            Quotas = { new RiskQuota { RiskClass = "D", Count = 2 } }, CheckFrom = $"{Year}-01-01", CheckTo = $"{Year}-12-31",
            Reason = "群众举报集中，计划外专项抽查",
        }, Staff(amr))).TaskId;
        await Tasks.ApproveTaskAsync(new TaskCommandRequest { TaskId = id }, Reviewer(amr));
        await Tasks.ConfirmPartnersAsync(new TaskCommandRequest { TaskId = id }, Staff(amr));
        // The draw engine's message records the draw (a draw another department prepared for the task does not count).
        var bus = platform.Directories.Services.GetRequiredService<IBus>();
        await bus.Publish(new TaskEntitiesDrawn("draw-0", id, [outsider], [EntityFiles.NewCode()], null, platform.Clock.GetUtcNow()));
        await bus.Publish(new TaskEntitiesDrawn("draw-1", id, [amr], entities, null, platform.Clock.GetUtcNow(),
            Strata: [new DrawnStratum("D", ["D"], 2, 2), new DrawnStratum("无分类", [], 30, 0)]));
        var drawn = await Eventually.Get(() => Tasks.GetTaskAsync(new GetTaskRequest { TaskId = id }, Staff(amr)).ResponseAsync,
            t => t.Status == TaskStatus.Drawn, "the draw on the task");
        Assert.Equal("draw-1", drawn.DrawId);
        Assert.Equal(entities, drawn.Entities);
        // The match is recorded by the tasks service once the draw engine's teams have arrived, no client asking; the
        // deprecated RecordMatch only answers the task as it stands. A result names its inspectors from its entity's team.
        Assert.Equal(DepartmentStage.Joined, drawn.Departments.Single().Stage);
#pragma warning disable CS0612
        var asked = await Tasks.RecordMatchAsync(new RecordMatchRequest { TaskId = id, DepartmentId = amr }, Staff(amr));
#pragma warning restore CS0612
        Assert.Equal((TaskStatus.Drawn, DepartmentStage.Joined, drawn.Version), (asked.Status, asked.Departments.Single().Stage, asked.Version));
        await checking.Matched(id, "draw-1", amr, entities, "QHD-AMR-001", "QHD-AMR-002", "QHD-AMR-003");
        Assert.Equal(TaskStatus.Checking, (await Tasks.StartChecksAsync(new TaskCommandRequest { TaskId = id }, Staff(amr))).Status);

        var uscc = entities[0];
        var draft = await Tasks.SaveResultDraftAsync(new ResultEntryRequest
        {
            TaskId = id, DepartmentId = amr, Uscc = uscc, Entry = new ResultEntry { CheckDates = { Today.ToString("yyyy-MM-dd") } },
        }, Staff(amr));
        Assert.Equal(ResultStatus.Draft, draft.Status);

        var entry = new ResultEntry
        {
            CheckDates = { Today.ToString("yyyy-MM-dd") }, Methods = { CheckMethod.OnSite }, Categories = { ResultCategory.NoProblem },
            Items = { new ItemOutcome { ItemId = checkedItem, Checked = true }, new ItemOutcome { ItemId = notChecked, Checked = false } },
            InspectorIds = { "QHD-AMR-001", "QHD-AMR-002" },
        };
        var submit = new ResultEntryRequest { TaskId = id, DepartmentId = amr, Uscc = uscc, Entry = entry };
        var invalid = await Fails(() => Tasks.SubmitResultAsync(
            new ResultEntryRequest(submit) { Entry = new ResultEntry(entry) { Categories = { ResultCategory.ProblemPending } } }, Staff(amr)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.StartsWith("categories:", invalid.Status.Detail);
        Assert.Equal(StatusCode.PermissionDenied, (await Fails(() => Tasks.SubmitResultAsync(submit, Staff(outsider)).ResponseAsync)).StatusCode);
        var stranger = await Fails(() => Tasks.SubmitResultAsync(
            new ResultEntryRequest(submit) { Entry = new ResultEntry(entry) { InspectorIds = { "QHD-AMR-009" } } }, Staff(amr)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, stranger.StatusCode);
        Assert.StartsWith("inspector_ids[2]: QHD-AMR-009 is not on the team", stranger.Status.Detail);
        await Tasks.SubmitResultAsync(submit, Staff(amr));

        var result = new ResultCommandRequest { TaskId = id, DepartmentId = amr, Uscc = uscc };
        var returned = await Tasks.ReturnResultAsync(new ReturnResultRequest { TaskId = id, DepartmentId = amr, Uscc = uscc, Comment = "请补充现场照片" }, Reviewer(amr));
        Assert.Equal((ResultStatus.Returned, "请补充现场照片"), (returned.Status, returned.ReturnComment));
        await Tasks.SubmitResultAsync(new ResultEntryRequest(submit) { ExpectedVersion = returned.Version }, Staff(amr));
        Assert.Equal(StatusCode.PermissionDenied, (await Fails(() => Tasks.ApproveResultAsync(result, Staff(amr)).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Fails(() => Tasks.ApproveResultAsync(result, Reviewer(outsider)).ResponseAsync)).StatusCode);
        var approved = await Tasks.ApproveResultAsync(result, Reviewer(amr));
        Assert.Equal(ResultStatus.Approved, approved.Status);
        // Checked on Monday 2 March 2026: the 20th working day after is Monday 30 March, by the 2026 notice the platform ships.
        Assert.Equal(("2026-03-30", false), (approved.ResultsDue, approved.ResultsDueProvisional));
        Assert.Equal("", approved.AbnormalListingDue);
        var twice = await Fails(() => Tasks.ApproveResultAsync(result, Reviewer(amr)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        Assert.Contains("is Approved", twice.Status.Detail);

        // Approved, the result is public (谁检查、谁公开) — without its inspectors or the reviewer's comment.
        var published = await Eventually.Get(() => platform.Public.SearchResultsAsync(
                new Shuangsuiji.Api.Disclosure.V1.SearchPublicResultsRequest { Uscc = uscc }).ResponseAsync,
            r => r.Results.Count == 1, "the public result");
        Assert.Equal((id, amr, "no_problem", Today.ToString("yyyy-MM-dd")),
            (published.Results[0].TaskId, published.Results[0].DepartmentId, published.Results[0].Categories.Single(), published.Results[0].PublishedOn));
        using (var anonymous = platform.Http())
        {
            var json = await anonymous.GetStringAsync($"/v1/public/results?uscc={uscc}");
            Assert.DoesNotContain("QHD-AMR-001", json);
            Assert.DoesNotContain("请补充现场照片", json);
        }

        // The department's results (with the internal comment) are its own and the supervising office's.
        await scenario.KnownToTasks(Scenario.Office.DepartmentId, amr);
        var list = new ListResultsRequest { TaskId = id, DepartmentId = amr };
        Assert.Equal([uscc], (await Tasks.ListResultsAsync(list, Staff(amr))).Results.Select(r => r.Uscc));
        Assert.Single((await Tasks.ListResultsAsync(list, As(Scenario.Office))).Results);
        Assert.Equal(StatusCode.PermissionDenied, (await Fails(() => Tasks.ListResultsAsync(list, Staff(outsider)).ResponseAsync)).StatusCode);

        // The draw engine records the inspection for the item checked (not for the one left unchecked).
        var table = platform.Draws.Services.GetRequiredService<CandidateTable>();
        var db = platform.Draws.Services.GetRequiredService<NpgsqlDataSource>();
        async Task<List<(string, DateOnly)>> Recorded()
        {
            await using var command = db.CreateCommand($"select item_id, inspected_on from {table.Inspections} where uscc = $1 and task_id = $2");
            command.Parameters.Add(new NpgsqlParameter { Value = uscc });
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<(string, DateOnly)>();
            while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetFieldValue<DateOnly>(1)));
            return rows;
        }
        Assert.Equal([(checkedItem, Today)], await Eventually.Get(Recorded, r => r.Count > 0, "the inspection at the draw engine"));
        Assert.DoesNotContain(platform.Recorders["draws"].All, m => m.MessageType == typeof(EntityInspected) && m.Faulted);

        // Entry, review and publication close the department's part; nothing to follow up, so the lead closes the task.
        var step = new DepartmentStepRequest { TaskId = id, DepartmentId = amr };
        Assert.Equal(StatusCode.FailedPrecondition, (await Fails(() => Tasks.CompleteEntryAsync(step, Staff(amr)).ResponseAsync)).StatusCode);
        await Tasks.SubmitResultAsync(new ResultEntryRequest(submit) { Uscc = entities[1] }, Staff(amr));
        await Tasks.ApproveResultAsync(new ResultCommandRequest(result) { Uscc = entities[1] }, Reviewer(amr));
        Assert.Equal(TaskStatus.ResultsEntered, (await Tasks.CompleteEntryAsync(step, Staff(amr))).Status);
        Assert.Equal(StatusCode.PermissionDenied, (await Fails(() => Tasks.CompleteReviewAsync(step, Staff(amr)).ResponseAsync)).StatusCode);
        Assert.Equal(TaskStatus.Reviewed, (await Tasks.CompleteReviewAsync(step, Reviewer(amr))).Status);
        Assert.Equal(TaskStatus.Published, (await Tasks.PublishResultsAsync(step, Staff(amr))).Status);
        var closed = await Tasks.CloseTaskAsync(new CloseTaskRequest { TaskId = id, ClosedOn = Today.ToString("yyyy-MM-dd") }, Staff(amr));
        Assert.Equal(TaskStatus.Closed, closed.Status);

        // The city office's figures follow the work (the tasks service's progress messages, kept by the supervision service).
        var supervision = new Api.Supervision.V1.Supervision.SupervisionClient(platform.GatewayChannel);
        var targets = await Eventually.Get(() => supervision.GetTargetsAsync(new Api.Supervision.V1.GetTargetsRequest { Subject = amr, Year = Year },
                As(Scenario.Office)).ResponseAsync,
            t => t.Figures.Single(f => f.Code == "published_on_time").Denominator == 2 && t.Figures.Single(f => f.Code == "joint_tasks").Denominator == 1,
            "the task and its results at the supervision service");
        Assert.Equal(
            ["joint_tasks 0/1", "joint_inspections 0/2", "risk_stratified 1/1", "planned_tasks_done 0/0", "published_on_time 2/2", "follow_ups_closed 0/0",
                "problem_discovery 0/2", "return_visits_done 0/0"],
            targets.Figures.Select(f => $"{f.Code} {f.Numerator}/{f.Denominator}"));
        var behind = await supervision.DrillDownAsync(new Api.Supervision.V1.DrillDownRequest { Subject = amr, Year = Year, Figure = "joint_tasks" }, Staff(amr));
        Assert.Equal([(id, "群众举报线索专项抽查")], behind.Records.Select(r => (r.RecordId, r.Name)));
        Assert.Equal(StatusCode.PermissionDenied, (await Fails(() => supervision.GetTargetsAsync(
            new Api.Supervision.V1.GetTargetsRequest { Subject = amr, Year = Year }, Staff(outsider)).ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task A_joint_tasks_check_record_holds_each_departments_forms_as_approved_and_the_values_entered()
    {
        await scenario.CityOffice();
        var (province, city, county) = await scenario.Hierarchy();
        var (lead, partner, outsider) = (county.DepartmentId, (await scenario.Department("130300-HWC", DepartmentLevel.City, "130300")).DepartmentId,
            scenario.Id("130302-EEB"));
        var source = await scenario.Item(province.DepartmentId, "HB-010");
        // The county claims the item from the city, which claimed it from the province: the basic form is the province's.
        var leadItem = await scenario.Claim(lead, (await scenario.Claim(city.DepartmentId, source.ItemId)).ItemId);
        var partnerItem = await scenario.Item(partner, "WJ-001", Scenario.Content("公共场所卫生监督抽查"));
        var catalog = platform.CatalogClient;
        CatalogApi.FormField Field(string key, string label, CatalogApi.FieldType type, params string[] options) =>
            new() { Key = key, Label = label, Type = type, Required = true, Options = { options } };
        await catalog.DefineFormAsync(new CatalogApi.DefineFormRequest
        {
            DepartmentId = province.DepartmentId, Code = source.Code, FormCode = "basic", Name = "基础检查表",
            Fields = { Field("licence_valid", "许可证是否有效", CatalogApi.FieldType.Boolean) },
        }, Staff(province.DepartmentId));
        var custom = new CatalogApi.DefineFormRequest
        {
            DepartmentId = lead, Code = leadItem.Code, FormCode = "haigang", Name = "海港区补充检查表",
            Fields = { Field("areas", "检查区域", CatalogApi.FieldType.MultiChoice, "后厨", "仓库", "餐厅") },
        };
        await catalog.DefineFormAsync(custom, Staff(lead));
        await catalog.DefineFormAsync(new CatalogApi.DefineFormRequest
        {
            DepartmentId = partner, Code = partnerItem.Code, FormCode = "basic", Name = "公共场所卫生检查表",
            Fields = { Field("disinfection", "消毒记录", CatalogApi.FieldType.Choice, "完整", "不完整") },
        }, Staff(partner));
        var (basicId, customId, partnerFormId) = ($"{source.ItemId}/basic", $"{leadItem.ItemId}/haigang", $"{partnerItem.ItemId}/basic");
        var tasksStore = platform.Tasks.Services.GetRequiredService<IDocumentStore>();
        async Task<long> KnownVersion(string formId)
        {
            await using var query = tasksStore.QuerySession();
            return (await query.LoadAsync<KnownForm>(formId))?.Form.Version ?? 0;
        }
        async Task<bool> AllKnown()
        {
            await using var query = tasksStore.QuerySession();
            return await KnownVersion(basicId) > 0 && await KnownVersion(customId) > 0 && await KnownVersion(partnerFormId) > 0
                && await query.LoadAsync<KnownClaim>(leadItem.ItemId) is not null && await query.LoadAsync<KnownClaim>(leadItem.SourceItemId) is not null;
        }
        await Eventually.Get(AllKnown, known => known, "the forms and the claim at the tasks service");

        var id = (await Tasks.CreateTaskAsync(new CreateTaskRequest
        {
            TaskId = scenario.Id("LH-09"), DepartmentId = lead, Name = "餐饮与公共场所联合抽查", Items = { leadItem.ItemId }, Scope = Haigang,
            Quotas = { new RiskQuota { RiskClass = "C", Count = 1 } }, CheckFrom = $"{Year}-01-01", CheckTo = $"{Year}-12-31", Reason = "联合专项",
        }, Staff(lead))).TaskId;
        await Tasks.InviteDepartmentAsync(new InviteDepartmentRequest { TaskId = id, DepartmentId = partner, Items = { partnerItem.ItemId } }, Staff(lead));
        await Tasks.AcceptInvitationAsync(new InvitationRequest { TaskId = id, DepartmentId = partner }, Staff(partner));
        await Tasks.ApproveTaskAsync(new TaskCommandRequest { TaskId = id }, Reviewer(lead));
        await Tasks.ConfirmPartnersAsync(new TaskCommandRequest { TaskId = id }, Staff(lead));
        var uscc = EntityFiles.NewCode();
        await platform.Directories.Services.GetRequiredService<IBus>().Publish(
            new TaskEntitiesDrawn("draw-9", id, [lead, partner], [uscc], null, platform.Clock.GetUtcNow()));
        await Eventually.Get(() => Tasks.GetTaskAsync(new GetTaskRequest { TaskId = id }, Staff(lead)).ResponseAsync,
            t => t.Status == TaskStatus.Drawn, "the draw on the task");
        await checking.Matched(id, "draw-9", lead, [uscc], "QHD-AMR-031");
        await checking.Matched(id, "draw-9", partner, [uscc], "QHD-HWC-007");
        await Tasks.StartChecksAsync(new TaskCommandRequest { TaskId = id }, Staff(lead));

        // A revision after approval is for later tasks: this one keeps the version it was approved with.
        await catalog.ReviseFormAsync(new CatalogApi.ReviseFormRequest
        {
            DepartmentId = lead, Code = leadItem.Code, FormCode = "haigang", Name = "海港区补充检查表（修订）", Fields = { custom.Fields }, Reason = "增加说明",
        }, Staff(lead));
        await Eventually.Get(() => KnownVersion(customId), v => v == 2, "the revised form at the tasks service");

        var date = Today.ToString("yyyy-MM-dd");
        ResultEntry Entry(string item, string inspector, params FormValue[] values) => new()
        {
            CheckDates = { date }, Methods = { CheckMethod.OnSite }, Categories = { ResultCategory.NoProblem },
            Items = { new ItemOutcome { ItemId = item, Checked = true } }, InspectorIds = { inspector }, FormValues = { values },
        };
        var leadEntry = Entry(leadItem.ItemId, "QHD-AMR-031",
            new FormValue { FormId = basicId, Key = "licence_valid", Values = { "true" } }, new FormValue { FormId = customId, Key = "areas", Values = { "后厨", "仓库" } });
        var request = new ResultEntryRequest { TaskId = id, DepartmentId = lead, Uscc = uscc, Entry = leadEntry };
        await Tasks.SaveResultDraftAsync(request, Staff(lead));
        var missing = await Fails(() => Tasks.SubmitResultAsync(new ResultEntryRequest(request)
        {
            Entry = Entry(leadItem.ItemId, "QHD-AMR-031", leadEntry.FormValues[0]),
        }, Staff(lead)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, missing.StatusCode);
        Assert.StartsWith("form_values:", missing.Status.Detail);
        Assert.Contains("检查区域", missing.Status.Detail);

        var recordRequest = new GetCheckRecordRequest { TaskId = id, Uscc = uscc };
        // The partner does not see the lead's draft; the lead does.
        var seenByPartner = await Tasks.GetCheckRecordAsync(recordRequest, Staff(partner));
        Assert.Equal([lead, partner], seenByPartner.Departments.Select(d => d.DepartmentId));
        Assert.Equal(ResultStatus.Unspecified, seenByPartner.Departments[0].ResultStatus);
        Assert.Empty(seenByPartner.Departments[0].Items[0].Forms.SelectMany(f => f.Fields).SelectMany(f => f.Values));
        Assert.Equal(ResultStatus.Draft, (await Tasks.GetCheckRecordAsync(recordRequest, Staff(lead))).Departments[0].ResultStatus);

        await Tasks.SubmitResultAsync(request, Staff(lead));
        await Tasks.SubmitResultAsync(new ResultEntryRequest
        {
            TaskId = id, DepartmentId = partner, Uscc = uscc,
            Entry = Entry(partnerItem.ItemId, "QHD-HWC-007", new FormValue { FormId = partnerFormId, Key = "disinfection", Values = { "完整" } }),
        }, Staff(partner));

        var record = await Tasks.GetCheckRecordAsync(recordRequest, Staff(partner));
        Assert.Equal((id, uscc), (record.TaskId, record.Uscc));
        var leadSection = record.Departments[0];
        Assert.Equal((ResultStatus.Submitted, "QHD-AMR-031"), (leadSection.ResultStatus, Assert.Single(leadSection.InspectorIds)));
        var item = Assert.Single(leadSection.Items);
        Assert.True(item.Outcome.Checked);
        Assert.Equal([("basic", "basic", 1L), ("haigang", "custom", 1L)], item.Forms.Select(f => (f.FormCode, f.Kind, f.Version)));
        Assert.Equal("海港区补充检查表", item.Forms[1].Name);
        Assert.Equal(["后厨", "仓库"], item.Forms[1].Fields[0].Values);
        Assert.Equal(("multi_choice", 3), (item.Forms[1].Fields[0].Type, item.Forms[1].Fields[0].Options.Count));
        Assert.Equal(["完整"], record.Departments[1].Items[0].Forms[0].Fields[0].Values);

        await scenario.KnownToTasks(Scenario.Office.DepartmentId, lead, partner);
        Assert.Equal(2, (await Tasks.GetCheckRecordAsync(recordRequest, As(Scenario.Office))).Departments.Count);
        Assert.Equal(StatusCode.PermissionDenied, (await Fails(() => Tasks.GetCheckRecordAsync(recordRequest, Staff(outsider)).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, (await Fails(() => Tasks.GetCheckRecordAsync(
            new GetCheckRecordRequest { TaskId = id, Uscc = EntityFiles.NewCode() }, Staff(lead)).ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task Missed_deadlines_are_raised_once_and_an_unreachable_entity_goes_on_the_abnormal_operations_list()
    {
        var amr = scenario.Id("130302-AMR");
        var item = $"{amr}:HBSC-001";
        // Checks two months ago: the 20 working days for results and the 10 for listing have passed.
        var (from, to, checkedOn) = (Today.AddDays(-90), Today.AddDays(-60), Today.AddDays(-70));
        var entities = new[] { EntityFiles.NewCode(), EntityFiles.NewCode() };
        var id = await checking.Start(amr, "ZX-02", item, from, to, entities);

        // The watch raises the missed results deadline once for both entities, none entered: by the period's end.
        var calendar = CalendarSeed.WorkingDays;
        var task = await Eventually.Get(() => Tasks.GetTaskAsync(new GetTaskRequest { TaskId = id }, Staff(amr)).ResponseAsync,
            t => t.Overdue.Count > 0, "the missed deadline on the task");
        var raised = Assert.Single(task.Overdue);
        Assert.Equal($"{calendar.ResultsDue(to).On:yyyy-MM-dd}", raised.DueOn);
        Assert.Equal(entities.Order(), raised.Usccs.Order());

        // A result entered late, with an earlier check date, is not raised again; its missed listing is.
        var unreachable = entities[0];
        await Tasks.SubmitResultAsync(new ResultEntryRequest
        {
            TaskId = id, DepartmentId = amr, Uscc = unreachable,
            Entry = new ResultEntry
            {
                CheckDates = { $"{checkedOn:yyyy-MM-dd}" }, Methods = { CheckMethod.OnSite }, Categories = { ResultCategory.ProblemPending },
                PendingReasons = { PendingReason.Unreachable }, Items = { new ItemOutcome { ItemId = item, Checked = false } },
                InspectorIds = { "QHD-AMR-001", "QHD-AMR-002" },
            },
        }, Staff(amr));
        var result = new ResultCommandRequest { TaskId = id, DepartmentId = amr, Uscc = unreachable };
        await Tasks.ApproveResultAsync(result, Reviewer(amr));
        var listed = await Eventually.Get(() => Tasks.ListResultsAsync(new ListResultsRequest { TaskId = id, DepartmentId = amr }, Staff(amr)).ResponseAsync,
            r => r.Results.Single().AbnormalListingOverdueOn != "", "the missed listing on the result");
        Assert.Equal($"{calendar.AbnormalListingDue(checkedOn).On:yyyy-MM-dd}", listed.Results[0].AbnormalListingOverdueOn);
        await Task.Delay(2500); // two more scans raise nothing new
        Assert.Single((await Tasks.GetTaskAsync(new GetTaskRequest { TaskId = id }, Staff(amr))).Overdue);

        // Late, but listed: with its decision, once.
        var listing = new RecordAbnormalListingRequest
        {
            TaskId = id, DepartmentId = amr, Uscc = unreachable, ListedOn = Today.ToString("yyyy-MM-dd"), DecisionNo = "秦海市监异〔2026〕3号",
        };
        var recorded = await Tasks.RecordAbnormalListingAsync(listing, Staff(amr));
        Assert.Equal((Today.ToString("yyyy-MM-dd"), "秦海市监异〔2026〕3号"), (recorded.AbnormalListedOn, recorded.AbnormalListingDecisionNo));
        Assert.Equal(StatusCode.FailedPrecondition, (await Fails(() => Tasks.RecordAbnormalListingAsync(listing, Staff(amr)).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Fails(() => Tasks.RecordAbnormalListingAsync(
            new RecordAbnormalListingRequest(listing) { Uscc = entities[1] }, Staff(amr)).ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task A_departments_match_is_recorded_when_its_last_teams_arrive_before_or_after_the_draw_with_no_client_call()
    {
        var (amr, eeb) = (scenario.Id("130302-AMR"), scenario.Id("130302-EEB"));
        var entities = new[] { EntityFiles.NewCode(), EntityFiles.NewCode() };
        var id = (await Tasks.CreateTaskAsync(new CreateTaskRequest
        {
            TaskId = scenario.Id("LH-TEAMS"), DepartmentId = amr, Name = "餐饮食品安全联合抽查", Items = { $"{amr}:HBSC-001" }, Scope = Haigang,
            Quotas = { new RiskQuota { RiskClass = "D", Count = 2 } }, CheckFrom = $"{Today:yyyy-MM-dd}", CheckTo = $"{Today:yyyy-MM-dd}", Reason = "专项核查",
        }, Staff(amr))).TaskId;
        await Tasks.InviteDepartmentAsync(new InviteDepartmentRequest { TaskId = id, DepartmentId = eeb, Items = { $"{eeb}:HJ-001" } }, Staff(amr));
        await Tasks.AcceptInvitationAsync(new InvitationRequest { TaskId = id, DepartmentId = eeb }, Staff(eeb));
        await Tasks.ApproveTaskAsync(new TaskCommandRequest { TaskId = id }, Reviewer(amr));
        await Tasks.ConfirmPartnersAsync(new TaskCommandRequest { TaskId = id }, Staff(amr));
        var bus = platform.Directories.Services.GetRequiredService<IBus>();
        var store = platform.Tasks.Services.GetRequiredService<IDocumentStore>();
        async Task<int> TeamsKept()
        {
            await using var query = store.QuerySession();
            return await query.Query<Shuangsuiji.Tasks.Results.InspectorTeam>().CountAsync(t => t.TaskId == id);
        }
        // The draw engine's messages, attributed as its relay attributes them: to the staff who executed the draw or matched.
        Action<PublishContext> By(string department) => context =>
        {
            context.Headers.Set(RelayHeaders.User, Scenario.StaffOf(department).UserId);
            context.Headers.Set(RelayHeaders.Department, department);
            context.Headers.Set(RelayHeaders.Role, Roles.Staff);
        };
        Task Teams(string department, params string[] usccs) => bus.Publish<InspectorsAssigned>(new("draw-m", id, department,
            [.. usccs.Select(u => new AssignedTeam(u, [$"{department}-I1"]))], 1, platform.Clock.GetUtcNow()), By(department));

        // The lead's teams, all of them, and the first of the partner's come before the draw they belong to.
        await Teams(amr, entities);
        await Teams(eeb, entities[0]);
        await Eventually.Get(TeamsKept, n => n == 3, "the early teams at the tasks service");
        await bus.Publish<TaskEntitiesDrawn>(new("draw-m", id, [amr, eeb], entities, null, platform.Clock.GetUtcNow()), By(amr));
        var drawn = await Eventually.Get(() => Tasks.GetTaskAsync(new GetTaskRequest { TaskId = id }, Staff(amr)).ResponseAsync,
            t => t.Status != TaskStatus.PartnersConfirmed, "the draw on the task");
        // Recorded with the draw, the lead's match; the partner's waits for its second team.
        Assert.Equal((TaskStatus.Drawn, DepartmentStage.Matched, DepartmentStage.Joined), (drawn.Status, drawn.Departments[0].Stage, drawn.Departments[1].Stage));
        await Teams(eeb, entities[1]);
        var matched = await Eventually.Get(() => Tasks.GetTaskAsync(new GetTaskRequest { TaskId = id }, Staff(amr)).ResponseAsync,
            t => t.Status == TaskStatus.Matched, "the partner's match on the task");
        Assert.All(matched.Departments, d => Assert.Equal(DepartmentStage.Matched, d.Stage));

        // In the task's history each match is attributed to whose message completed it: the lead's, recorded with the draw,
        // to the lead's staff who executed it; the partner's to the partner's staff who matched the last teams.
        var history = await new Api.Audit.V1.AuditTrail.AuditTrailClient(platform.GatewayChannel)
            .GetHistoryAsync(new Api.Audit.V1.GetHistoryRequest { Service = "tasks", StreamId = $"task:{id}" }, As(Scenario.Office));
        Assert.Equal([("entities_drawn", $"staff-{amr}"), ("department_inspectors_matched", $"staff-{amr}"), ("department_inspectors_matched", $"staff-{eeb}")],
            history.Events.Skip(5).Select(e => (e.Kind, e.Actor)));
    }

    [Fact]
    public async Task Teams_that_arrive_out_of_order_keep_the_newest_and_another_draws_team_replaces_them()
    {
        var (task, department, bus) = ($"TEAMS-{Guid.NewGuid():N}", scenario.Id("130302-AMR"), platform.Directories.Services.GetRequiredService<IBus>());
        var (first, second) = (EntityFiles.NewCode(), EntityFiles.NewCode());
        var tasks = platform.Tasks.Services.GetRequiredService<IDocumentStore>();
        async Task<Dictionary<string, (string DrawId, long Version, IReadOnlyList<string> Ids)>> Kept()
        {
            await using var query = tasks.QuerySession();
            return (await query.Query<Shuangsuiji.Tasks.Results.InspectorTeam>().Where(t => t.TaskId == task).ToListAsync())
                .ToDictionary(t => t.Id.Split('|')[2], t => (t.DrawId, t.Version, t.InspectorIds));
        }
        InspectorsAssigned Teams(string draw, long version, string uscc, params string[] ids) =>
            new(draw, task, department, [new AssignedTeam(uscc, ids)], version, platform.Clock.GetUtcNow());

        // A replacement (version 2) overtakes the matching's part (version 1) that carries the same entity.
        await bus.Publish(Teams("draw-a", 2, first, "I1", "I3"));
        await Eventually.Get(Kept, k => k.Count == 1, "the replacement at the tasks service");
        await bus.Publish(new InspectorsAssigned("draw-a", task, department, [new AssignedTeam(first, ["I1", "I2"]), new AssignedTeam(second, ["I4", "I5"])],
            1, platform.Clock.GetUtcNow()));
        var kept = await Eventually.Get(Kept, k => k.Count == 2, "the matching's part at the tasks service");
        Assert.Equal(("draw-a", 2L), (kept[first].DrawId, kept[first].Version));
        Assert.Equal(["I1", "I3"], kept[first].Ids);
        Assert.Equal(["I4", "I5"], kept[second].Ids);

        // A re-draw's teams replace the earlier draw's, whatever their version.
        await bus.Publish(Teams("draw-b", 1, first, "I6", "I7"));
        kept = await Eventually.Get(Kept, k => k[first].DrawId == "draw-b", "the re-draw's team at the tasks service");
        Assert.Equal(["I6", "I7"], kept[first].Ids);
        Assert.Equal("draw-a", kept[second].DrawId);
    }

    [Fact]
    public async Task A_command_sent_again_with_its_request_id_takes_effect_once()
    {
        var amr = scenario.Id("130302-AMR");
        var item = $"{amr}:HBSC-001";
        var entities = new[] { EntityFiles.NewCode(), EntityFiles.NewCode() };
        var id = await checking.Start(amr, "ZX-03", item, Today.AddDays(-10), Today, entities);
        ResultEntryRequest Submit(string uscc) => new()
        {
            TaskId = id, DepartmentId = amr, Uscc = uscc,
            Entry = new ResultEntry
            {
                CheckDates = { Today.ToString("yyyy-MM-dd") }, Methods = { CheckMethod.OnSite }, Categories = { ResultCategory.NoProblem },
                Items = { new ItemOutcome { ItemId = item, Checked = true } }, InspectorIds = { "QHD-AMR-001", "QHD-AMR-002" },
            },
        };
        var named = Staff(amr).Headers!;
        named.Add("x-request-id", Guid.NewGuid().ToString("N"));
        var first = await Tasks.SubmitResultAsync(Submit(entities[0]), named);
        var again = await Tasks.SubmitResultAsync(Submit(entities[0]), named);
        Assert.Equal((ResultStatus.Submitted, first.Version), (again.Status, again.Version));
        // Without the name, sending it again is a second command, refused by the rules.
        Assert.Equal(StatusCode.FailedPrecondition, (await Fails(() => Tasks.SubmitResultAsync(Submit(entities[0]), Staff(amr)).ResponseAsync)).StatusCode);
        // A name is for one command only.
        var reused = await Fails(() => Tasks.SubmitResultAsync(Submit(entities[1]), named).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, reused.StatusCode);
        Assert.StartsWith("x-request-id:", reused.Status.Detail);

        await using var query = platform.Tasks.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await query.Events.FetchStreamAsync($"result:{id}:{amr}:{entities[0]}");
        Assert.Single(events);
    }

    [Fact]
    public async Task A_serious_penalty_enters_the_entitys_credit_record_and_raises_its_risk_class()
    {
        var city = await scenario.Department("130300-AMR", DepartmentLevel.City, "130300");
        var county = (await scenario.Department("130302-AMR", DepartmentLevel.County, "130302", city.DepartmentId)).DepartmentId;
        var uscc = EntityFiles.NewCode();
        var entities = new MarketEntities.MarketEntitiesClient(platform.GatewayChannel);
        await entities.RegisterEntityAsync(new RegisterEntityRequest
        {
            Uscc = uscc,
            Fields = new EntityFields
            {
                Name = "秦皇岛渔港海鲜餐饮有限公司", Type = EntityType.Enterprise, Industry = "H62", Division = "130302", Address = "海港区海滨路8号",
                RegisteringAuthority = county,
            },
        }, Staff(county));
        await entities.ChangeRiskClassAsync(new ChangeRiskClassRequest { Uscc = uscc, RiskClass = "B", EffectiveOn = $"{Year}-01-01" }, Staff(county));

        var item = $"{county}:HBSC-001";
        var id = await checking.Start(county, "ZX-04", item, Today.AddDays(-10), Today, [uscc]);
        await Tasks.SubmitResultAsync(new ResultEntryRequest
        {
            TaskId = id, DepartmentId = county, Uscc = uscc,
            Entry = new ResultEntry
            {
                CheckDates = { Today.ToString("yyyy-MM-dd") }, Methods = { CheckMethod.OnSite }, Categories = { ResultCategory.ProblemPending },
                PendingReasons = { PendingReason.OtherDepartmentViolation },
                Items = { new ItemOutcome { ItemId = item, Checked = true, ProblemFound = true, Action = "立案调查" } },
                InspectorIds = { "QHD-AMR-001", "QHD-AMR-002" },
            },
        }, Staff(county));
        await Tasks.ApproveResultAsync(new ResultCommandRequest { TaskId = id, DepartmentId = county, Uscc = uscc }, Reviewer(county));
        await Tasks.RecordFollowUpAsync(new RecordFollowUpRequest
        {
            TaskId = id, DepartmentId = county, Uscc = uscc,
            Action = new FollowUpAction
            {
                Kind = FollowUpKind.PenaltyDecided, Target = "秦海市监罚〔2026〕7号", On = Today.ToString("yyyy-MM-dd"), Reason = "销售过期食品", Serious = true,
            },
        }, Staff(county));

        var raised = await Eventually.Get(() => entities.GetEntityAsync(new GetEntityRequest { Uscc = uscc }, Staff(county)).ResponseAsync,
            e => e.RiskClass == "C", "the raised risk class at the directories");
        Assert.Equal(Today.ToString("yyyy-MM-dd"), raised.RiskSince);
        var history = await entities.GetEntityHistoryAsync(new GetEntityRequest { Uscc = uscc }, Staff(county));
        Assert.Equal(["registered", "risk-class-changed", "credit-recorded", "risk-class-changed"], history.Changes.Select(c => c.Change));
        Assert.Contains("秦海市监罚〔2026〕7号", history.Changes[2].Details);
    }

    [Fact]
    public async Task The_office_draws_a_return_visit_from_closed_tasks_records_its_findings_and_closes_it()
    {
        await scenario.CityOffice();
        var amr = (await scenario.Department("130302-AMR", DepartmentLevel.County, "130302")).DepartmentId;
        var item = $"{amr}:HBSC-001";
        var entities = new[] { EntityFiles.NewCode(), EntityFiles.NewCode() };
        var id = await checking.Start(amr, "ZX-05", item, Today.AddDays(-10), Today, entities);
        var plan = new PlanReturnVisitRequest
        {
            VisitId = scenario.Id("RV-01"), OfficeId = Scenario.Office.DepartmentId, Name = "专项抽查回访", TaskIds = { id }, Reason = "检验抽查实效",
        };
        await scenario.KnownToTasks(Scenario.Office.DepartmentId, amr);
        var running = await Fails(() => Tasks.PlanReturnVisitAsync(plan, As(Scenario.Office)).ResponseAsync);
        Assert.Equal((StatusCode.InvalidArgument, $"task_ids: task {id} is Checking: return visits sample closed tasks"), (running.StatusCode, running.Status.Detail));

        foreach (var uscc in entities)
        {
            await Tasks.SubmitResultAsync(new ResultEntryRequest
            {
                TaskId = id, DepartmentId = amr, Uscc = uscc,
                Entry = new ResultEntry
                {
                    CheckDates = { Today.ToString("yyyy-MM-dd") }, Methods = { CheckMethod.OnSite }, Categories = { ResultCategory.NoProblem },
                    Items = { new ItemOutcome { ItemId = item, Checked = true } },
                    InspectorIds = { "QHD-AMR-001", "QHD-AMR-002" },
                },
            }, Staff(amr));
            await Tasks.ApproveResultAsync(new ResultCommandRequest { TaskId = id, DepartmentId = amr, Uscc = uscc }, Reviewer(amr));
        }
        var step = new DepartmentStepRequest { TaskId = id, DepartmentId = amr };
        await Tasks.CompleteEntryAsync(step, Staff(amr));
        await Tasks.CompleteReviewAsync(step, Reviewer(amr));
        await Tasks.PublishResultsAsync(step, Staff(amr));
        await Tasks.CloseTaskAsync(new CloseTaskRequest { TaskId = id, ClosedOn = Today.ToString("yyyy-MM-dd") }, Staff(amr));

        Assert.Equal(StatusCode.PermissionDenied, (await Fails(() => Tasks.PlanReturnVisitAsync(plan, Staff(amr)).ResponseAsync)).StatusCode);
        var planned = await Tasks.PlanReturnVisitAsync(plan, As(Scenario.Office));
        Assert.Equal((ReturnVisitStatus.Planned, id), (planned.Status, planned.TaskIds.Single()));

        // The draw engine's message records the sample; a draw by a department, or of other tasks, does not count.
        var bus = platform.Directories.Services.GetRequiredService<IBus>();
        await bus.Publish(new TaskEntitiesDrawn("draw-rv-0", plan.VisitId, [amr], [entities[0]], null, platform.Clock.GetUtcNow(), [id]));
        await bus.Publish(new TaskEntitiesDrawn("draw-rv-1", plan.VisitId, [plan.OfficeId], [entities[1]], null, platform.Clock.GetUtcNow(), [id]));
        var get = new GetReturnVisitRequest { VisitId = plan.VisitId };
        var drawn = await Eventually.Get(() => Tasks.GetReturnVisitAsync(get, As(Scenario.Office)).ResponseAsync,
            v => v.Status == ReturnVisitStatus.Drawn, "the sample on the return visit");
        Assert.Equal("draw-rv-1", drawn.DrawId);
        var entity = Assert.Single(drawn.Entities);
        Assert.Equal((entities[1], id, ""), (entity.Uscc, entity.TaskIds.Single(), entity.VisitedOn));

        var visit = new RecordVisitRequest { VisitId = plan.VisitId, Uscc = entities[1], VisitedOn = Today.ToString("yyyy-MM-dd"), Outcome = VisitOutcome.Discrepancy };
        var noFindings = await Fails(() => Tasks.RecordVisitAsync(visit, As(Scenario.Office)).ResponseAsync);
        Assert.StartsWith("findings:", noFindings.Status.Detail);
        Assert.Equal(StatusCode.PermissionDenied, (await Fails(() => Tasks.RecordVisitAsync(
            new RecordVisitRequest(visit) { Findings = "无" }, Staff(amr)).ResponseAsync)).StatusCode);
        await Tasks.RecordVisitAsync(new RecordVisitRequest(visit) { Findings = "记录为未发现问题，回访见货架有过期食品" }, As(Scenario.Office));
        var closed = await Tasks.CloseReturnVisitAsync(new CloseReturnVisitRequest
        {
            VisitId = plan.VisitId, ClosedOn = Today.ToString("yyyy-MM-dd"), Summary = "回访一户，检查结果与实际不符，已通报海港区市场监管局",
        }, As(Scenario.Office));
        Assert.Equal(ReturnVisitStatus.Closed, closed.Status);
        Assert.Equal((VisitOutcome.Discrepancy, "记录为未发现问题，回访见货架有过期食品"), (closed.Entities[0].Outcome, closed.Entities[0].Findings));

        // The office's oversight is the office's to read.
        Assert.Equal(StatusCode.PermissionDenied, (await Fails(() => Tasks.GetReturnVisitAsync(get, Staff(amr)).ResponseAsync)).StatusCode);
        var listed = await Tasks.ListReturnVisitsAsync(new ListReturnVisitsRequest { OfficeId = plan.OfficeId }, As(Scenario.Office));
        Assert.Contains(listed.Visits, v => v.VisitId == plan.VisitId);
    }
}
