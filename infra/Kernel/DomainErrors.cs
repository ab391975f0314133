namespace Shuangsuiji.Kernel;

/// <summary>
/// Errors a decision can end in. Each maps to one gRPC status with structured details (ServiceDefaults' ErrorMapping), so
/// deciders stay free of transport concerns and the caller still learns exactly what was wrong: the English message, the
/// same for people in Chinese, and a <see cref="ReasonCode"/> a program can act on.
/// </summary>
public abstract class DomainException : Exception
{
    private protected DomainException(string message, string chinese, ReasonCode reason) : base(message)
    {
        Chinese = chinese;
        Reason = reason;
    }

    /// <summary>The message for people in Chinese, which the consoles show.</summary>
    public string Chinese { get; }

    public ReasonCode Reason { get; }

    /// <summary>What the refusal is about, by key (the error's ErrorInfo metadata).</summary>
    public virtual IReadOnlyDictionary<string, string> Metadata => Reason.Metadata;
}

/// <summary>
/// Bad input: INVALID_ARGUMENT, the message starts with the field's path in the request (<c>strata[0].percent</c>), as
/// does the Chinese one, built from the field and <paramref name="chinese"/>, the problem in Chinese.
/// </summary>
public sealed class InvalidFieldException(string field, string problem, string? chinese = null, Reason<InvalidArgument>? reason = null)
    : DomainException($"{field}: {problem}", $"{field}：{chinese ?? "取值无效"}", reason ?? Reasons.FieldInvalid)
{
    public string Field { get; } = field;

    public string Problem { get; } = problem;

    /// <summary>The problem in Chinese, without the field.</summary>
    public string ChineseProblem { get; } = chinese ?? "取值无效";

    public override IReadOnlyDictionary<string, string> Metadata =>
        new Dictionary<string, string>(Reason.Metadata) { ["field"] = Field };
}

/// <summary>NOT_FOUND.</summary>
public sealed class NotFoundException(string message, string? chinese = null, Reason<NotFound>? reason = null)
    : DomainException(message, chinese ?? "未找到所请求的记录", reason ?? Reasons.NotFound);

/// <summary>ALREADY_EXISTS.</summary>
public sealed class AlreadyExistsException(string message, string? chinese = null, Reason<AlreadyExists>? reason = null)
    : DomainException(message, chinese ?? "该记录已存在", reason ?? Reasons.AlreadyExists);

/// <summary>PERMISSION_DENIED: the caller may not act here (another department's record, wrong role).</summary>
public sealed class ForbiddenException(string message, string? chinese = null, Reason<PermissionDenied>? reason = null)
    : DomainException(message, chinese ?? "无权执行此操作", reason ?? Reasons.PermissionDenied);

/// <summary>FAILED_PRECONDITION: the record's current state does not allow the command; the message names the state.</summary>
public sealed class RuleViolationException(string message, string? chinese = null, Reason<FailedPrecondition>? reason = null)
    : DomainException(message, chinese ?? "记录的当前状态不允许此操作", reason ?? Reasons.RuleViolated);
