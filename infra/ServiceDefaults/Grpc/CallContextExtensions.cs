using System.Diagnostics;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.ServiceDefaults.Auth;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.ServiceDefaults.Grpc;

public static class CallContextExtensions
{
    public const string CorrelationHeader = "x-correlation-id";

    private const string TokenRequired = "a bearer token with sub, dept and role is required";
    private const string TokenRequiredChinese = "需要带有 sub、dept 和 role 的持有者令牌（bearer token）";

    /// <summary>The authenticated caller; UNAUTHENTICATED when the call carries no valid platform token.</summary>
    public static Caller Caller(this ServerCallContext context) =>
        ClaimNames.CallerOf(context.GetHttpContext().User)
        ?? throw ErrorDetails.Refusal(StatusCode.Unauthenticated, TokenRequired, TokenRequiredChinese, ErrorDetails.Unauthenticated,
            context.GetHttpContext().RequestServices.GetRequiredService<ErrorDomain>());

    /// <summary>The caller of a plain HTTP endpoint (which requires a token): refused when the token lacks the platform's claims.</summary>
    public static Caller Caller(this HttpContext http) => ClaimNames.CallerOf(http.User) ?? throw new ForbiddenException(TokenRequired, TokenRequiredChinese);

    /// <summary>
    /// Options for a call this one makes to another service on its caller's behalf: the caller's own token (the other
    /// service checks it again and scopes the call to the caller), the correlation id and the x-request-id that names the
    /// command, within this call's deadline.
    /// </summary>
    public static CallOptions Onward(this ServerCallContext context)
    {
        var headers = new Metadata { { CorrelationHeader, context.CorrelationId() } };
        foreach (var name in new[] { "authorization", CommandContext.RequestIdHeader })
            if (context.RequestHeaders.GetValue(name) is { } value) headers.Add(name, value);
        return new CallOptions(headers, context.Deadline < DateTime.MaxValue ? context.Deadline : DateTime.UtcNow.AddSeconds(30),
            context.CancellationToken);
    }

    /// <summary>The correlation id a client sent, else the current trace id, so one request's events can be found together.</summary>
    public static string CorrelationId(this ServerCallContext context) => context.GetHttpContext().CorrelationId();

    public static string CorrelationId(this HttpContext http) =>
        http.Request.Headers[CorrelationHeader] is { Count: > 0 } header ? header.ToString()
        : Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
}
