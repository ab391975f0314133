namespace Shuangsuiji.Tasks.Forms;

public enum FieldType { Text, Number, Date, Boolean, Choice, MultiChoice }

public sealed record FormField(string Key, string Label, FieldType Type, bool Required, IReadOnlyList<string> Options);

/// <summary>One version of a check form (检查表单) from the catalog's form library: the item's basic form or a department's custom one.</summary>
public sealed record CheckForm(string FormId, string ItemId, string FormCode, string Kind, string Name, IReadOnlyList<FormField> Fields, long Version)
{
    public const string Basic = "basic";
}

/// <summary>The forms a department fills in for one of its items in a task, as they were when the task was approved.</summary>
public sealed record ItemForms(string DepartmentId, string ItemId, IReadOnlyList<CheckForm> Forms);

/// <summary>
/// The catalog's latest version of a form, kept from its messages (document id = form id). DepartmentId is the
/// department that keeps the form: the item's own department for the basic form, the adding department for a custom one.
/// </summary>
public sealed record KnownForm(string Id, string DepartmentId, CheckForm Form);

/// <summary>A department's claimed (认领) item and the upper-level item it came from (document id = the claimed item's id).</summary>
public sealed record KnownClaim(string Id, string SourceItemId, bool Withdrawn, long Version);

public static class TaskForms
{
    /// <summary>
    /// For each department and item of a task: the basic form of the item at the top of its claim chain (a claimed
    /// item keeps its source's basic form) and the custom forms that department added to its own item.
    /// </summary>
    public static IReadOnlyList<ItemForms> For(IEnumerable<(string DepartmentId, IReadOnlyList<string> Items)> departments,
        IReadOnlyCollection<KnownForm> forms, IReadOnlyDictionary<string, KnownClaim> claims) =>
        [.. departments.SelectMany(d => d.Items.Select(item =>
        {
            var root = Root(item, claims);
            var basic = forms.Where(f => f.Form.ItemId == root && f.Form.FormCode == CheckForm.Basic);
            var custom = forms.Where(f => f.Form.ItemId == item && f.Form.FormCode != CheckForm.Basic && f.DepartmentId == d.DepartmentId)
                .OrderBy(f => f.Form.FormCode, StringComparer.Ordinal);
            return new ItemForms(d.DepartmentId, item, [.. basic.Concat(custom).Select(f => f.Form)]);
        }))];

    /// <summary>The item a claim chain starts from; a withdrawn claim no longer leads anywhere.</summary>
    public static string Root(string itemId, IReadOnlyDictionary<string, KnownClaim> claims)
    {
        var seen = new HashSet<string>();
        while (claims.TryGetValue(itemId, out var claim) && !claim.Withdrawn && seen.Add(itemId)) itemId = claim.SourceItemId;
        return itemId;
    }
}
