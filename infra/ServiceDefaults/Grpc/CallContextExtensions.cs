using System.Diagnostics;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Shuangsuiji.ServiceDefaults.Auth;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.ServiceDefaults.Grpc;

public static class CallContextExtensions
{
    public const string CorrelationHeader = "x-correlation-id";

    private const string TokenRequired = "a bearer token with sub, dept and role is required";

    /// <summary>The authenticated caller; UNAUTHENTICATED when the call carries no valid platform token.</summary>
    public static Caller Caller(this ServerCallContext context) =>
        ClaimNames.CallerOf(context.GetHttpContext().User)
        ?? throw new RpcException(new Status(StatusCode.Unauthenticated, TokenRequired));

    /// <summary>The caller of a plain HTTP endpoint (which requires a token): refused when the token lacks the platform's claims.</summary>
    public static Caller Caller(this HttpContext http) => ClaimNames.CallerOf(http.User) ?? throw new ForbiddenException(TokenRequired);

    /// <summary>The correlation id a client sent, else the current trace id, so one request's events can be found together.</summary>
    public static string CorrelationId(this ServerCallContext context) => context.GetHttpContext().CorrelationId();

    public static string CorrelationId(this HttpContext http) =>
        http.Request.Headers[CorrelationHeader] is { Count: > 0 } header ? header.ToString()
        : Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
}
