using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Shuangsuiji.Draws.Matching;

namespace Shuangsuiji.Draws.Drawing;

/// <summary>
/// The bulky lists of a draw's stored events (hundreds of thousands of picks, codes and teams) each as one JSON
/// string: PostgreSQL's jsonb takes an array apart element by element (seconds for a 300,000-entity draw) and a
/// string at memory speed. Codes and ids are letters, digits, '-', '_' and '.', so spaces, commas and semicolons
/// cannot occur in them, and none of them needs escaping in JSON. Arrays are still read, as events were first stored.
/// </summary>
public static class CompactJson
{
    public sealed class Lines : JsonConverter<string[]>
    {
        public override string[] Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? Split(reader.GetString()!, ' ') : JsonSerializer.Deserialize<string[]>(ref reader)!;

        public override void Write(Utf8JsonWriter writer, string[] value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Once(value, v => string.Join(' ', v)));
    }

    public sealed class Numbers : JsonConverter<long[]>
    {
        public override long[] Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
                ? [.. Split(reader.GetString()!, ',').Select(n => long.Parse(n, CultureInfo.InvariantCulture))]
                : JsonSerializer.Deserialize<long[]>(ref reader)!;

        public override void Write(Utf8JsonWriter writer, long[] value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Once(value, v => string.Join(',', v)));
    }

    /// <summary>
    /// Teams separated by ';', each as USCC, pool size, pool hash, picks, selected ids and the failure (a sentence,
    /// so last) separated by spaces.
    /// </summary>
    public sealed class Matches : JsonConverter<IReadOnlyList<Match>>
    {
        public override IReadOnlyList<Match> Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) return JsonSerializer.Deserialize<List<Match>>(ref reader, options)!;
            return [.. Split(reader.GetString()!, ';').Select(team => team.Split(' ', 6)).Select(f => new Match(
                f[0], int.Parse(f[1], CultureInfo.InvariantCulture), f[2], [.. Split(f[3], ',').Select(n => long.Parse(n, CultureInfo.InvariantCulture))],
                Split(f[4], ','), f[5].Length == 0 ? null : f[5]))];
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<Match> value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Once(value, Text));

        private static string Text(IReadOnlyList<Match> value)
        {
            var text = new System.Text.StringBuilder(value.Count * 120);
            foreach (var m in value)
            {
                if (text.Length > 0) text.Append(';');
                text.Append(m.Uscc).Append(' ').Append(m.PoolSize).Append(' ').Append(m.PoolSha256).Append(' ');
                text.AppendJoin(',', m.Picks).Append(' ').AppendJoin(',', m.Selected).Append(' ').Append(m.Failure);
            }
            return text.ToString();
        }
    }

    // An event and the snapshot it goes into hold the same lists: each is turned into text once and stored twice.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, string> Written = [];

    private static string Once<T>(T value, Func<T, string> text) where T : class => Written.GetValue(value, v => text((T)v));

    private static string[] Split(string text, char separator) => text.Length == 0 ? [] : text.Split(separator);
}
