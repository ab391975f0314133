using Shuangsuiji.Kernel;

namespace Shuangsuiji.Catalog.Forms;

/// <summary>The basic check form of an item, or a department's custom form for it (表格库).</summary>
public enum FormKind { Basic, Custom }

public enum FieldType { Text, Number, Date, Boolean, Choice, MultiChoice }

public sealed record FormField(string Key, string Label, FieldType Type, bool Required, IReadOnlyList<string> Options);

public sealed record FormDefined(
    string FormId, string DepartmentId, string ItemId, string FormCode, FormKind Kind, string Name,
    IReadOnlyList<FormField> Fields, Caller By, DateTimeOffset At);

/// <summary>A new version of the form; tasks keep the version they were approved with.</summary>
public sealed record FormRevised(string FormId, string Name, IReadOnlyList<FormField> Fields, string Reason, Caller By, DateTimeOffset At);

/// <summary>A check form template (id "department:code/form"), versioned by its stream.</summary>
public sealed record FormTemplate(
    string Id, string DepartmentId, string ItemId, string FormCode, FormKind Kind, string Name,
    IReadOnlyList<FormField> Fields, DateTimeOffset UpdatedAt)
    : IAggregate<FormTemplate>
{
    public const string BasicCode = "basic";

    public long Version { get; set; }

    public static string IdOf(string itemId, string formCode) => $"{itemId}/{formCode}";

    public static FormTemplate When(FormTemplate? state, object @event) => (state, @event) switch
    {
        (null, FormDefined e) => new FormTemplate(e.FormId, e.DepartmentId, e.ItemId, e.FormCode, e.Kind, e.Name, e.Fields, e.At),
        ({ } s, FormRevised e) => s with { Name = e.Name, Fields = e.Fields, UpdatedAt = e.At },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to form {state?.Id ?? "(new)"}"),
    };
}
