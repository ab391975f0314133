using JasperFx.Events;
using Marten;
using Shuangsuiji.Catalog.Forms;
using Shuangsuiji.Catalog.Items;
using Shuangsuiji.Contracts.Catalog;
using Shuangsuiji.ServiceDefaults.Messaging;

namespace Shuangsuiji.Catalog;

/// <summary>What the catalog tells the others: item revisions, claims and form versions.</summary>
public sealed class CatalogMessages : IIntegrationEventMap
{
    public async Task<object?> ToMessageAsync(IEvent e, IQuerySession session, CancellationToken ct) => e.Data switch
    {
        ItemCreated x => new InspectionItemChanged(x.ItemId, x.DepartmentId, x.Code, e.Version, "created", ToInfo(x.Content), x.EffectiveOn, null, x.At),
        ItemAmended x => await ItemRevision(session, x.ItemId, e, "amended", ToInfo(x.Content), x.EffectiveOn, x.Reason, x.At, ct),
        ItemRetired x => await ItemRevision(session, x.ItemId, e, "retired", null, x.EffectiveOn, x.Reason, x.At, ct),
        ItemClaimed x => new ItemClaimChanged(x.ItemId, x.DepartmentId, x.Code, x.SourceItemId, KindName(x.LocalKind), e.Version, "claimed", false, null, x.At),
        ClaimWithdrawn x => await Claim(session, x.ItemId, e, x.Reason, x.At, ct),
        FormDefined x => new FormTemplateChanged(x.FormId, x.DepartmentId, x.ItemId, x.FormCode, KindName(x.Kind), x.Name,
            ToInfo(x.Fields), e.Version, null, x.At),
        FormRevised x => await Form(session, x, e, ct),
        JointItems.JointItemListPublished x => new Contracts.Catalog.JointItemListPublished(x.Region, e.Version,
            [.. x.Items.Select(i => new JointItemInfo(i.Code, i.Name, i.ItemIds, i.Note))], x.Reason, x.At),
        _ => null,
    };

    private static async Task<object> ItemRevision(IQuerySession session, string itemId, IEvent e, string change,
        ItemContentInfo? content, DateOnly effectiveOn, string reason, DateTimeOffset at, CancellationToken ct)
    {
        var item = await Snapshot<InspectionItem>(session, itemId, ct);
        return new InspectionItemChanged(item.Id, item.DepartmentId, item.Code, e.Version, change, content, effectiveOn, reason, at);
    }

    private static async Task<object> Claim(IQuerySession session, string itemId, IEvent e, string reason, DateTimeOffset at, CancellationToken ct)
    {
        var item = await Snapshot<InspectionItem>(session, itemId, ct);
        return new ItemClaimChanged(item.Id, item.DepartmentId, item.Code, item.SourceItemId!, KindName(item.LocalKind),
            e.Version, "claim-withdrawn", true, reason, at);
    }

    private static async Task<object> Form(IQuerySession session, FormRevised x, IEvent e, CancellationToken ct)
    {
        var form = await Snapshot<FormTemplate>(session, x.FormId, ct);
        return new FormTemplateChanged(form.Id, form.DepartmentId, form.ItemId, form.FormCode, KindName(form.Kind), x.Name,
            ToInfo(x.Fields), e.Version, x.Reason, x.At);
    }

    private static async Task<T> Snapshot<T>(IQuerySession session, string id, CancellationToken ct) where T : notnull =>
        await session.LoadAsync<T>(id, ct) ?? throw new InvalidOperationException($"{typeof(T).Name} {id} has events but no snapshot");

    private static ItemContentInfo ToInfo(ItemContent c) => new(
        c.Name, KindName(c.Kind)!, c.LegalBasis, c.InternalUnit, c.Content, c.Method, c.EntityTypes, c.Industries, c.InternetPlusCode);

    private static FormFieldInfo[] ToInfo(IReadOnlyList<FormField> fields) =>
        [.. fields.Select(f => new FormFieldInfo(f.Key, f.Label, FieldTypeName(f.Type), f.Required, f.Options))];

    private static string? KindName(ItemKind? kind) => kind?.ToString().ToLowerInvariant();

    private static string KindName(FormKind kind) => kind.ToString().ToLowerInvariant();

    private static string FieldTypeName(FieldType type) => type == FieldType.MultiChoice ? "multi_choice" : type.ToString().ToLowerInvariant();
}
