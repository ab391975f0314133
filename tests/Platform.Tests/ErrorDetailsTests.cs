using Google.Rpc;
using Grpc.Core;
using Shuangsuiji.Api.Catalog.V1;
using Shuangsuiji.Api.Draws.V1;
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
    private static (Google.Rpc.Status Status, ErrorInfo Info, string Chinese) Details(RpcException e, StatusCode code, string service)
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
}
