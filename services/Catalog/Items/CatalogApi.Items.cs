using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Marten;
using Shuangsuiji.Catalog.Items;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Catalog.V1;

namespace Shuangsuiji.Catalog;

public sealed partial class CatalogApi
{
    public override async Task<Proto.InspectionItem> CreateItem(Proto.CreateItemRequest r, ServerCallContext call)
    {
        var command = new CreateItem(r.DepartmentId, r.Code, ToContent(r.Content), Require.Date(r.EffectiveOn, "effective_on"));
        var item = await Command<InspectionItem>(r.DepartmentId, call, ItemId(r.DepartmentId, r.Code), null,
            (s, department, ctx) => ItemDecider.Create(s, department, command, ctx));
        return await ToProto(item, call.CancellationToken);
    }

    public override async Task<Proto.InspectionItem> AmendItem(Proto.AmendItemRequest r, ServerCallContext call)
    {
        var command = new AmendItem(r.DepartmentId, r.Code, ToContent(r.Content), r.Reason, Require.Date(r.EffectiveOn, "effective_on"));
        var item = await Command<InspectionItem>(r.DepartmentId, call, ItemId(r.DepartmentId, r.Code), r.HasExpectedVersion ? r.ExpectedVersion : null,
            (s, department, ctx) => ItemDecider.Amend(s, department, command, ctx));
        return await ToProto(item, call.CancellationToken);
    }

    public override async Task<Proto.InspectionItem> RetireItem(Proto.RetireItemRequest r, ServerCallContext call)
    {
        var command = new RetireItem(r.DepartmentId, r.Code, r.Reason, Require.Date(r.EffectiveOn, "effective_on"));
        var item = await Command<InspectionItem>(r.DepartmentId, call, ItemId(r.DepartmentId, r.Code), r.HasExpectedVersion ? r.ExpectedVersion : null,
            (s, department, ctx) => ItemDecider.Retire(s, department, command, ctx));
        return await ToProto(item, call.CancellationToken);
    }

    public override async Task<Proto.InspectionItem> ClaimItem(Proto.ClaimItemRequest r, ServerCallContext call)
    {
        var (sourceDepartment, sourceCode) = ParseItemId(r.SourceItemId, "source_item_id");
        var command = new ClaimItem(r.DepartmentId, r.SourceItemId, r.LocalKind switch
        {
            Proto.ItemKind.Key => ItemKind.Key,
            Proto.ItemKind.General => ItemKind.General,
            _ => null,
        });
        var item = await Command<InspectionItem, ItemView?>(r.DepartmentId, call, ItemId(r.DepartmentId, sourceCode), null,
            (session, ct) => ItemViews.LoadAsync(session, InspectionItem.IdOf(sourceDepartment, sourceCode), ct),
            (s, department, source, ctx) => ItemDecider.Claim(s, department, source, command, ctx));
        return await ToProto(item, call.CancellationToken);
    }

    public override async Task<Proto.InspectionItem> WithdrawClaim(Proto.WithdrawClaimRequest r, ServerCallContext call)
    {
        var command = new WithdrawClaim(r.DepartmentId, r.Code, r.Reason);
        var item = await Command<InspectionItem>(r.DepartmentId, call, ItemId(r.DepartmentId, r.Code), r.HasExpectedVersion ? r.ExpectedVersion : null,
            (s, department, ctx) => ItemDecider.Withdraw(s, department, command, ctx));
        return await ToProto(item, call.CancellationToken);
    }

    public override async Task<Proto.InspectionItem> GetItem(Proto.GetItemRequest r, ServerCallContext call)
    {
        await using var query = store.QuerySession();
        var item = await query.LoadAsync<InspectionItem>(ItemId(r.DepartmentId, r.Code), call.CancellationToken)
            ?? throw new NotFoundException($"no item {r.Code} on the list of {r.DepartmentId}", $"{r.DepartmentId} 的事项清单中没有事项 {r.Code}",
                CatalogReasons.ItemNotFound.About(InspectionItem.IdOf(r.DepartmentId, r.Code)));
        return await ToProto(query, item, call.CancellationToken);
    }

