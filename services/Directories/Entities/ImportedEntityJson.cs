using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shuangsuiji.Directories.Entities;

/// <summary>
/// An imported row as a positional array — [uscc, name, type, industry, division, address, status,
/// registering authority, new] — half the size of an object with its keys repeated on every row. The entity
/// table's batch upsert reads the same positions (<see cref="EntityTable.UpsertImported"/>).
/// </summary>
public sealed class ImportedEntityJson : JsonConverter<ImportedEntity>
{
    public override ImportedEntity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("an imported entity is a JSON array");
        string Next(ref Utf8JsonReader r)
        {
            r.Read();
            return r.GetString() ?? throw new JsonException("an imported entity has an empty field");
        }
        var uscc = Next(ref reader);
        var data = new EntityData(Next(ref reader), Enum.Parse<EntityType>(Next(ref reader)), Next(ref reader), Next(ref reader), Next(ref reader), "");
        var status = Enum.Parse<RegistrationStatus>(Next(ref reader));
        data = data with { RegisteringAuthority = Next(ref reader) };
        reader.Read();
        var isNew = reader.GetBoolean();
        reader.Read();
        if (reader.TokenType != JsonTokenType.EndArray) throw new JsonException("an imported entity has too many fields");
        return new ImportedEntity(uscc, data, status, isNew);
    }

    public override void Write(Utf8JsonWriter writer, ImportedEntity e, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(e.Uscc);
        writer.WriteStringValue(e.Data.Name);
        writer.WriteStringValue(e.Data.Type.ToString());
        writer.WriteStringValue(e.Data.Industry);
        writer.WriteStringValue(e.Data.Division);
        writer.WriteStringValue(e.Data.Address);
        writer.WriteStringValue(e.Status.ToString());
        writer.WriteStringValue(e.Data.RegisteringAuthority);
        writer.WriteBooleanValue(e.New);
        writer.WriteEndArray();
    }
}
