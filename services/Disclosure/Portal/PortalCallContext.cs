using Grpc.Core;

namespace Shuangsuiji.Disclosure.Portal;

/// <summary>
/// The context of a public records API call made in process for a portal page: anonymous, no deadline beyond the
/// visitor's request, cancelled when the visitor goes away.
/// </summary>
public sealed class PortalCallContext(HttpContext http) : ServerCallContext
{
    protected override string MethodCore => http.Request.Path;
    protected override string HostCore => http.Request.Host.Value ?? "";
    protected override string PeerCore => http.Connection.RemoteIpAddress?.ToString() ?? "";
    protected override DateTime DeadlineCore => DateTime.MaxValue;
    protected override Metadata RequestHeadersCore { get; } = [];
    protected override CancellationToken CancellationTokenCore => http.RequestAborted;
    protected override Metadata ResponseTrailersCore { get; } = [];
    protected override Status StatusCore { get; set; }
    protected override WriteOptions? WriteOptionsCore { get; set; }
    protected override AuthContext AuthContextCore { get; } = new(null, []);

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException("portal calls are not propagated");

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
