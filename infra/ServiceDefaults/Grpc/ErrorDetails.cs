using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using JasperFx;
using Marten.Exceptions;
using Shuangsuiji.Kernel;
using Status = Grpc.Core.Status;

namespace Shuangsuiji.ServiceDefaults.Grpc;

/// <summary>The ErrorInfo domain of this host's errors: the service's name under the platform's ("draws.shuangsuiji").</summary>
public sealed record ErrorDomain(string Name)
{
    public static ErrorDomain Of(string serviceName) => new($"{serviceName}.shuangsuiji");
}

/// <summary>
/// Errors as a program reads them: the status code and English message as before, and in the grpc-status-details-bin
/// trailer a google.rpc.Status with an ErrorInfo (reason, domain, metadata) always, a BadRequest for a field, a
/// PreconditionFailure for a rule, a RetryInfo for a "not yet", and a LocalizedMessage in zh-CN for people.
/// </summary>
public static class ErrorDetails
{
    public const string Locale = "zh-CN";

    /// <summary>The call carries no valid platform token.</summary>
    public static readonly Reason<Unauthenticated> Unauthenticated = new("UNAUTHENTICATED");

    /// <summary>An error the service did not expect; its log has the cause.</summary>
    public static readonly Reason<Internal> Internal = new("INTERNAL");

    /// <summary>The gateway's own refusals of a call for its token: none, one past its expiry, one not valid (signature, issuer, audience, form).</summary>
    public static readonly Reason<Unauthenticated> TokenMissing = new("TOKEN_MISSING");

    public static readonly Reason<Unauthenticated> TokenExpired = new("TOKEN_EXPIRED");

    public static readonly Reason<Unauthenticated> TokenInvalid = new("TOKEN_INVALID");

    /// <summary>
    /// The gateway's own answers about the services behind it. Busy: the service's calls in flight and waiting at the gateway
    /// are at their limit, so the call was not sent (nothing happened) and may be sent again, same request id, after the delay.
    /// </summary>
    public static readonly Reason1<ResourceExhausted> ServiceBusy = new("SERVICE_BUSY", "service") { RetryAfter = TimeSpan.FromSeconds(1) };

    /// <summary>An anonymous caller's address made more calls a second than the public limit.</summary>
    public static readonly Reason<ResourceExhausted> RateLimited = new("RATE_LIMITED") { RetryAfter = TimeSpan.FromSeconds(1) };

    /// <summary>The service could not be reached (down, or refusing connections).</summary>
    public static readonly Reason1<Unavailable> ServiceUnavailable = new("SERVICE_UNAVAILABLE", "service");

    /// <summary>The service did not answer within the gateway's attempts.</summary>
    public static readonly Reason1<DeadlineExceeded> ServiceTimedOut = new("SERVICE_TIMEOUT", "service");

    /// <summary>
    /// The detail types an error carries, for JSON transcoding (its TypeRegistry): without them the JSON body of an error
    /// cannot write its details.
    /// </summary>
    public static readonly Google.Protobuf.Reflection.TypeRegistry Types = Google.Protobuf.Reflection.TypeRegistry.FromMessages(
        ErrorInfo.Descriptor, BadRequest.Descriptor, PreconditionFailure.Descriptor, RetryInfo.Descriptor, LocalizedMessage.Descriptor);

    /// <summary>The error a client gets for <paramref name="e"/>, or null when it is none of the domain's or the store's refusals.</summary>
    public static RpcException? ToRpcException(Exception e, ErrorDomain domain) => e switch
    {
        DomainException d => Of(d, domain).ToRpcException(),
        ExistingStreamIdCollisionException x => Of(new AlreadyExistsException($"{x.Id} already exists", $"{x.Id} 已存在",
            Reasons.RecordExists.About(x.Id.ToString())), domain).ToRpcException(),
        ConcurrencyException x => Of(new RuleViolationException("expected_version: the record changed since you read it; reload and retry",
            "expected_version：记录在你读取之后已被修改，请重新读取后再试", Reasons.StaleVersion.About(x.Id?.ToString())), domain).ToRpcException(),
        _ => null,
    };

