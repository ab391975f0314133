using Shuangsuiji.Kernel;

namespace Shuangsuiji.Supervision.Alerts;

/// <param name="Year">the year of the activity it is about</param>
public sealed record AlertRaised(string AlertId, string Kind, int Year, string DepartmentId, string Subject, string Message, DateOnly RaisedOn, DateOnly? DueOn,
    Caller By, DateTimeOffset At);

/// <summary>The condition no longer holds (the results were published, the follow-up closed).</summary>
public sealed record AlertCleared(string AlertId, DateOnly ClearedOn, Caller By, DateTimeOffset At);

/// <summary>
/// An alert of the supervision watch (stream "alert:{id}"): raised once, cleared when its condition is gone, raised
/// again if it comes back.
/// </summary>
public sealed record Alert(string Id, string AlertId, string Kind, int Year, string DepartmentId, string Subject, string Message, DateOnly RaisedOn, DateOnly? DueOn,
    DateOnly? ClearedOn) : IAggregate<Alert>
{
    public long Version { get; set; }

    public bool Cleared => ClearedOn is not null;

    public static string StreamId(string alertId) => $"alert:{alertId}";

    public static Alert When(Alert? state, object @event) => (state, @event) switch
    {
        (_, AlertRaised e) => new Alert(StreamId(e.AlertId), e.AlertId, e.Kind, e.Year, e.DepartmentId, e.Subject, e.Message, e.RaisedOn, e.DueOn, null),
        ({ } s, AlertCleared e) => s with { ClearedOn = e.ClearedOn },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to alert {state?.Id ?? "(new)"}"),
    };
}
