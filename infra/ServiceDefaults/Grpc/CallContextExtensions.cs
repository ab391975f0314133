using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.ServiceDefaults.Auth;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.ServiceDefaults.Grpc;

public static class CallContextExtensions
{
    public const string CorrelationHeader = "x-correlation-id";

    /// <summary>The authenticated caller; UNAUTHENTICATED when the call carries no valid platform token.</summary>
    public static Caller Caller(this ServerCallContext context) =>
        ClaimNames.CallerOf(context.GetHttpContext().User)
        ?? throw ErrorDetails.Refusal(StatusCode.Unauthenticated, "a bearer token with sub, dept and role is required",
            "需要带有 sub、dept 和 role 的持有者令牌（bearer token）", ErrorDetails.Unauthenticated,
            context.GetHttpContext().RequestServices.GetRequiredService<ErrorDomain>());

    /// <summary>The correlation id a client sent, else the current trace id, so one request's events can be found together.</summary>
    public static string CorrelationId(this ServerCallContext context) =>
        context.RequestHeaders.GetValue(CorrelationHeader)
        ?? Activity.Current?.TraceId.ToString()
        ?? context.GetHttpContext().TraceIdentifier;
}
