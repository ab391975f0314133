using Microsoft.AspNetCore.Http.HttpResults;
using Shuangsuiji.Disclosure.Checkpoints;
using Proto = Shuangsuiji.Api.Checkpoints.V1;

namespace Shuangsuiji.Disclosure.Portal;

/// <summary>
/// The portal's page of the audit trail's signed checkpoints (审计检查点): what a head is, the signer's public key, how to
/// check a head and its proofs, and the heads, newest first.
/// </summary>
public static class CheckpointPages
{
    private const int PageSize = 50;

    public static async Task<RazorComponentResult> List(HttpContext http, string? before)
    {
        var api = ActivatorUtilities.CreateInstance<PublishedCheckpointsApi>(http.RequestServices);
        var heads = await api.ListCheckpoints(new Proto.ListCheckpointsRequest { PageSize = PageSize, PageToken = before ?? "" }, new PortalCallContext(http));
        return PortalEndpoints.Page<CheckpointsPage>(new { Heads = heads });
    }
}
