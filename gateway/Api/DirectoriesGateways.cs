using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Shuangsuiji.Api.Directories.V1;

namespace Shuangsuiji.Gateway.Api;

/// <summary>The entity directory, for authenticated callers; the directories service checks each department's remit.</summary>
[Authorize]
public sealed class EntitiesGateway(MarketEntities.MarketEntitiesClient directories) : MarketEntities.MarketEntitiesBase
{
    public override Task<MarketEntity> RegisterEntity(RegisterEntityRequest request, ServerCallContext context) =>
        directories.RegisterEntityAsync(request).ResponseAsync;

    public override Task<MarketEntity> AmendEntity(AmendEntityRequest request, ServerCallContext context) =>
        directories.AmendEntityAsync(request).ResponseAsync;

    public override Task<MarketEntity> ChangeEntityStatus(ChangeEntityStatusRequest request, ServerCallContext context) =>
        directories.ChangeEntityStatusAsync(request).ResponseAsync;

    public override Task<MarketEntity> TagEntity(TagEntityRequest request, ServerCallContext context) =>
        directories.TagEntityAsync(request).ResponseAsync;

    public override Task<MarketEntity> UntagEntity(TagEntityRequest request, ServerCallContext context) =>
        directories.UntagEntityAsync(request).ResponseAsync;

    public override Task<MarketEntity> JoinSubLibrary(SubLibraryRequest request, ServerCallContext context) =>
        directories.JoinSubLibraryAsync(request).ResponseAsync;

    public override Task<MarketEntity> LeaveSubLibrary(SubLibraryRequest request, ServerCallContext context) =>
        directories.LeaveSubLibraryAsync(request).ResponseAsync;

    public override Task<MarketEntity> ChangeRiskClass(ChangeRiskClassRequest request, ServerCallContext context) =>
        directories.ChangeRiskClassAsync(request).ResponseAsync;

    public override Task<MarketEntity> GetEntity(GetEntityRequest request, ServerCallContext context) =>
        directories.GetEntityAsync(request).ResponseAsync;

    public override Task<SearchEntitiesResponse> SearchEntities(SearchEntitiesRequest request, ServerCallContext context) =>
        directories.SearchEntitiesAsync(request).ResponseAsync;

    public override Task<EntityHistory> GetEntityHistory(GetEntityRequest request, ServerCallContext context) =>
        directories.GetEntityHistoryAsync(request).ResponseAsync;
}

/// <summary>The tag library, for authenticated callers.</summary>
[Authorize]
public sealed class TagLibraryGateway(TagLibrary.TagLibraryClient directories) : TagLibrary.TagLibraryBase
{
    public override Task<TagCategory> DefineTagCategory(DefineTagCategoryRequest request, ServerCallContext context) =>
        directories.DefineTagCategoryAsync(request).ResponseAsync;

    public override Task<TagCategory> AddTag(AddTagRequest request, ServerCallContext context) =>
        directories.AddTagAsync(request).ResponseAsync;

    public override Task<TagCategory> RetireTag(RetireTagRequest request, ServerCallContext context) =>
        directories.RetireTagAsync(request).ResponseAsync;

    public override Task<ListTagCategoriesResponse> ListTagCategories(ListTagCategoriesRequest request, ServerCallContext context) =>
        directories.ListTagCategoriesAsync(request).ResponseAsync;
}

/// <summary>The inspector directory, for authenticated callers; the directories service keeps personal data to the inspector's department.</summary>
[Authorize]
public sealed class InspectorsGateway(Inspectors.InspectorsClient directories) : Inspectors.InspectorsBase
{
    public override Task<Inspector> SaveInspector(SaveInspectorRequest request, ServerCallContext context) =>
        directories.SaveInspectorAsync(request).ResponseAsync;

    public override Task<Inspector> ChangeInspectorStatus(ChangeInspectorStatusRequest request, ServerCallContext context) =>
        directories.ChangeInspectorStatusAsync(request).ResponseAsync;

    public override Task<Inspector> DeclareConflict(ConflictRequest request, ServerCallContext context) =>
        directories.DeclareConflictAsync(request).ResponseAsync;

    public override Task<Inspector> WithdrawConflict(ConflictRequest request, ServerCallContext context) =>
        directories.WithdrawConflictAsync(request).ResponseAsync;

    public override Task<Inspector> GetInspector(GetInspectorRequest request, ServerCallContext context) =>
        directories.GetInspectorAsync(request).ResponseAsync;

    public override Task<ListInspectorsResponse> ListInspectors(ListInspectorsRequest request, ServerCallContext context) =>
        directories.ListInspectorsAsync(request).ResponseAsync;
}
