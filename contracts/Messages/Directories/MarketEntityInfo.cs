using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shuangsuiji.Contracts.Directories;

/// <param name="Type">enterprise, individual_business, farmers_cooperative, other</param>
/// <param name="Status">active, deregistered, revoked, moved_out</param>
/// <param name="Tags">"category/code"</param>
/// <param name="SubLibraries">"department_id/code"</param>
[JsonConverter(typeof(MarketEntityInfoJson))]
public sealed record MarketEntityInfo(
    string Uscc,
    string Name,
    string Type,
    string Industry,
    string Division,
    string Status,
    string RegisteringAuthority,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> SubLibraries,
    string? RiskClass,
    DateOnly? RiskClassSince,
    long Version);

/// <summary>
/// An entity on the bus as a JSON array of its fields in the record's order
/// (<c>["9113…","名称","enterprise","H62","130302","active","…",["food/seller"],[],"B","2022-07-01",3]</c>), not an object:
/// an import's message carries thousands of entities, and the property names were half the tokens every consumer parsed.
/// The object form is still read.
/// </summary>
public sealed class MarketEntityInfoJson : JsonConverter<MarketEntityInfo>
{
    public override MarketEntityInfo Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            var o = JsonSerializer.Deserialize<ObjectForm>(ref reader, options) ?? throw new JsonException("an entity cannot be null");
            return new MarketEntityInfo(o.Uscc, o.Name, o.Type, o.Industry, o.Division, o.Status, o.RegisteringAuthority, o.Tags ?? [], o.SubLibraries ?? [],
                o.RiskClass, o.RiskClassSince, o.Version);
        }
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("an entity is an array of its fields");
        var entity = new MarketEntityInfo(Text(ref reader), Text(ref reader), Text(ref reader), Text(ref reader), Text(ref reader), Text(ref reader),
            Text(ref reader), Texts(ref reader), Texts(ref reader), OptionalText(ref reader),
            OptionalText(ref reader) is { } since ? DateOnly.ParseExact(since, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null, Number(ref reader));
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray) throw new JsonException("an entity has twelve fields");
        return entity;
    }

    public override void Write(Utf8JsonWriter writer, MarketEntityInfo e, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var text in (ReadOnlySpan<string>)[e.Uscc, e.Name, e.Type, e.Industry, e.Division, e.Status, e.RegisteringAuthority])
            writer.WriteStringValue(text);
        foreach (var list in (ReadOnlySpan<IReadOnlyList<string>>)[e.Tags, e.SubLibraries])
        {
            writer.WriteStartArray();
            foreach (var text in list) writer.WriteStringValue(text);
            writer.WriteEndArray();
        }
        if (e.RiskClass is null) writer.WriteNullValue(); else writer.WriteStringValue(e.RiskClass);
        if (e.RiskClassSince is { } since) writer.WriteStringValue(since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); else writer.WriteNullValue();
        writer.WriteNumberValue(e.Version);
        writer.WriteEndArray();
    }

    private static string Text(ref Utf8JsonReader reader) => OptionalText(ref reader) ?? throw new JsonException("a required field of an entity is null");

    private static string? OptionalText(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new JsonException("an entity ends early");
        return reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => reader.GetString(),
            _ => throw new JsonException($"an entity's field is {reader.TokenType}, not a string"),
        };
    }

    private static List<string> Texts(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) throw new JsonException("an entity's tags and sub-libraries are arrays");
        var texts = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            texts.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("a tag or sub-library is a string"));
        return texts;
    }

    private static long Number(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : throw new JsonException("an entity's version is a number");

    private sealed record ObjectForm(string Uscc, string Name, string Type, string Industry, string Division, string Status, string RegisteringAuthority,
        IReadOnlyList<string>? Tags, IReadOnlyList<string>? SubLibraries, string? RiskClass, DateOnly? RiskClassSince, long Version);
}
