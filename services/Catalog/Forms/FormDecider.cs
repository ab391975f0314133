using System.Text.RegularExpressions;
using Shuangsuiji.Catalog.Departments;
using Shuangsuiji.Catalog.Items;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Catalog.Forms;

public sealed record DefineForm(string DepartmentId, string Code, string FormCode, string Name, IReadOnlyList<FormField> Fields);

public sealed record ReviseForm(string DepartmentId, string Code, string FormCode, string Name, IReadOnlyList<FormField> Fields, string Reason);

/// <summary>
/// Forms are added before a task starts: the item's own department keeps its basic form; any department
/// with the item on its list may add custom forms for its own checks.
/// </summary>
public static partial class FormDecider
{
    public static IReadOnlyList<object> Define(FormTemplate? state, Department? department, ItemView? item, DefineForm c, CommandContext ctx)
    {
        var keeper = ItemDecider.ListKeeper(department, c.DepartmentId, ctx.Caller);
        var formCode = Require.Code(c.FormCode, "form_code");
        var listed = ListedItem(item, c.Code, keeper.Id);
        var kind = formCode == FormTemplate.BasicCode ? FormKind.Basic : FormKind.Custom;
        if (kind == FormKind.Basic && listed.Item.Origin == ItemOrigin.Claimed)
            throw new RuleViolationException($"the basic form of {listed.Item.Id} is kept by {listed.Root.DepartmentId}; add a custom form instead",
                $"事项 {listed.Item.Id} 的基础检查表由 {listed.Root.DepartmentId} 维护；请改为添加自定义表单",
                CatalogReasons.BasicFormUpstream.About(listed.Item.Id, listed.Root.DepartmentId));
        if (state is not null)
            throw new AlreadyExistsException($"form {formCode} of item {listed.Item.Id} already exists; revise it instead",
                $"事项 {listed.Item.Id} 的表单 {formCode} 已存在；请改为修订", CatalogReasons.FormExists.About(listed.Item.Id, formCode));
        return [new FormDefined(FormTemplate.IdOf(listed.Item.Id, formCode), keeper.Id, listed.Item.Id, formCode, kind,
            Require.Text(c.Name, "name"), ValidFields(c.Fields), ctx.Caller, ctx.Now)];
    }

    public static IReadOnlyList<object> Revise(FormTemplate? state, Department? department, ItemView? item, ReviseForm c, CommandContext ctx)
    {
        var keeper = ItemDecider.ListKeeper(department, c.DepartmentId, ctx.Caller);
        var listed = ListedItem(item, c.Code, keeper.Id);
        var form = state ?? throw new NotFoundException($"item {listed.Item.Id} has no form {c.FormCode}", $"事项 {listed.Item.Id} 没有表单 {c.FormCode}",
            CatalogReasons.FormNotFound.About(listed.Item.Id, c.FormCode));
        return [new FormRevised(form.Id, Require.Text(c.Name, "name"), ValidFields(c.Fields), Require.Text(c.Reason, "reason", 500), ctx.Caller, ctx.Now)];
    }

    private static ItemView ListedItem(ItemView? item, string code, string departmentId) => item switch
    {
        null => throw new NotFoundException($"no item {code} on the list of {departmentId}", $"{departmentId} 的事项清单中没有事项 {code}",
            CatalogReasons.ItemNotFound.About(InspectionItem.IdOf(departmentId, code))),
        _ when item.Closed() => throw new RuleViolationException($"item {item.Item.Id} is retired or withdrawn", $"事项 {item.Item.Id} 已废止或已撤回认领",
            CatalogReasons.ItemClosed.About(item.Item.Id)),
        _ => item,
    };

    public static FormField[] ValidFields(IReadOnlyList<FormField> fields)
    {
        if (fields.Count == 0) throw new InvalidFieldException("fields", "a form needs at least one field", "表单至少需要一个字段", Reasons.FieldRequired);
        var valid = fields.Select((f, i) =>
        {
            var at = $"fields[{i}]";
            var key = f.Key?.Trim() ?? "";
            if (!KeyPattern().IsMatch(key))
                throw new InvalidFieldException($"{at}.key", $"'{key}' must be lower-case letters, digits and '_', starting with a letter",
                    $"“{key}”须由小写字母、数字和“_”组成，并以字母开头");
            var type = Require.Defined((FieldType?)f.Type, $"{at}.type");
            var options = f.Options.Select(o => o.Trim()).ToArray();
            var isChoice = type is FieldType.Choice or FieldType.MultiChoice;
            if (isChoice && options.Length == 0)
                throw new InvalidFieldException($"{at}.options", "a choice field needs options", "选择类字段须有选项", Reasons.FieldRequired);
            if (!isChoice && options.Length > 0) throw new InvalidFieldException($"{at}.options", $"a {type} field takes no options", $"{type} 类字段不设选项");
            if (options.Any(string.IsNullOrEmpty) || options.Distinct().Count() != options.Length)
                throw new InvalidFieldException($"{at}.options", "options must be non-empty and distinct", "选项不能为空，也不能重复");
            return new FormField(key, Require.Text(f.Label, $"{at}.label"), type, f.Required, options);
        }).ToArray();
        var duplicate = valid.GroupBy(f => f.Key).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? valid : throw new InvalidFieldException("fields", $"key {duplicate.Key} appears twice", $"字段键 {duplicate.Key} 重复出现",
            Reasons.FieldDuplicate);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex KeyPattern();
}
