using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Shuangsuiji.ServiceDefaults.Grpc;

/// <summary>
/// Turns domain and concurrency errors into gRPC statuses with their details (<see cref="ErrorDetails"/>); anything else
/// stays INTERNAL and is logged.
/// </summary>
public sealed class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger, ErrorDomain domain) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (Mapped(e, context) is { } error)
        {
            throw error;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (Mapped(e, context) is { } error)
        {
            throw error;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (Mapped(e, context) is { } error)
        {
            throw error;
        }
    }

    private RpcException? Mapped(Exception e, ServerCallContext context)
    {
        if (e is RpcException or OperationCanceledException) return null;
        if (ErrorDetails.ToRpcException(e, domain) is { } refusal) return refusal;
        logger.LogError(e, "Unhandled error in {Method}", context.Method);
        return ErrorDetails.Refusal(StatusCode.Internal, "internal error; see the service log", "服务内部错误，请查看服务日志",
            ErrorDetails.Internal, domain);
    }
}
