using System.Globalization;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Primitives;
using Shuangsuiji.Api.Tasks.V1;

namespace Shuangsuiji.Workbench.Results;

/// <summary>
/// The entry form as posted (plain HTML names, several values for a group of check boxes) read into a result entry, and
/// the tasks service's refusal of a field put beside the input it is about.
/// </summary>
public static class EntryForm
{
    public const string Draft = "draft";
    public const string Submit = "submit";

    public static string ItemChecked(string itemId) => $"item-checked|{itemId}";
    public static string ItemProblem(string itemId) => $"item-problem|{itemId}";
    public static string ItemAction(string itemId) => $"item-action|{itemId}";
    public static string Field(string formId, string key) => $"field|{formId}|{key}";

    /// <summary>Where an error about an item is shown.</summary>
    public static string ItemAnchor(string itemId) => $"item|{itemId}";

    public static ResultEntry Read(IFormCollection form, CheckRecordDepartment section)
    {
        var entry = new ResultEntry
        {
            CheckDates = { Values(form, "check_dates") },
            Methods = { Enums<CheckMethod>(form, "methods") },
            Categories = { Enums<ResultCategory>(form, "categories") },
            PendingReasons = { Enums<PendingReason>(form, "pending_reasons") },
            InspectorIds = { Values(form, "inspector_ids") },
        };
        var removed = Values(form, "attachment_remove").ToHashSet();
        var (hashes, names, types) = (form["attachment_sha256"], form["attachment_name"], form["attachment_type"]);
        for (var i = 0; i < hashes.Count && i < names.Count && i < types.Count; i++)
            if (!removed.Contains(hashes[i]!))
                entry.Attachments.Add(new Attachment { Sha256 = hashes[i]!, FileName = names[i]!, MediaType = types[i]! });
        foreach (var item in section.Items)
        {
            entry.Items.Add(new ItemOutcome
            {
                ItemId = item.ItemId, Checked = form.ContainsKey(ItemChecked(item.ItemId)), ProblemFound = form.ContainsKey(ItemProblem(item.ItemId)),
                Action = form[ItemAction(item.ItemId)].ToString().Trim(),
            });
            foreach (var f in item.Forms)
                foreach (var field in f.Fields)
                    if (Values(form, Field(f.FormId, field.Key)) is { Count: > 0 } values)
                        entry.FormValues.Add(new FormValue { FormId = f.FormId, Key = field.Key, Values = { values } });
        }
        return entry;
    }

    /// <summary>
    /// The refusal's fields keyed by where the page shows them: a list's name for the list, an item's or a form field's
    /// anchor for what is about them (by the position in what was sent, or the form and key the service names).
    /// </summary>
    public static Dictionary<string, string> Placed(RpcException e, ResultEntry sent)
    {
        var placed = new Dictionary<string, string>();
        var error = Platform.ServiceError.Of(e);
        var metadata = e.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Metadata;
        foreach (var (field, problem) in error.Fields)
        {
            var list = field.Split('[', '.')[0];
            var index = field.IndexOf('[') is var open and > 0 && int.TryParse(field[(open + 1)..field.IndexOf(']')], CultureInfo.InvariantCulture, out var at) ? at : -1;
            var anchor = list switch
            {
                "items" when index >= 0 && index < sent.Items.Count => ItemAnchor(sent.Items[index].ItemId),
                "form_values" when index >= 0 && index < sent.FormValues.Count => Field(sent.FormValues[index].FormId, sent.FormValues[index].Key),
                "form_values" when metadata is not null && metadata.TryGetValue("form_id", out var formId) && metadata.TryGetValue("key", out var key) => Field(formId, key),
                _ => list,
            };
            placed.TryAdd(anchor, problem);
        }
        return placed;
    }

    private static List<string> Values(IFormCollection form, string name) =>
        [.. form[name].Select(v => v?.Trim() ?? "").Where(v => v.Length > 0).Distinct()];

    private static IEnumerable<T> Enums<T>(IFormCollection form, string name) where T : struct, Enum =>
        Values(form, name).Select(v => Enum.TryParse<T>(v, out var value) ? value : default);
}
