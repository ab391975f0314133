using Grpc.Core;
using Marten;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.ServiceDefaults.EventStore;

public static class CommandContexts
{
    /// <summary>The context of a command arriving over gRPC: its caller, correlation, causation (its x-request-id) and the time.</summary>
    public static CommandContext Command(this ServerCallContext call, TimeProvider clock) =>
        new(call.Caller(), call.CorrelationId(), Causation(call), clock.GetUtcNow());

    private static string Causation(ServerCallContext call)
    {
        var id = call.RequestHeaders.GetValue(CommandContext.RequestIdHeader)?.Trim();
        if (string.IsNullOrEmpty(id)) return $"request:{call.GetHttpContext().TraceIdentifier}";
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
        if (named is not null) session.Insert(new ProcessedRequest(named.Id, streamId, DateTimeOffset.UtcNow, named.By));
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

    /// <summary>The stream's state if the named command took effect already and may be answered to this caller; null if it has not.</summary>
    private static async Task<TState?> RepeatAsync<TState>(
        IQuerySession session, NamedCommand named, string streamId, Func<TState?, IReadOnlyList<object>> decide, CancellationToken ct)
        where TState : class, IAggregate<TState>
    {
        var found = await session.LoadManyAsync<ProcessedRequest>(ct, named.Id, named.Causation);
        if (found.OrderBy(p => p.By is null).FirstOrDefault() is not { } done) return null;
        if (done.StreamId != streamId)
            throw new InvalidFieldException(CommandContext.RequestIdHeader, $"{named.RequestId} already named a command on {done.StreamId}",
                $"{named.RequestId} 已用于对 {done.StreamId} 的另一条命令", Reasons.RequestIdReused.About(named.RequestId));
        if (await session.Events.AggregateStreamAsync<TState>(streamId, token: ct) is not { } state) return null;
        // Decided again on the state it led to, the command is refused as done (a rule, or one wrapped with a record of the
        // attempt, which a repeat is not); a refusal of permission stands.
        try
        {
            decide(state);
        }
        catch (Exception e) when ((e as DomainException ?? e.InnerException as DomainException) is not (null or ForbiddenException))
        {
        }
        if (done.By is { } first && first != named.By)
            throw new InvalidFieldException(CommandContext.RequestIdHeader,
                $"{named.RequestId} already named a command of {first.UserId} ({first.Role}); a repeat is answered to the caller who sent it only",
                $"{named.RequestId} 已用于 {first.UserId}（{first.Role}）的命令；重复的命令只答复原发送者", Reasons.RequestIdReused.About(named.RequestId));
        return state;
    }

    /// <summary>A command its client named, and the caller the session's events are attributed to.</summary>
    private sealed record NamedCommand(string Causation, Caller By)
    {
        public string Id => ProcessedRequest.IdOf(By.DepartmentId, Causation);

        public string RequestId => Causation[CommandContext.NamedRequest.Length..];

        public static NamedCommand? Of(IDocumentSession session) =>
            session.CausationId is { } cause && cause.StartsWith(CommandContext.NamedRequest, StringComparison.Ordinal)
                ? new NamedCommand(cause, new Caller(session.LastModifiedBy ?? "", session.GetHeader(EventHeaders.Department) as string ?? "",
                    session.GetHeader(EventHeaders.Role) as string ?? ""))
                : null;
    }
}
