using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Gateway.Api;

/// <summary>Public records (一公开): no token needed.</summary>
[AllowAnonymous]
public sealed class PublicRecordsGateway(PublicRecords.PublicRecordsClient disclosure) : PublicRecords.PublicRecordsBase
{
    public override Task<ListPublicDepartmentsResponse> ListDepartments(ListPublicDepartmentsRequest request, ServerCallContext context) =>
        disclosure.ListDepartmentsAsync(request).ResponseAsync;

    public override Task<ListPublicItemsResponse> ListItems(ListPublicItemsRequest request, ServerCallContext context) =>
        disclosure.ListItemsAsync(request).ResponseAsync;

    public override Task<PublicItem> GetItem(GetPublicItemRequest request, ServerCallContext context) =>
        disclosure.GetItemAsync(request).ResponseAsync;
}
