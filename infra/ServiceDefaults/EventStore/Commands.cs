using Grpc.Core;
using Marten;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.ServiceDefaults.EventStore;

/// <summary>
/// The one path from a gRPC command to its events, in every service: the command's context (caller, correlation, the
/// client's x-request-id, the time), a session attributed to it, what the decision needs read first in that session,
/// then <see cref="CommandSessions.Decide{TState}"/> — load the stream at the client's expected version, decide, append,
/// commit, answer the state; a command its client named takes effect once. A command that starts a stream whose id it
/// makes itself (a draw) takes the same path through <see cref="Start{TState}"/>.
/// </summary>
public sealed class Commands(IDocumentStore store, TimeProvider clock)
{
    public Task<TState> Run<TState>(ServerCallContext call, string streamId, long? expectedVersion,
        Func<TState?, CommandContext, IReadOnlyList<object>> decide)
        where TState : class, IAggregate<TState> =>
        Run<TState, bool>(call, streamId, expectedVersion, (_, _, _) => Task.FromResult(true), (state, _, ctx) => decide(state, ctx));

    /// <summary>The same, with what the decision needs besides the stream read first (<paramref name="read"/>), in the command's session.</summary>
    public async Task<TState> Run<TState, TRead>(ServerCallContext call, string streamId, long? expectedVersion,
        Func<IDocumentSession, CommandContext, CancellationToken, Task<TRead>> read, Func<TState?, TRead, CommandContext, IReadOnlyList<object>> decide)
        where TState : class, IAggregate<TState>
    {
        var ctx = call.Command(clock);
        await using var session = store.OpenSession(ctx);
        var known = await read(session, ctx, call.CancellationToken);
        return await session.Decide<TState>(streamId, expectedVersion, state => decide(state, known, ctx), call.CancellationToken);
    }

    /// <summary>
    /// A command that starts a new stream whose id its decision makes (<see cref="CommandSessions.Start{TState}"/>):
    /// <paramref name="decide"/> reads what it needs in the command's session and returns the stream and its events;
    /// <paramref name="decideAgain"/> checks a repeat's permission on the stream the first sending started.
    /// </summary>
    public async Task<TState> Start<TState>(ServerCallContext call, Action<TState, CommandContext> decideAgain,
        Func<IDocumentSession, CommandContext, CancellationToken, Task<(string StreamId, IReadOnlyList<object> Events)>> decide)
        where TState : class, IAggregate<TState>
    {
        var ctx = call.Command(clock);
        await using var session = store.OpenSession(ctx);
        return await session.Start<TState>(state => decideAgain(state, ctx), () => decide(session, ctx, call.CancellationToken), call.CancellationToken);
    }
}
