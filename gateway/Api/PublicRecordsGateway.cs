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

    public override Task<ListPublicPlansResponse> ListPlans(ListPublicPlansRequest request, ServerCallContext context) =>
        disclosure.ListPlansAsync(request).ResponseAsync;

    public override Task<ListPublicTasksResponse> ListTasks(ListPublicTasksRequest request, ServerCallContext context) =>
        disclosure.ListTasksAsync(request).ResponseAsync;

    public override Task<PublicTask> GetTask(GetPublicTaskRequest request, ServerCallContext context) =>
        disclosure.GetTaskAsync(request).ResponseAsync;

    public override Task<SearchPublicResultsResponse> SearchResults(SearchPublicResultsRequest request, ServerCallContext context) =>
        disclosure.SearchResultsAsync(request).ResponseAsync;

    public override Task<Google.Api.HttpBody> ExportResults(ExportPublicResultsRequest request, ServerCallContext context) =>
        disclosure.ExportResultsAsync(request).ResponseAsync;

    public override Task<Timeliness> GetTimeliness(GetTimelinessRequest request, ServerCallContext context) =>
        disclosure.GetTimelinessAsync(request).ResponseAsync;
}
