using Grpc.Core;
using Marten;
using Microsoft.AspNetCore.Http;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.ServiceDefaults.EventStore;

public static class CommandContexts
{
    /// <summary>The context of a command arriving over gRPC: its caller, correlation, causation (its x-request-id) and the time.</summary>
    public static CommandContext Command(this ServerCallContext call, TimeProvider clock) =>
        new(call.Caller(), call.CorrelationId(), Causation(call.GetHttpContext()), clock.GetUtcNow());

    /// <summary>The same for a command arriving as plain HTTP (a file upload).</summary>
    public static CommandContext Command(this HttpContext http, TimeProvider clock) =>
        new(http.Caller(), http.CorrelationId(), Causation(http), clock.GetUtcNow());

    private static string Causation(HttpContext http)
    {
        var id = http.Request.Headers[CommandContext.RequestIdHeader].ToString().Trim();
        if (id.Length == 0) return $"request:{http.TraceIdentifier}";
        return id.Length <= 100 ? CommandContext.NamedRequest + id : throw new InvalidFieldException(CommandContext.RequestIdHeader, "is longer than 100 characters", "超过 100 个字符",
            Reasons.FieldTooLong.About(100));
    }
}

/// <summary>
/// A named command that took effect, stored with its events, by whom. Its id is the caller's department and the command's
/// causation ("130302-AMR/request-id:…"), so departments name their commands independently; one recorded before callers
/// were kept has the causation alone as its id and no <paramref name="By"/>.
/// </summary>
public sealed record ProcessedRequest(string Id, string StreamId, DateTimeOffset At, Caller? By = null)
{
    public static string IdOf(string departmentId, string causation) => $"{departmentId}/{causation}";
}

public static class EventHeaders
{
    public const string Department = "department";
    public const string Role = "role";
    /// <summary>The division of the caller's department: a county's office reads the audit trail of its county's departments.</summary>
    public const string Region = "region";

    /// <summary>
    /// The W3C trace context of the request or message that stored the event: the relay publishes it in the same trace, so
    /// one trace runs from a command through the relay to every consumer.
    /// </summary>
    public const string TraceParent = "traceparent";
}

public static class CommandSessions
{
    /// <summary>A session whose appended events carry the caller, correlation and causation as Marten metadata.</summary>
    public static IDocumentSession OpenSession(this IDocumentStore store, CommandContext command)
    {
        var session = store.LightweightSession();
        session.AttributeTo(command);
        return session;
    }

    /// <summary>Makes the events this session appends carry the command's caller, correlation and causation.</summary>
    public static void AttributeTo(this IDocumentSession session, CommandContext command)
    {
        session.LastModifiedBy = command.Caller.UserId;
        session.CorrelationId = command.CorrelationId;
        session.CausationId = command.CausationId;
        session.SetHeader(EventHeaders.Department, command.Caller.DepartmentId);
        session.SetHeader(EventHeaders.Role, command.Caller.Role);
        if (command.Caller.Region.Length > 0) session.SetHeader(EventHeaders.Region, command.Caller.Region);
        if (System.Diagnostics.Activity.Current is { IdFormat: System.Diagnostics.ActivityIdFormat.W3C } activity)
            session.SetHeader(EventHeaders.TraceParent, activity.Id!);
    }

