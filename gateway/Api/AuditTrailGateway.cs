using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.AspNetCore.Authorization;
using Shuangsuiji.Api.Audit.V1;
using Shuangsuiji.Gateway.Downstream;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Gateway.Api;

/// <summary>The audit trail: each service serves its own store's, so a call goes to the service it names.</summary>
[Authorize]
public sealed class AuditTrailGateway(GrpcClientFactory clients) : Shuangsuiji.Api.Audit.V1.AuditTrail.AuditTrailBase
{
    public override Task<History> GetHistory(GetHistoryRequest request, ServerCallContext context) =>
        Of(request.Service).GetHistoryAsync(request).ResponseAsync;

    public override Task<SearchEventsResponse> SearchEvents(SearchEventsRequest request, ServerCallContext context) =>
        Of(request.Service).SearchEventsAsync(request).ResponseAsync;

    public override Task<ListChainRowsResponse> ListChainRows(ListChainRowsRequest request, ServerCallContext context) =>
        Of(request.Service).ListChainRowsAsync(request).ResponseAsync;

    private Shuangsuiji.Api.Audit.V1.AuditTrail.AuditTrailClient Of(string service)
    {
        var asked = Require.Text(service, "service");
        var name = DownstreamServices.Names.FirstOrDefault(n => n.ToLowerInvariant() == asked)
            ?? throw new InvalidFieldException("service", $"'{asked}' is not one of {string.Join(", ", DownstreamServices.Names.Select(n => n.ToLowerInvariant()))}",
                $"“{asked}”不是 {string.Join("、", DownstreamServices.Names.Select(n => n.ToLowerInvariant()))} 之一");
        return clients.CreateClient<Shuangsuiji.Api.Audit.V1.AuditTrail.AuditTrailClient>(DownstreamServices.AuditTrailClientName(name));
    }
}
