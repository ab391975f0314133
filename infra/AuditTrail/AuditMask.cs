using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.AuditTrail;

/// <summary>
/// What a store's audit trail does not show as stored: personal data, shown whole only where the service's own API shows
/// it (to the department that keeps it) and masked for every other reader, the supervising office included; and sealed
/// secrets, left out for every reader. A service declares its masks in one class of its own assembly deriving from this
/// one, which the store finds (<see cref="Of"/>); an event type that carries such data is one line there. A store
/// without one shows its events' data as stored.
/// </summary>
public class AuditMask
{
    public static readonly AuditMask None = new();

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Each kind's masks; a mask says whether it changed the data.</summary>
    private readonly Dictionary<string, List<Func<JsonObject, string, Caller, bool>>> byKind = new(StringComparer.Ordinal);

    protected AuditMask()
    {
    }

    /// <summary>
    /// Personal data in events of <paramref name="kind"/> (the stored type name): each field (a dotted path in the
    /// event's JSON) with its mask, shown whole only to the department <paramref name="keeperOf"/> reads from the
    /// event's stream id.
    /// </summary>
    protected void PersonalData(string kind, Func<string, string?> keeperOf, params (string Path, Func<string, string> Mask)[] fields) =>
        Add(kind, (data, streamId, reader) =>
        {
            if (keeperOf(streamId) is { } keeper && reader.ActsFor(keeper)) return false;
            var changed = false;
            foreach (var (path, mask) in fields)
                if (Find(data, path) is (JsonObject parent, string name) && parent[name] is JsonValue value && value.TryGetValue<string>(out var text))
                {
                    parent[name] = mask(text);
                    changed = true;
                }
            return changed;
        });

    /// <summary>Fields of events of <paramref name="kind"/> that no reader sees: they are left out of the data.</summary>
    protected void Sealed(string kind, params string[] paths) =>
        Add(kind, (data, _, _) =>
        {
            var changed = false;
            foreach (var path in paths)
                if (Find(data, path) is (JsonObject parent, string name)) changed |= parent.Remove(name);
            return changed;
        });

    /// <summary>The stored event types whose data is masked.</summary>
    public IEnumerable<string> Kinds => byKind.Keys;

    public bool Masks(string kind) => byKind.ContainsKey(kind);

    /// <summary>
    /// The stored JSON of an event of <paramref name="kind"/> in stream <paramref name="streamId"/> as <paramref name="reader"/>
    /// may see it: as stored when no mask applies, else written anew without it.
    /// </summary>
    public string Apply(string kind, string streamId, string data, Caller reader)
    {
        if (!byKind.TryGetValue(kind, out var masks) || JsonNode.Parse(data) is not JsonObject json) return data;
        var changed = false;
        foreach (var mask in masks) changed |= mask(json, streamId, reader);
        return changed ? json.ToJsonString(Json) : data;
    }

    /// <summary>A resident ID number (公民身份号码) shows its first four and last four characters: 1303**********1234.</summary>
    public static string IdNumber(string number) => Keep(number, 4, 4);

    /// <summary>A phone number shows its first three and last four digits: 138****5678.</summary>
    public static string Phone(string phone) => Keep(phone, 3, 4);

    /// <summary>
    /// The mask the service declares in its assembly (the host's application assembly), or <see cref="None"/>: found the
    /// way ASP.NET Core finds controllers, so a service declares it without wiring.
    /// </summary>
    public static AuditMask Of(Assembly assembly) =>
        assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(AuditMask)) && !t.IsAbstract).ToList() switch
        {
            [] => None,
            [var declared] => (AuditMask)Activator.CreateInstance(declared)!,
            var several => throw new InvalidOperationException(
                $"{assembly.GetName().Name} declares {several.Count} audit masks ({string.Join(", ", several.Select(t => t.Name))}): a service declares one"),
        };

    private void Add(string kind, Func<JsonObject, string, Caller, bool> mask)
    {
        if (!byKind.TryGetValue(kind, out var masks)) byKind[kind] = masks = [];
        masks.Add(mask);
    }

    private static (JsonObject Parent, string Name)? Find(JsonObject data, string path)
    {
        var names = path.Split('.');
        var parent = data;
        foreach (var name in names[..^1])
            if (parent[name] is JsonObject inner) parent = inner;
            else return null;
        return parent.ContainsKey(names[^1]) ? (parent, names[^1]) : null;
    }

    /// <summary>The value with all but its first <paramref name="head"/> and last <paramref name="tail"/> characters masked; a value no longer than those is masked whole.</summary>
    private static string Keep(string value, int head, int tail) =>
        value.Length <= head + tail
            ? new string('*', value.Length)
            : string.Concat(value.AsSpan(0, head), new string('*', value.Length - head - tail), value.AsSpan(value.Length - tail));
}
