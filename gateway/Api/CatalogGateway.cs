using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Shuangsuiji.Api.Catalog.V1;

namespace Shuangsuiji.Gateway.Api;

/// <summary>The item list, claims and forms, for authenticated callers; the catalog checks the department's remit.</summary>
[Authorize]
public sealed class CatalogGateway(Catalog.CatalogClient catalog) : Catalog.CatalogBase
{
    public override Task<InspectionItem> CreateItem(CreateItemRequest request, ServerCallContext context) =>
        catalog.CreateItemAsync(request).ResponseAsync;

    public override Task<InspectionItem> AmendItem(AmendItemRequest request, ServerCallContext context) =>
        catalog.AmendItemAsync(request).ResponseAsync;

    public override Task<InspectionItem> RetireItem(RetireItemRequest request, ServerCallContext context) =>
        catalog.RetireItemAsync(request).ResponseAsync;

    public override Task<InspectionItem> ClaimItem(ClaimItemRequest request, ServerCallContext context) =>
        catalog.ClaimItemAsync(request).ResponseAsync;

    public override Task<InspectionItem> WithdrawClaim(WithdrawClaimRequest request, ServerCallContext context) =>
        catalog.WithdrawClaimAsync(request).ResponseAsync;

    public override Task<InspectionItem> GetItem(GetItemRequest request, ServerCallContext context) =>
        catalog.GetItemAsync(request).ResponseAsync;

    public override Task<ListItemsResponse> ListItems(ListItemsRequest request, ServerCallContext context) =>
        catalog.ListItemsAsync(request).ResponseAsync;

    public override Task<FormTemplate> DefineForm(DefineFormRequest request, ServerCallContext context) =>
        catalog.DefineFormAsync(request).ResponseAsync;

    public override Task<FormTemplate> ReviseForm(ReviseFormRequest request, ServerCallContext context) =>
        catalog.ReviseFormAsync(request).ResponseAsync;

    public override Task<ListFormsResponse> ListForms(ListFormsRequest request, ServerCallContext context) =>
        catalog.ListFormsAsync(request).ResponseAsync;
}
