using Shuangsuiji.Kernel;

namespace Shuangsuiji.AuditTrail;

/// <summary>The audit trail API's refusals a program can act on (docs/api.md), in every service that keeps an audit trail.</summary>
public static class AuditTrailReasons
{
    public static readonly Reason1<NotFound> StreamNotFound = new("STREAM_NOT_FOUND", "stream_id");

    /// <summary>The call names another service than the one answering it.</summary>
    public static readonly Reason1<InvalidArgument> WrongService = new("WRONG_SERVICE", "service");
}
