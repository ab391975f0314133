using System.Net;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using Shuangsuiji.Api.Catalog.V1;
using Shuangsuiji.Api.Draws.V1;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Disclosure.V1;
using Shuangsuiji.Api.Supervision.V1;
using TasksApi = Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Platform.Tests.Infrastructure;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// Every service's refusals as a program reads them through the gateway (docs/api.md): the status and English message as
/// before, and a google.rpc.Status with an ErrorInfo (reason, the service's domain, metadata), a BadRequest naming the
/// field for bad input, a PreconditionFailure for a rule, a RetryInfo for a "not yet", and the Chinese message (zh-CN).
/// </summary>
public sealed class ErrorDetailsTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);
    private readonly DrawCeremony ceremony = new(platform, new Scenario(platform));

    /// <summary>The details of a refusal, checked for what every error carries: an ErrorInfo of the service and a zh-CN message.</summary>
    internal static (Google.Rpc.Status Status, ErrorInfo Info, string Chinese) Details(RpcException e, StatusCode code, string service)
    {
        Assert.Equal(code, e.StatusCode);
        var status = e.GetRpcStatus() ?? throw new Xunit.Sdk.XunitException($"no google.rpc.Status in {e.Status}");
        Assert.Equal(((int)code, e.Status.Detail), (status.Code, status.Message));
        var info = status.GetDetail<ErrorInfo>();
        Assert.Equal($"{service}.shuangsuiji", info.Domain);
        var chinese = status.GetDetail<LocalizedMessage>();
        Assert.Equal("zh-CN", chinese.Locale);
        return (status, info, chinese.Message);
    }

    [Fact]
    public async Task The_catalog_refuses_a_department_it_has_not_heard_of_as_not_yet_with_a_retry_delay()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => platform.CatalogClient.CreateItemAsync(new CreateItemRequest
        {
            DepartmentId = "139999-NONE", Code = "X-1", Content = Scenario.Content(), EffectiveOn = "2022-01-01",
        }, As(Scenario.StaffOf("139999-NONE"))).ResponseAsync);
        var (status, info, chinese) = Details(e, StatusCode.InvalidArgument, "catalog");
        Assert.Equal("department_id: no department 139999-NONE", status.Message);
        Assert.Equal(("DEPARTMENT_NOT_KNOWN", "139999-NONE", "department_id"), (info.Reason, info.Metadata["department_id"], info.Metadata["field"]));
        var violation = Assert.Single(status.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal(("department_id", "no department 139999-NONE", "DEPARTMENT_NOT_KNOWN"), (violation.Field, violation.Description, violation.Reason));
        Assert.Equal(("zh-CN", "事项目录服务尚未获知部门 139999-NONE"), (violation.LocalizedMessage.Locale, violation.LocalizedMessage.Message));
        Assert.Equal(TimeSpan.FromSeconds(1), status.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan());
        Assert.Equal("department_id：事项目录服务尚未获知部门 139999-NONE", chinese);
    }

    [Fact]
    public async Task The_draw_engine_names_the_rule_a_late_commitment_breaks_and_the_stratum_a_quota_does_not_fit()
    {
        var lead = (await scenario.Department(scenario.Id("130399-AMR"), Api.Directories.V1.DepartmentLevel.County, "130399")).DepartmentId;
        var task = await ceremony.ReadyTask(lead, [], new Api.Tasks.V1.PlanScope { Divisions = { "130399" } },
            new Api.Tasks.V1.RiskQuota { RiskClass = "D", Percent = 30 });
        var draws = ceremony.Draws;
        var small = await Assert.ThrowsAsync<RpcException>(() => Scenario.UntilKnown(() => draws.PrepareDrawAsync(
            ceremony.Request(task, new Stratum { Label = "D", RiskClasses = { "D" }, Percent = 10 }), As(Scenario.StaffOf(lead))).ResponseAsync));
        var (status, info, chinese) = Details(small, StatusCode.InvalidArgument, "draws");
        var violation = Assert.Single(status.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal(("strata[0].percent", "QUOTA_NOT_MET"), (violation.Field, info.Reason));
        Assert.Equal(("D", "30 %", "strata[0].percent"), (info.Metadata["stratum"], info.Metadata["required"], info.Metadata["field"]));
        Assert.Equal("strata[0].percent：分层 D：10 % 低于任务对 D 类的抽查比例（30 %）", chinese);

        var draw = await draws.PrepareDrawAsync(ceremony.Request(task, new Stratum { Label = "D", RiskClasses = { "D" }, Percent = 30 }), As(Scenario.StaffOf(lead)));
        await ceremony.PassDeadline(draw);
        var late = await Assert.ThrowsAsync<RpcException>(() => draws.CommitSecretAsync(
            new CommitSecretRequest { DrawId = draw.DrawId, Party = lead, Generate = true }, As(Scenario.StaffOf(lead))).ResponseAsync);
        (status, info, chinese) = Details(late, StatusCode.FailedPrecondition, "draws");
        var deadline = draw.CommitDeadline.ToDateTimeOffset();
        Assert.Equal(("DRAW_COMMITMENTS_CLOSED", draw.DrawId), (info.Reason, info.Metadata["draw_id"]));
        Assert.Equal(deadline, DateTimeOffset.Parse(info.Metadata["commit_deadline"], System.Globalization.CultureInfo.InvariantCulture));
        var rule = Assert.Single(status.GetDetail<PreconditionFailure>().Violations);
        Assert.Equal(("DRAW_COMMITMENTS_CLOSED", draw.DrawId, late.Status.Detail), (rule.Type, rule.Subject, rule.Description));
        Assert.StartsWith($"抽取 {draw.DrawId} 的承诺已于 ", chinese);
        Assert.Null(status.GetDetail<RetryInfo>());
        Assert.Null(status.GetDetail<BadRequest>());
    }

    [Fact]
    public async Task The_directories_name_the_field_of_bad_input_and_the_department_that_exists()
    {
        var departments = platform.Departments;
        var bad = await Assert.ThrowsAsync<RpcException>(() => departments.CreateDepartmentAsync(new CreateDepartmentRequest
        {
            DepartmentId = scenario.Id("130399-BAD"), Name = "市场监督管理局", Level = DepartmentLevel.County, RegionCode = "13",
        }, As(Scenario.Office)).ResponseAsync);
        var (status, info, chinese) = Details(bad, StatusCode.InvalidArgument, "directories");
        var violation = Assert.Single(status.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal(("region_code", "FIELD_INVALID", "region_code"), (violation.Field, info.Reason, info.Metadata["field"]));
        Assert.Equal("region_code：“13”不是六位行政区划代码", chinese);

        var made = await scenario.Department(scenario.Id("130399-AMR"), DepartmentLevel.County, "130399");
        var twice = await Assert.ThrowsAsync<RpcException>(() => departments.CreateDepartmentAsync(new CreateDepartmentRequest
        {
            DepartmentId = made.DepartmentId, Name = made.Name, Level = DepartmentLevel.County, RegionCode = "130399",
        }, As(Scenario.Office)).ResponseAsync);
        (status, info, chinese) = Details(twice, StatusCode.AlreadyExists, "directories");
        Assert.Equal(("DEPARTMENT_EXISTS", made.DepartmentId), (info.Reason, info.Metadata["department_id"]));
        Assert.Equal($"部门 {made.DepartmentId} 已存在", chinese);
        Assert.Null(status.GetDetail<BadRequest>());
    }

    [Fact]
    public async Task The_tasks_service_names_the_plan_field_the_status_a_step_needs_and_the_class_a_draw_leaves_out()
    {
        var tasks = ceremony.Tasks;
        var amr = (await scenario.Department(scenario.Id("130398-AMR"), DepartmentLevel.County, "130398")).DepartmentId;
        var year = platform.Today.Year;
        TasksApi.PlannedTask Planned(int percent) => new()
        {
            Code = "T1", Name = "企业公示信息抽查", Items = { DrawCeremony.Item(amr) }, Scope = new TasksApi.PlanScope { Divisions = { "130398" } },
            Quotas = { new TasksApi.RiskQuota { RiskClass = "D", Percent = percent } }, From = $"{year}-01-01", To = $"{year}-12-31", LeadDepartmentId = amr,
        };
        TasksApi.DraftPlanRequest Draft(int percent) => new()
        {
            DepartmentId = amr, Year = year, Batches = { new TasksApi.PlanBatch { Number = 1, Name = "第一批", Tasks = { Planned(percent) } } },
        };
        var bad = await Assert.ThrowsAsync<RpcException>(() => tasks.DraftPlanAsync(Draft(150), As(Scenario.StaffOf(amr))).ResponseAsync);
        var (status, info, chinese) = Details(bad, StatusCode.InvalidArgument, "tasks");
        var violation = Assert.Single(status.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal(("batches[0].tasks[0].quotas[0].percent", "FIELD_OUT_OF_RANGE"), (violation.Field, violation.Reason));
        Assert.Equal("batches[0].tasks[0].quotas[0].percent：150 不在 0 到 100 之间", chinese);

        await tasks.DraftPlanAsync(Draft(30), As(Scenario.StaffOf(amr)));
        var early = await Assert.ThrowsAsync<RpcException>(() => tasks.PublishPlanAsync(
            new TasksApi.PlanCommandRequest { DepartmentId = amr, Year = year }, As(Scenario.StaffOf(amr))).ResponseAsync);
        (status, info, chinese) = Details(early, StatusCode.FailedPrecondition, "tasks");
        Assert.Equal(("PLAN_WRONG_STATUS", "Draft", "Approved"), (info.Reason, info.Metadata["status"], info.Metadata["allowed"]));
        var rule = Assert.Single(status.GetDetail<PreconditionFailure>().Violations);
        Assert.Equal(("PLAN_WRONG_STATUS", info.Metadata["plan_id"]), (rule.Type, rule.Subject));
        Assert.Equal($"计划 {info.Metadata["plan_id"]} 当前为草稿；只有在已批准时才能执行此操作", chinese);

        // What a task allows its draw to be is the tasks service's to say, whether the draw is prepared through it or asked
        // of the draw engine directly (which asks the tasks service first): a class the task has a quota for needs a stratum.
        var task = await ceremony.ReadyTask(amr, [], new TasksApi.PlanScope { Divisions = { "130398" } });
        var request = ceremony.Request(task, new Stratum { Label = "B", RiskClasses = { "B" }, Percent = 50 });
        foreach (var prepare in new Func<Task<Draw>>[]
        {
            () => tasks.PrepareDrawAsync(request, As(Scenario.StaffOf(amr))).ResponseAsync,
            () => ceremony.Draws.PrepareDrawAsync(request, As(Scenario.StaffOf(amr))).ResponseAsync,
        })
        {
            var uncovered = await Assert.ThrowsAsync<RpcException>(prepare);
            (status, info, chinese) = Details(uncovered, StatusCode.InvalidArgument, "tasks");
            Assert.Equal("strata.risk_classes: the task draws class D (1): give it a stratum", status.Message);
            Assert.Equal(("QUOTA_NOT_COVERED", "D", "strata.risk_classes"), (info.Reason, info.Metadata["risk_class"], info.Metadata["field"]));
            Assert.Equal("strata.risk_classes", Assert.Single(status.GetDetail<BadRequest>().FieldViolations).Field);
            Assert.Equal("strata.risk_classes：任务要求抽取 D 类（1）：请为其设置分层", chinese);
        }
    }

    [Fact]
    public async Task The_tasks_service_refuses_a_result_before_the_draw_engines_team_for_it_arrives_as_not_yet_with_a_retry_delay()
    {
        var amr = (await scenario.Department(scenario.Id("130395-AMR"), DepartmentLevel.County, "130395")).DepartmentId;
        var (item, uscc, today) = ($"{amr}:HBSC-001", EntityFiles.NewCode(), $"{platform.Today:yyyy-MM-dd}");
        // Drawn and matched, but with no inspectors for the entity yet: the department's result waits for its team.
        var taskId = await new CheckingTasks(platform, scenario).Start(amr, "ZX-TEAM", item, platform.Today.AddDays(-5), platform.Today, [uscc], team: []);
        var e = await Assert.ThrowsAsync<RpcException>(() => ceremony.Tasks.SubmitResultAsync(new TasksApi.ResultEntryRequest
        {
            TaskId = taskId, DepartmentId = amr, Uscc = uscc,
            Entry = new TasksApi.ResultEntry
            {
                CheckDates = { today }, Methods = { TasksApi.CheckMethod.OnSite }, Categories = { TasksApi.ResultCategory.NoProblem },
                Items = { new TasksApi.ItemOutcome { ItemId = item, Checked = true } }, InspectorIds = { "QHD-AMR-001", "QHD-AMR-002" },
            },
        }, CheckingTasks.Staff(amr)).ResponseAsync);
        var (status, info, chinese) = Details(e, StatusCode.FailedPrecondition, "tasks");
        Assert.Equal(("TEAM_NOT_ARRIVED", taskId, amr, uscc), (info.Reason, info.Metadata["task_id"], info.Metadata["department_id"], info.Metadata["uscc"]));
        Assert.Equal(TimeSpan.FromSeconds(1), status.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan());
        var rule = Assert.Single(status.GetDetail<PreconditionFailure>().Violations);
        Assert.Equal(("TEAM_NOT_ARRIVED", taskId), (rule.Type, rule.Subject));
        Assert.Equal($"任务 {taskId} 中尚无 {amr} 的检查人员匹配到 {uscc}：请先在抽取引擎中匹配（或更换）检查人员", chinese);
    }

    [Fact]
    public async Task Supervision_refuses_a_training_department_it_has_not_heard_of_as_not_yet()
    {
        var supervision = new Api.Supervision.V1.Supervision.SupervisionClient(platform.GatewayChannel);
        var year = platform.Today.Year;
        var e = await Assert.ThrowsAsync<RpcException>(() => supervision.ScheduleTrainingAsync(new ScheduleTrainingRequest
        {
            Year = year, Date = $"{year}-04-12", Audience = "enforcement_staff", Topic = "随机抽查规范", DepartmentId = "139999-NONE", PlannedAttendance = 10,
        }, As(Scenario.Office)).ResponseAsync);
        var (status, info, chinese) = Details(e, StatusCode.InvalidArgument, "supervision");
        Assert.Equal(("DEPARTMENT_NOT_KNOWN", "139999-NONE"), (info.Reason, info.Metadata["department_id"]));
        Assert.Equal("department_id", Assert.Single(status.GetDetail<BadRequest>().FieldViolations).Field);
        Assert.Equal(TimeSpan.FromSeconds(1), status.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan());
        Assert.Equal("department_id：监管服务尚未获知成员部门 139999-NONE", chinese);
    }

    [Fact]
    public async Task The_public_records_carry_details_over_grpc_and_in_the_json_body_of_an_error()
    {
        var bad = await Assert.ThrowsAsync<RpcException>(() => platform.Public.SearchResultsAsync(new SearchPublicResultsRequest { Name = "x" }).ResponseAsync);
        var (status, info, chinese) = Details(bad, StatusCode.InvalidArgument, "disclosure");
        Assert.Equal(("name", "FIELD_OUT_OF_RANGE"), (Assert.Single(status.GetDetail<BadRequest>().FieldViolations).Field, info.Reason));
        Assert.Equal("name：请给出对象名称中的 2 至 100 个字符", chinese);

        using var http = platform.Http();
        var response = await http.GetAsync("/v1/public/tasks/NO-SUCH-TASK");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement;
        Assert.Equal((5, "no announced task NO-SUCH-TASK"), (error.GetProperty("code").GetInt32(), error.GetProperty("message").GetString()));
        var details = error.GetProperty("details").EnumerateArray().ToDictionary(d => d.GetProperty("@type").GetString()!);
        var errorInfo = details["type.googleapis.com/google.rpc.ErrorInfo"];
        Assert.Equal(("PUBLIC_TASK_NOT_FOUND", "disclosure.shuangsuiji", "NO-SUCH-TASK"),
            (errorInfo.GetProperty("reason").GetString(), errorInfo.GetProperty("domain").GetString(), errorInfo.GetProperty("metadata").GetProperty("task_id").GetString()));
        var localized = details["type.googleapis.com/google.rpc.LocalizedMessage"];
        Assert.Equal(("zh-CN", "没有已公告的任务 NO-SUCH-TASK"), (localized.GetProperty("locale").GetString(), localized.GetProperty("message").GetString()));
    }
}