    /// <summary>
    /// The one way commands change state: load the stream (checking the client's expected version when given),
    /// decide, append, commit. Returns the state after the new events. A command its client named (x-request-id)
    /// takes effect once: sent again by the same caller, during or after the first, it answers with the stream's state
    /// and appends nothing, once the decision taken again on that state has not refused the caller permission.
    /// </summary>
    public static async Task<TState> Decide<TState>(
        this IDocumentSession session, string streamId, long? expectedVersion,
        Func<TState?, IReadOnlyList<object>> decide, CancellationToken ct)
        where TState : class, IAggregate<TState>
    {
        var named = NamedCommand.Of(session);
        if (named is not null && await RepeatAsync(session, named, streamId, decide, ct) is { } repeated) return repeated;
        var stream = expectedVersion is { } expected
            ? await session.Events.FetchForWriting<TState>(streamId, expected, ct)
            : await session.Events.FetchForWriting<TState>(streamId, ct);
        var events = decide(stream.Aggregate);
        if (events.Count == 0)
            return stream.Aggregate ?? throw new InvalidOperationException($"{streamId}: a decision on a new stream produced no event");
        stream.AppendMany(events);
        session.RecordNamed(streamId);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception) when (named is not null)
        {
            // The same command may have been committed meanwhile by its first sending: then this one lost a race to itself.
            await using var again = session.DocumentStore.QuerySession();
            if (await RepeatAsync(again, named, streamId, decide, ct) is { } committed) return committed;
            throw;
        }
        return Aggregate.Fold(stream.Aggregate, events)!;
    }

    /// <summary>
    /// A command that starts a new stream whose id its decision makes (a draw's): <paramref name="decide"/> reads what it
    /// needs in the session, decides and returns the new stream's id and events (appending to other streams of the
    /// session as it must); they are committed together. Named with x-request-id, it takes effect once, as
    /// <see cref="Decide{TState}"/>'s commands do: sent again by the same caller, during or after the first, it answers
    /// the stream it started, once <paramref name="decideAgain"/> on that stream's state has not refused the caller
    /// permission; another department's request of the same name is a request of its own.
    /// </summary>
    public static async Task<TState> Start<TState>(this IDocumentSession session, Action<TState> decideAgain,
        Func<Task<(string StreamId, IReadOnlyList<object> Events)>> decide, CancellationToken ct)
        where TState : class, IAggregate<TState>
    {
        var named = NamedCommand.Of(session);
        if (named is not null && await StartedAsync(session, named, decideAgain, ct) is { } repeated) return repeated;
        var (streamId, events) = await decide();
        session.Events.StartStream<TState>(streamId, events);
        session.RecordNamed(streamId);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception) when (named is not null)
        {
            await using var again = session.DocumentStore.QuerySession();
            if (await StartedAsync(again, named, decideAgain, ct) is { } committed) return committed;
            throw;
        }
        return Aggregate.Fold<TState>(null, events)!;
    }

    /// <summary>
    /// For a command path of its own (the entity directory's, under the entity's lock): whether the session's named command
    /// took effect already on the stream, so that it is answered with the stream's state and appends nothing. The rules of
    /// <see cref="Decide{TState}"/> apply: <paramref name="decideAgain"/> decides it again on that state, and a repeat is
    /// answered once that does not refuse the caller permission, and to the caller who sent it only.
    /// </summary>
    public static async Task<bool> RepeatedAsync(this IDocumentSession session, string streamId, Action decideAgain, CancellationToken ct)
    {
        if (NamedCommand.Of(session) is not { } named || await DoneAsync(session, named, streamId, ct) is not { } done) return false;
        AnswerableRepeat(done, named, decideAgain);
        return true;
    }

    /// <summary>Keeps the session's named command (if its client named it) with the events it appends to the stream.</summary>
    public static void RecordNamed(this IDocumentSession session, string streamId)
    {
        if (NamedCommand.Of(session) is { } named) session.Insert(new ProcessedRequest(named.Id, streamId, DateTimeOffset.UtcNow, named.By));
    }

    /// <summary>The stream's state if the named command took effect already and may be answered to this caller; null if it has not.</summary>
    private static async Task<TState?> RepeatAsync<TState>(
        IQuerySession session, NamedCommand named, string streamId, Func<TState?, IReadOnlyList<object>> decide, CancellationToken ct)
        where TState : class, IAggregate<TState>
    {
        if (await DoneAsync(session, named, streamId, ct) is not { } done) return null;
        if (await session.Events.AggregateStreamAsync<TState>(streamId, token: ct) is not { } state) return null;
        AnswerableRepeat(done, named, () => decide(state));
        return state;
    }

    /// <summary>The stream a named command started already, if it may be answered to this caller; null if it has not.</summary>
    private static async Task<TState?> StartedAsync<TState>(IQuerySession session, NamedCommand named, Action<TState> decideAgain, CancellationToken ct)
        where TState : class, IAggregate<TState>
    {
        if (await DoneAsync(session, named, null, ct) is not { } done) return null;
        var state = await session.Events.AggregateStreamAsync<TState>(done.StreamId, token: ct)
            ?? throw new InvalidOperationException($"{named.Id} started {done.StreamId}, which is not there");
        AnswerableRepeat(done, named, () => decideAgain(state));
        return state;
    }

    /// <summary>The record of the named command if it took effect already; naming a command on another stream is refused.</summary>
    private static async Task<ProcessedRequest?> DoneAsync(IQuerySession session, NamedCommand named, string? streamId, CancellationToken ct)
    {
        var found = await session.LoadManyAsync<ProcessedRequest>(ct, named.Id, named.Causation);
        if (found.OrderBy(p => p.By is null).FirstOrDefault() is not { } done) return null;
        return streamId is null || done.StreamId == streamId ? done
            : throw new InvalidFieldException(CommandContext.RequestIdHeader, $"{named.RequestId} already named a command on {done.StreamId}",
                $"{named.RequestId} 已用于对 {done.StreamId} 的另一条命令", Reasons.RequestIdReused.About(named.RequestId));
    }

    private static void AnswerableRepeat(ProcessedRequest done, NamedCommand named, Action decideAgain)
    {
        // Decided again on the state it led to, the command is refused as done (a rule, or one wrapped with a record of the
        // attempt, which a repeat is not); a refusal of permission stands.
        try
        {
            decideAgain();
        }
        catch (Exception e) when ((e as DomainException ?? e.InnerException as DomainException) is not (null or ForbiddenException))
        {
        }
        if (done.By is { } first && first != named.By)
            throw new InvalidFieldException(CommandContext.RequestIdHeader,
                $"{named.RequestId} already named a command of {first.UserId} ({first.Role}); a repeat is answered to the caller who sent it only",
                $"{named.RequestId} 已用于 {first.UserId}（{first.Role}）的命令；重复的命令只答复原发送者", Reasons.RequestIdReused.About(named.RequestId));
    }

    /// <summary>A command its client named, and the caller the session's events are attributed to.</summary>
    private sealed record NamedCommand(string Causation, Caller By)
    {
        public string Id => ProcessedRequest.IdOf(By.DepartmentId, Causation);

        public string RequestId => Causation[CommandContext.NamedRequest.Length..];

        public static NamedCommand? Of(IDocumentSession session) =>
            session.CausationId is { } cause && cause.StartsWith(CommandContext.NamedRequest, StringComparison.Ordinal)
                ? new NamedCommand(cause, new Caller(session.LastModifiedBy ?? "", session.GetHeader(EventHeaders.Department) as string ?? "",
                    session.GetHeader(EventHeaders.Role) as string ?? "") { Region = session.GetHeader(EventHeaders.Region) as string ?? "" })
                : null;
    }
}
