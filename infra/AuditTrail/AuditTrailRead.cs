using Shuangsuiji.Kernel;

namespace Shuangsuiji.AuditTrail;

/// <summary>
/// Someone read the audit trail (stream "audit-read:{department}" of the store read): what they asked for and how
/// many events they were shown. Chained like every other event, so a read cannot be quietly removed either.
/// </summary>
public sealed record AuditTrailRead(
    string Service, string Query, string? StreamId, string? Actor, string? Department, DateTimeOffset? From, DateTimeOffset? To,
    string? Kind, string? PageToken, int Events, Caller By, DateTimeOffset At)
{
    public const string StoredName = "audit_trail_read";

    public const string History = "history", Search = "search";

    public static string StreamOf(string departmentId) => $"audit-read:{departmentId}";
}
