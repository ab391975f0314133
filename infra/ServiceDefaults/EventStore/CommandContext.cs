using Grpc.Core;
using Marten;
using Shuangsuiji.ServiceDefaults.Auth;
using Shuangsuiji.ServiceDefaults.Grpc;

namespace Shuangsuiji.ServiceDefaults.EventStore;

/// <summary>Who asks, in which request, and when: everything a decision and its events are attributed to.</summary>
public sealed record CommandContext(Caller Caller, string CorrelationId, string CausationId, DateTimeOffset Now)
{
    public static CommandContext From(ServerCallContext call, TimeProvider clock) =>
        new(call.Caller(), call.CorrelationId(), $"request:{call.GetHttpContext().TraceIdentifier}", clock.GetUtcNow());
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
    /// decide, append, commit. Returns the state after the new events.
    /// </summary>
    public static async Task<TState> Decide<TState>(
        this IDocumentSession session, string streamId, long? expectedVersion,
        Func<TState?, IReadOnlyList<object>> decide, CancellationToken ct)
        where TState : class, IAggregate<TState>
    {
        var stream = expectedVersion is { } expected
            ? await session.Events.FetchForWriting<TState>(streamId, expected, ct)
            : await session.Events.FetchForWriting<TState>(streamId, ct);
        var events = decide(stream.Aggregate);
        if (events.Count == 0)
            return stream.Aggregate ?? throw new InvalidOperationException($"{streamId}: a decision on a new stream produced no event");
        stream.AppendMany(events);
        await session.SaveChangesAsync(ct);
        return Aggregate.Fold(stream.Aggregate, events)!;
    }
}
