using Grpc.Core;
using Marten;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.ServiceDefaults.EventStore;

/// <summary>
/// The one path from a gRPC command to its events, in every service: the command's context (caller, correlation, the
/// client's x-request-id, the time), a session attributed to it, what the decision needs read first in that session,
/// then <see cref="CommandSessions.Decide{TState}"/> — load the stream at the client's expected version, decide, append,
/// commit, answer the state; a command its client named takes effect once.
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
}