    public override async Task<Proto.ListItemsResponse> ListItems(Proto.ListItemsRequest r, ServerCallContext call)
    {
        var departmentId = Require.Code(r.DepartmentId, "department_id");
        await using var query = store.QuerySession();
        var items = await query.Query<InspectionItem>().Where(i => i.DepartmentId == departmentId)
            .OrderBy(i => i.Code).ToListAsync(call.CancellationToken);
        var response = new Proto.ListItemsResponse();
        foreach (var item in items)
        {
            var proto = await ToProto(query, item, call.CancellationToken);
            if (r.IncludeRetired || proto.Status is Proto.ItemStatus.InForce or Proto.ItemStatus.Pending) response.Items.Add(proto);
        }
        return response;
    }

    private static string ItemId(string departmentId, string code) =>
        InspectionItem.IdOf(Require.Code(departmentId, "department_id"), Require.Code(code, "code"));

    private static (string DepartmentId, string Code) ParseItemId(string value, string field)
    {
        var parts = value.Split(':');
        if (parts.Length != 2) throw new InvalidFieldException(field, $"'{value}' is not an item id (department_id:code)", $"“{value}”不是事项编号（部门编号:事项编码）");
        return (Require.Code(parts[0], field), Require.Code(parts[1], field));
    }

    private static ItemContent ToContent(Proto.ItemContent? c)
    {
        if (c is null) throw new InvalidFieldException("content", "is required", "必填", Reasons.FieldRequired);
        var kind = c.Kind switch
        {
            Proto.ItemKind.General => ItemKind.General,
            Proto.ItemKind.Key => ItemKind.Key,
            _ => throw new InvalidFieldException("content.kind", "is required (GENERAL or KEY)", "必填（一般检查事项 GENERAL 或重点检查事项 KEY）", Reasons.FieldRequired),
        };
        return new ItemContent(c.Name, kind, c.LegalBasis, c.InternalUnit, c.Content, c.Method,
            [.. c.EntityTypes], [.. c.Industries], c.InternetPlusCode);
    }

    private async Task<Proto.InspectionItem> ToProto(InspectionItem item, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await ToProto(query, item, ct);
    }

    private async Task<Proto.InspectionItem> ToProto(IQuerySession session, InspectionItem item, CancellationToken ct)
    {
        var view = await ItemViews.ResolveAsync(session, item, ct);
        var today = Today;
        var content = view.ContentOn(today);
        return new Proto.InspectionItem
        {
            ItemId = item.Id,
            DepartmentId = item.DepartmentId,
            Code = item.Code,
            Origin = item.Origin == ItemOrigin.Own ? Proto.ItemOrigin.Own : Proto.ItemOrigin.Claimed,
            SourceItemId = item.SourceItemId ?? "",
            Content = content is null ? null : new Proto.ItemContent
            {
                Name = content.Name,
                Kind = content.Kind == ItemKind.Key ? Proto.ItemKind.Key : Proto.ItemKind.General,
                LegalBasis = content.LegalBasis,
                InternalUnit = content.InternalUnit ?? "",
                Content = content.Content,
                Method = content.Method,
                EntityTypes = { content.EntityTypes },
                Industries = { content.Industries },
                InternetPlusCode = content.InternetPlusCode ?? "",
            },
            Status = view.StatusOn(today) switch
            {
                ItemStatus.Pending => Proto.ItemStatus.Pending,
                ItemStatus.InForce => Proto.ItemStatus.InForce,
                ItemStatus.Retired => Proto.ItemStatus.Retired,
                _ => Proto.ItemStatus.Withdrawn,
            },
            EffectiveOn = view.EffectiveOn(today)?.ToString("yyyy-MM-dd") ?? "",
            RetiredOn = view.RetiredOn?.ToString("yyyy-MM-dd") ?? "",
            Revisions =
            {
                item.Revisions.Select(v => new Proto.ItemRevision
                {
                    Version = v.Version,
                    Change = v.Change,
                    Reason = v.Reason ?? "",
                    EffectiveOn = v.EffectiveOn?.ToString("yyyy-MM-dd") ?? "",
                    RecordedAt = Timestamp.FromDateTimeOffset(v.At),
                    RecordedByDepartment = v.ByDepartment,
                }),
            },
            Version = item.Version,
        };
    }
}
