using Grpc.Core;
using Marten;
using Shuangsuiji.Catalog.Departments;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Catalog.V1;

namespace Shuangsuiji.Catalog;

/// <summary>
/// The catalog API, one partial class per feature folder (Items/, Forms/). Each method binds the request,
/// runs the decider against the store with the caller's expected version, and maps the result.
/// </summary>
public sealed partial class CatalogApi(IDocumentStore store, Commands commands, TimeProvider clock) : Proto.Catalog.CatalogBase
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>
    /// A command on a department's list: the catalog's copy of the department (and whatever else <paramref name="read"/>
    /// needs) read in the command's session, then the decision.
    /// </summary>
    private Task<TState> Command<TState, TRead>(string departmentId, ServerCallContext call, string streamId, long? expectedVersion,
        Func<IDocumentSession, CancellationToken, Task<TRead>> read, Func<TState?, Department?, TRead, CommandContext, IReadOnlyList<object>> decide)
        where TState : class, IAggregate<TState> =>
        commands.Run<TState, (Department? Department, TRead Read)>(call, streamId, expectedVersion,
            async (session, _, ct) => (await session.LoadAsync<Department>(Require.Code(departmentId, "department_id"), ct), await read(session, ct)),
            (state, known, ctx) => decide(state, known.Department, known.Read, ctx));

    private Task<TState> Command<TState>(string departmentId, ServerCallContext call, string streamId, long? expectedVersion,
        Func<TState?, Department?, CommandContext, IReadOnlyList<object>> decide)
        where TState : class, IAggregate<TState> =>
        Command<TState, bool>(departmentId, call, streamId, expectedVersion, (_, _) => Task.FromResult(true), (state, department, _, ctx) => decide(state, department, ctx));
}
