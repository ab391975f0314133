namespace Shuangsuiji.Kernel;

/// <summary>Who asks, in which request, and when: everything a decision and its events are attributed to.</summary>
public sealed record CommandContext(Caller Caller, string CorrelationId, string CausationId, DateTimeOffset Now)
{
    /// <summary>A client that may send a command again names it with this header: it takes effect once.</summary>
    public const string RequestIdHeader = "x-request-id";

    /// <summary>The causation of a command named by its client: a command with the same name takes effect once.</summary>
    public const string NamedRequest = "request-id:";
}
