using System.Globalization;
using Shuangsuiji.Tasks.Results;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Tasks.Forms;

/// <summary>What was entered in one field of a check form; a multiple choice has several values, every other type one.</summary>
public sealed record FormValue(string FormId, string Key, IReadOnlyList<string> Values);

public static class FormValues
{
    /// <summary>
    /// Checks the values a department entered against its forms in the task: each belongs to a form of one of its items
    /// and a field of that form, fits the field's type, and every required field of a checked item's forms is filled.
    /// Returns the values trimmed, without empty ones.
    /// </summary>
    public static IReadOnlyList<FormValue> Validate(IReadOnlyList<FormValue> values, IReadOnlyList<ItemForms> forms, IReadOnlyList<ItemOutcome> outcomes)
    {
        var result = new List<FormValue>();
        foreach (var (v, i) in values.Select((v, i) => (v, i)))
        {
            var at = $"form_values[{i}]";
            var form = forms.SelectMany(f => f.Forms).FirstOrDefault(f => f.FormId == v.FormId)
                ?? throw new InvalidFieldException($"{at}.form_id", $"'{v.FormId}' is not a form of this department's items in the task",
                    $"“{v.FormId}”不是本部门在该任务中检查事项的表单", TasksReasons.FormFieldUnknown.About(v.FormId, null));
            var field = form.Fields.FirstOrDefault(f => f.Key == v.Key)
                ?? throw new InvalidFieldException($"{at}.key", $"form {form.FormId} has no field '{v.Key}'", $"表单 {form.FormId} 没有字段“{v.Key}”",
                    TasksReasons.FormFieldUnknown.About(form.FormId, v.Key));
            if (result.Any(r => r.FormId == v.FormId && r.Key == v.Key))
                throw new InvalidFieldException($"{at}.key", $"{form.FormId} {v.Key} is given twice", $"{form.FormId} 的 {v.Key} 重复", Reasons.FieldDuplicate);
            var entered = v.Values.Select(x => x?.Trim() ?? "").Where(x => x.Length > 0).ToArray();
            if (entered.Length == 0) continue;
            Check(field, entered, $"{at}.values");
            result.Add(new FormValue(form.FormId, field.Key, entered));
        }
        foreach (var item in forms.Where(f => outcomes.Any(o => o.ItemId == f.ItemId && o.Checked)))
            foreach (var form in item.Forms)
                if (form.Fields.FirstOrDefault(f => f.Required && !result.Any(r => r.FormId == form.FormId && r.Key == f.Key)) is { } missing)
                    throw new InvalidFieldException("form_values", $"{form.Name} ({form.FormId}): 「{missing.Label}」 ({missing.Key}) is required for a checked item",
                        $"{form.Name}（{form.FormId}）：已检查事项须填写「{missing.Label}」（{missing.Key}）", TasksReasons.FormFieldRequired.About(form.FormId, missing.Key));
        return result;
    }

    private static void Check(FormField field, string[] values, string at)
    {
        if (field.Type != FieldType.MultiChoice && values.Length > 1)
            throw new InvalidFieldException(at, $"{field.Key} takes one value", $"{field.Key} 只能填写一个值", TasksReasons.FormValueInvalid.About(field.Key));
        var bad = field.Type switch
        {
            FieldType.Text => values.FirstOrDefault(v => v.Length > 2000),
            FieldType.Number => values.FirstOrDefault(v => !decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out _)),
            FieldType.Date => values.FirstOrDefault(v => !DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)),
            FieldType.Boolean => values.FirstOrDefault(v => v is not ("true" or "false")),
            _ => values.FirstOrDefault(v => !field.Options.Contains(v)),
        };
        if (bad is not null)
            throw new InvalidFieldException(at, $"'{(bad.Length > 40 ? bad[..40] + "…" : bad)}' is not {Expected(field)} for {field.Key}",
                $"“{(bad.Length > 40 ? bad[..40] + "…" : bad)}”不符合字段 {field.Key} 的类型或选项", TasksReasons.FormValueInvalid.About(field.Key));
        if (values.Distinct().Count() != values.Length)
            throw new InvalidFieldException(at, $"an option of {field.Key} is given twice", $"{field.Key} 的选项重复", Reasons.FieldDuplicate);
    }

    private static string Expected(FormField field) => field.Type switch
    {
        FieldType.Text => "a text of at most 2,000 characters",
        FieldType.Number => "a number such as 12 or 3.5",
        FieldType.Date => "a date yyyy-MM-dd",
        FieldType.Boolean => "true or false",
        _ => $"one of {string.Join("、", field.Options)}",
    };
}
