using Grpc.Core;
using Grpc.Core.Interceptors;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Gateway.Downstream;

/// <summary>
/// Sends a unary call again when an attempt times out (Gateway:AttemptTimeoutMs, default 10 s) or the service is
/// unavailable, up to Gateway:Attempts times (default 3) within the caller's own deadline. Every attempt carries the
/// same x-request-id (the caller's, or a new one), so a command that did take effect is not applied twice. Only for
/// services whose commands all go through the store's named-command check (CommandSessions.Decide).
/// The number of attempts goes back to the caller in the x-gateway-attempts header.
/// </summary>
public sealed class RetryOnTimeoutInterceptor(IHttpContextAccessor http, IConfiguration config, ILogger<RetryOnTimeoutInterceptor> log) : Interceptor
{
    public const string AttemptsHeader = "x-gateway-attempts";

    private readonly TimeSpan attemptTimeout = TimeSpan.FromMilliseconds(config.GetValue("Gateway:AttemptTimeoutMs", 10_000));
    private readonly int attempts = Math.Max(1, config.GetValue("Gateway:Attempts", 3));

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var headers = context.Options.Headers ?? [];
        if (headers.GetValue(CommandContext.RequestIdHeader) is null)
            headers.Add(CommandContext.RequestIdHeader, http.HttpContext?.Request.Headers[CommandContext.RequestIdHeader].FirstOrDefault() is { Length: > 0 } id
                ? id : Guid.NewGuid().ToString("N"));
        var named = new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
        var response = Attempts(request, named, continuation);
        return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    private async Task<TResponse> Attempts<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        where TRequest : class where TResponse : class
    {
        var callerDeadline = context.Options.Deadline ?? DateTime.MaxValue;
        for (var attempt = 1; ; attempt++)
        {
            var deadline = DateTime.UtcNow + attemptTimeout;
            var options = context.Options.WithDeadline(deadline < callerDeadline ? deadline : callerDeadline);
            try
            {
                using var call = continuation(request, new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, options));
                var response = await call.ResponseAsync;
                if (http.HttpContext is { Response.HasStarted: false } httpContext) httpContext.Response.Headers[AttemptsHeader] = attempt.ToString();
                return response;
            }
            catch (RpcException e) when (attempt < attempts && DateTime.UtcNow < callerDeadline
                                         && e.StatusCode is StatusCode.DeadlineExceeded or StatusCode.Unavailable
                                         && !(context.Options.CancellationToken.IsCancellationRequested))
            {
                log.LogInformation("{Method}: attempt {Attempt} failed with {Status}; sending it again", context.Method.FullName, attempt, e.StatusCode);
            }
        }
    }
}
