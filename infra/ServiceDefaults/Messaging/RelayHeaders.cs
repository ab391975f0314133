namespace Shuangsuiji.ServiceDefaults.Messaging;

/// <summary>Headers every relayed message carries: who caused it, and where it came from.</summary>
public static class RelayHeaders
{
    public const string User = "ssyg-user";
    public const string Department = "ssyg-department";
    public const string Role = "ssyg-role";
    public const string Region = "ssyg-region";
    public const string CorrelationId = "ssyg-correlation-id";
    public const string CausationId = "ssyg-causation-id";
    public const string Stream = "ssyg-stream";
    public const string EventType = "ssyg-event-type";
}
