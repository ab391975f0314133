using Grpc.Core;
using Marten;
using Shuangsuiji.Catalog.Departments;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Validation;
using Proto = Shuangsuiji.Api.Catalog.V1;

namespace Shuangsuiji.Catalog;

/// <summary>
/// The catalog API, one partial class per feature folder (Items/, Forms/). Each method binds the request,
/// runs the decider against the store with the caller's expected version, and maps the result.
/// </summary>
public sealed partial class CatalogApi(IDocumentStore store, TimeProvider clock) : Proto.Catalog.CatalogBase
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>A session for a command, attributed to the caller, with the catalog's copy of the department.</summary>
    private async Task<(IDocumentSession Session, CommandContext Context, Department? Department)> BeginCommand(
        string departmentId, ServerCallContext call)
    {
        var ctx = CommandContext.From(call, clock);
        var session = store.OpenSession(ctx);
        var department = await session.LoadAsync<Department>(Require.Code(departmentId, "department_id"), call.CancellationToken);
        return (session, ctx, department);
    }
}
