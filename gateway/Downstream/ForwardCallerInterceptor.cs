using Grpc.Core;
using Grpc.Core.Interceptors;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Gateway.Downstream;

/// <summary>
/// Passes the caller's token, correlation id and request id (x-request-id) on to the internal service, which checks the token again:
/// the services trust the token, not the network position of the gateway.
/// </summary>
public sealed class ForwardCallerInterceptor(IHttpContextAccessor http) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithCaller(context));

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithCaller(context));

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(WithCaller(context));

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(WithCaller(context));

    private ClientInterceptorContext<TRequest, TResponse> WithCaller<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class where TResponse : class
    {
        var incoming = http.HttpContext?.Request.Headers;
        if (incoming is null) return context;
        var headers = context.Options.Headers ?? [];
        if (incoming.Authorization is { Count: > 0 } authorization) headers.Add("authorization", authorization.ToString());
        // A command its client named takes effect once, whichever service it reaches.
        if (incoming[CommandContext.RequestIdHeader] is { Count: > 0 } requestId && headers.GetValue(CommandContext.RequestIdHeader) is null)
            headers.Add(CommandContext.RequestIdHeader, requestId.ToString());
        var correlation = incoming[CallContextExtensions.CorrelationHeader];
        headers.Add(CallContextExtensions.CorrelationHeader,
            correlation.Count > 0 ? correlation.ToString() : http.HttpContext!.TraceIdentifier);
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
    }
}
