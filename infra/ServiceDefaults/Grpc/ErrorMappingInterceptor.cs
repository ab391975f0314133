using Grpc.Core;
using Grpc.Core.Interceptors;
using JasperFx;
using Marten.Exceptions;
using Microsoft.Extensions.Logging;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.ServiceDefaults.Grpc;

/// <summary>Turns domain and concurrency errors into gRPC statuses; anything else stays INTERNAL and is logged.</summary>
public sealed class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (ToStatus(e) is { } status)
        {
            throw new RpcException(status);
        }
        catch (Exception e) when (e is not RpcException and not OperationCanceledException)
        {
            logger.LogError(e, "Unhandled error in {Method}", context.Method);
            throw new RpcException(new Status(StatusCode.Internal, "internal error; see the service log"));
        }
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        Mapped(context, () => continuation(request, responseStream, context));

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        Mapped(context, () => continuation(requestStream, responseStream, context));

    private async Task Mapped(ServerCallContext context, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (ToStatus(e) is { } status)
        {
            throw new RpcException(status);
        }
        catch (Exception e) when (e is not RpcException and not OperationCanceledException)
        {
            logger.LogError(e, "Unhandled error in {Method}", context.Method);
            throw new RpcException(new Status(StatusCode.Internal, "internal error; see the service log"));
        }
    }

    public static Status? ToStatus(Exception e) => e switch
    {
        InvalidFieldException x => new Status(StatusCode.InvalidArgument, x.Message),
        NotFoundException x => new Status(StatusCode.NotFound, x.Message),
        AlreadyExistsException x => new Status(StatusCode.AlreadyExists, x.Message),
        ForbiddenException x => new Status(StatusCode.PermissionDenied, x.Message),
        RuleViolationException x => new Status(StatusCode.FailedPrecondition, x.Message),
        ExistingStreamIdCollisionException x => new Status(StatusCode.AlreadyExists, $"{x.Id} already exists"),
        ConcurrencyException =>
            new Status(StatusCode.FailedPrecondition, "expected_version: the record changed since you read it; reload and retry"),
        _ => null,
    };
}
