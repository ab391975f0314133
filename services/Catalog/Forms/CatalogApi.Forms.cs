using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Marten;
using Shuangsuiji.Catalog.Forms;
using Shuangsuiji.Catalog.Items;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Catalog.V1;

namespace Shuangsuiji.Catalog;

public sealed partial class CatalogApi
{
    public override async Task<Proto.FormTemplate> DefineForm(Proto.DefineFormRequest r, ServerCallContext call)
    {
        var command = new DefineForm(r.DepartmentId, r.Code, r.FormCode, r.Name, ToFields(r.Fields));
        var form = await Command<FormTemplate, ItemView?>(r.DepartmentId, call, FormId(r.DepartmentId, r.Code, r.FormCode), null,
            (session, ct) => ItemViews.LoadAsync(session, ItemId(r.DepartmentId, r.Code), ct),
            (s, department, item, ctx) => FormDecider.Define(s, department, item, command, ctx));
        return ToProto(form);
    }

    public override async Task<Proto.FormTemplate> ReviseForm(Proto.ReviseFormRequest r, ServerCallContext call)
    {
        var command = new ReviseForm(r.DepartmentId, r.Code, r.FormCode, r.Name, ToFields(r.Fields), r.Reason);
        var form = await Command<FormTemplate, ItemView?>(r.DepartmentId, call, FormId(r.DepartmentId, r.Code, r.FormCode), r.HasExpectedVersion ? r.ExpectedVersion : null,
            (session, ct) => ItemViews.LoadAsync(session, ItemId(r.DepartmentId, r.Code), ct),
            (s, department, item, ctx) => FormDecider.Revise(s, department, item, command, ctx));
        return ToProto(form);
    }

    /// <summary>The forms a check of this item by this department uses: the basic form and the department's custom forms.</summary>
    public override async Task<Proto.ListFormsResponse> ListForms(Proto.ListFormsRequest r, ServerCallContext call)
    {
        await using var query = store.QuerySession();
        var item = await ItemViews.LoadAsync(query, ItemId(r.DepartmentId, r.Code), call.CancellationToken)
            ?? throw new NotFoundException($"no item {r.Code} on the list of {r.DepartmentId}", $"{r.DepartmentId} 的事项清单中没有事项 {r.Code}",
                CatalogReasons.ItemNotFound.About(InspectionItem.IdOf(r.DepartmentId, r.Code)));
        var basicId = FormTemplate.IdOf(item.Root.Id, FormTemplate.BasicCode);
        var forms = await query.Query<FormTemplate>()
            .Where(f => f.ItemId == item.Item.Id || f.Id == basicId)
            .ToListAsync(call.CancellationToken);
        return new Proto.ListFormsResponse
        {
            Forms = { forms.OrderBy(f => f.Kind).ThenBy(f => f.FormCode, StringComparer.Ordinal).Select(ToProto) },
        };
    }

    private static string FormId(string departmentId, string code, string formCode) =>
        FormTemplate.IdOf(ItemId(departmentId, code), Require.Code(formCode, "form_code"));

    private static readonly (FieldType Domain, Proto.FieldType Proto)[] FieldTypes =
    [
        (FieldType.Text, Proto.FieldType.Text), (FieldType.Number, Proto.FieldType.Number), (FieldType.Date, Proto.FieldType.Date),
        (FieldType.Boolean, Proto.FieldType.Boolean), (FieldType.Choice, Proto.FieldType.Choice),
        (FieldType.MultiChoice, Proto.FieldType.MultiChoice),
    ];

    private static FormField[] ToFields(IEnumerable<Proto.FormField> fields) =>
    [
        .. fields.Select((f, i) => new FormField(f.Key, f.Label,
            FieldTypes.Where(t => t.Proto == f.Type).Select(t => (FieldType?)t.Domain).FirstOrDefault()
                ?? throw new InvalidFieldException($"fields[{i}].type", "is required", "必填", Reasons.FieldRequired),
            f.Required, [.. f.Options])),
    ];

    private static Proto.FormTemplate ToProto(FormTemplate f) => new()
    {
        FormId = f.Id,
        DepartmentId = f.DepartmentId,
        ItemId = f.ItemId,
        FormCode = f.FormCode,
        Kind = f.Kind == FormKind.Basic ? Proto.FormKind.Basic : Proto.FormKind.Custom,
        Name = f.Name,
        Fields =
        {
            f.Fields.Select(x => new Proto.FormField
            {
                Key = x.Key,
                Label = x.Label,
                Type = FieldTypes.First(t => t.Domain == x.Type).Proto,
                Required = x.Required,
                Options = { x.Options },
            }),
        },
        Version = f.Version,
        UpdatedAt = Timestamp.FromDateTimeOffset(f.UpdatedAt),
    };
}
