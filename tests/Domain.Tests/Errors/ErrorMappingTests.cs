using Google.Rpc;
using Grpc.Core;
using JasperFx;
using Shuangsuiji.Kernel;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Tasks;

namespace Shuangsuiji.Domain.Tests.Errors;

/// <summary>How a domain error becomes a gRPC status with its google.rpc details (docs/api.md).</summary>
public sealed class ErrorMappingTests
{
    private static readonly ErrorDomain Tasks = ErrorDomain.Of("tasks");

    private static Google.Rpc.Status Mapped(Exception e, StatusCode code)
    {
        var error = ErrorDetails.ToRpcException(e, Tasks) ?? throw new Xunit.Sdk.XunitException($"{e.GetType().Name} was not mapped");
        Assert.Equal(code, error.StatusCode);
        var status = error.GetRpcStatus() ?? throw new Xunit.Sdk.XunitException("no google.rpc.Status");
        var message = e is DomainException ? e.Message : error.Status.Detail;
        Assert.Equal(((int)code, message, error.Status.Detail, "tasks.shuangsuiji"), (status.Code, status.Message, error.Status.Detail, status.GetDetail<ErrorInfo>().Domain));
        return status;
    }

    [Fact]
    public void Bad_input_names_its_field_in_a_bad_request_and_in_both_messages_with_a_kind_level_default()
    {
        var status = Mapped(new InvalidFieldException("strata[0].percent", "must be a number"), StatusCode.InvalidArgument);
        Assert.Equal("strata[0].percent: must be a number", status.Message);
        var info = status.GetDetail<ErrorInfo>();
        Assert.Equal(("FIELD_INVALID", "strata[0].percent"), (info.Reason, info.Metadata["field"]));
        var violation = Assert.Single(status.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal(("strata[0].percent", "must be a number", "FIELD_INVALID", "取值无效"),
            (violation.Field, violation.Description, violation.Reason, violation.LocalizedMessage.Message));
        Assert.Equal(("zh-CN", "strata[0].percent：取值无效"), (status.GetDetail<LocalizedMessage>().Locale, status.GetDetail<LocalizedMessage>().Message));
        Assert.Null(status.GetDetail<PreconditionFailure>());
        Assert.Null(status.GetDetail<RetryInfo>());
    }

    [Fact]
    public void A_not_yet_carries_its_retry_delay_and_its_metadata_beside_the_field()
    {
        var status = Mapped(new InvalidFieldException("department_id", "no department 130302-AMR", "尚未获知部门 130302-AMR",
            Reasons.DepartmentNotKnown.About("130302-AMR")), StatusCode.InvalidArgument);
        var info = status.GetDetail<ErrorInfo>();
        Assert.Equal(("DEPARTMENT_NOT_KNOWN", "130302-AMR", "department_id"), (info.Reason, info.Metadata["department_id"], info.Metadata["field"]));
        Assert.Equal(TimeSpan.FromSeconds(1), status.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan());
        Assert.Equal("department_id：尚未获知部门 130302-AMR", status.GetDetail<LocalizedMessage>().Message);
    }

    [Fact]
    public void A_rule_is_a_precondition_failure_about_the_record_its_first_key_names()
    {
        var status = Mapped(new RuleViolationException("task T1 is Draft; it can be drawn only when PartnersConfirmed", "任务 T1 当前为草稿",
            TasksReasons.TaskWrongStatus.About("T1", "Draft", new[] { "PartnersConfirmed", "Drawn" })), StatusCode.FailedPrecondition);
        var info = status.GetDetail<ErrorInfo>();
        Assert.Equal(("TASK_WRONG_STATUS", "T1", "Draft", "PartnersConfirmed,Drawn"),
            (info.Reason, info.Metadata["task_id"], info.Metadata["status"], info.Metadata["allowed"]));
        var rule = Assert.Single(status.GetDetail<PreconditionFailure>().Violations);
        Assert.Equal(("TASK_WRONG_STATUS", "T1", status.Message), (rule.Type, rule.Subject, rule.Description));
        Assert.Equal("任务 T1 当前为草稿", status.GetDetail<LocalizedMessage>().Message);
        Assert.Null(status.GetDetail<BadRequest>());
    }

    [Fact]
    public void A_rule_with_no_record_to_name_is_about_the_service_and_unknown_values_are_left_out_of_the_metadata()
    {
        var status = Mapped(new RuleViolationException("closed"), StatusCode.FailedPrecondition);
        Assert.Equal(("RULE_VIOLATED", "tasks.shuangsuiji"), (status.GetDetail<ErrorInfo>().Reason, Assert.Single(status.GetDetail<PreconditionFailure>().Violations).Subject));
        Assert.Equal("记录的当前状态不允许此操作", status.GetDetail<LocalizedMessage>().Message);

        var missing = Mapped(new NotFoundException("no such task", "没有该任务", TasksReasons.TaskNotFound.About(null)), StatusCode.NotFound);
        Assert.Equal("TASK_NOT_FOUND", missing.GetDetail<ErrorInfo>().Reason);
        Assert.Empty(missing.GetDetail<ErrorInfo>().Metadata);
    }

    [Theory]
    [InlineData(typeof(NotFoundException), StatusCode.NotFound, "NOT_FOUND", "未找到所请求的记录")]
    [InlineData(typeof(AlreadyExistsException), StatusCode.AlreadyExists, "ALREADY_EXISTS", "该记录已存在")]
    [InlineData(typeof(ForbiddenException), StatusCode.PermissionDenied, "PERMISSION_DENIED", "无权执行此操作")]
    public void Each_kind_has_its_status_default_reason_and_chinese_message(Type kind, StatusCode code, string reason, string chinese)
    {
        var status = Mapped((Exception)Activator.CreateInstance(kind, "refused", null, null)!, code);
        Assert.Equal((reason, chinese), (status.GetDetail<ErrorInfo>().Reason, status.GetDetail<LocalizedMessage>().Message));
        Assert.Null(status.GetDetail<BadRequest>());
        Assert.Null(status.GetDetail<PreconditionFailure>());
    }

    [Fact]
    public void A_stale_expected_version_is_stale_version_about_the_stream_and_other_exceptions_are_not_mapped()
    {
        var status = Mapped(new ConcurrencyException(typeof(object), "task-T1"), StatusCode.FailedPrecondition);
        Assert.Equal(("STALE_VERSION", "task-T1"), (status.GetDetail<ErrorInfo>().Reason, status.GetDetail<ErrorInfo>().Metadata["stream_id"]));
        Assert.StartsWith("expected_version：", status.GetDetail<LocalizedMessage>().Message);
        Assert.Null(ErrorDetails.ToRpcException(new InvalidOperationException("bug"), Tasks));
    }
}