    /// <summary>The status code alone, for callers in process (the portal's pages).</summary>
    public static Status? ToStatus(Exception e) => ToRpcException(e, new ErrorDomain(""))?.Status;

    public static RpcException Refusal(StatusCode code, string message, string chinese, ReasonCode reason, ErrorDomain domain) =>
        Of(code, message, chinese, reason, domain).ToRpcException();

    /// <summary>A refusal that is no domain exception (the gateway's own), with its RetryInfo when the reason is a "not yet".</summary>
    public static Google.Rpc.Status Of(StatusCode code, string message, string chinese, ReasonCode reason, ErrorDomain domain)
    {
        var status = Build(code, message, chinese, reason.Code, reason.Metadata, domain);
        if (reason.RetryAfter is { } delay) status.Details.Insert(1, Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        return status;
    }

    public static Google.Rpc.Status Of(DomainException e, ErrorDomain domain)
    {
        var status = Build(CodeOf(e), e.Message, e.Chinese, e.Reason.Code, e.Metadata, domain);
        switch (e)
        {
            case InvalidFieldException f:
                status.Details.Insert(1, Any.Pack(new BadRequest
                {
                    FieldViolations =
                    {
                        new BadRequest.Types.FieldViolation
                        {
                            Field = f.Field, Description = f.Problem, Reason = f.Reason.Code,
                            LocalizedMessage = new LocalizedMessage { Locale = Locale, Message = f.ChineseProblem },
                        },
                    },
                }));
                break;
            case RuleViolationException r:
                status.Details.Insert(1, Any.Pack(new PreconditionFailure
                {
                    Violations = { new PreconditionFailure.Types.Violation { Type = r.Reason.Code, Subject = Subject(r, domain), Description = r.Message } },
                }));
                break;
        }
        if (e.Reason.RetryAfter is { } delay) status.Details.Insert(1, Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        return status;
    }

    private static Google.Rpc.Status Build(StatusCode code, string message, string chinese, string reason,
        IReadOnlyDictionary<string, string> metadata, ErrorDomain domain)
    {
        var info = new ErrorInfo { Reason = reason, Domain = domain.Name };
        foreach (var (key, value) in metadata) info.Metadata[key] = value;
        return new Google.Rpc.Status
        {
            Code = (int)code,
            Message = message,
            Details = { Any.Pack(info), Any.Pack(new LocalizedMessage { Locale = Locale, Message = chinese }) },
        };
    }

    /// <summary>The record a rule is about: the value of the reason's first key (a draw's id for a draw's rule), else the service.</summary>
    private static string Subject(DomainException e, ErrorDomain domain) =>
        e.Reason.Keys.Select(k => e.Metadata.GetValueOrDefault(k)).FirstOrDefault(v => v is not null) ?? domain.Name;

    private static StatusCode CodeOf(DomainException e) => e switch
    {
        InvalidFieldException => StatusCode.InvalidArgument,
        NotFoundException => StatusCode.NotFound,
        AlreadyExistsException => StatusCode.AlreadyExists,
        ForbiddenException => StatusCode.PermissionDenied,
        _ => StatusCode.FailedPrecondition,
    };
}

/// <summary>No valid platform token: the one status a service answers before any domain code runs.</summary>
public abstract class Unauthenticated : IErrorStatus;

/// <summary>A fault of the service, never of the request.</summary>
public abstract class Internal : IErrorStatus;

/// <summary>Too many calls now: the same call may succeed later (the error's RetryInfo says when).</summary>
public abstract class ResourceExhausted : IErrorStatus;

/// <summary>The service cannot be reached now.</summary>
public abstract class Unavailable : IErrorStatus;

/// <summary>No answer in time.</summary>
public abstract class DeadlineExceeded : IErrorStatus;
