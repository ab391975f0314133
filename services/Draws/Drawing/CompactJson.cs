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
    /// so last) separated by spaces. A pool hash the same as the team before's is written "=": most entities share
    /// the department's pool, and its 64 digits were most of a team's text. Read back lazily (<see cref="StoredTeams"/>).
    /// </summary>
    public sealed class Matches : JsonConverter<IReadOnlyList<Match>>
    {
        private const string SamePool = "=";

        public override IReadOnlyList<Match> Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
                ? new StoredTeams(reader.GetString()!)
                : JsonSerializer.Deserialize<List<Match>>(ref reader, options)!;

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<Match> value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value is StoredTeams stored ? stored.Text : Once(value, Text));

        private static string Text(IReadOnlyList<Match> value)
        {
            var text = new System.Text.StringBuilder(value.Count * 48);
            string? pool = null;
            foreach (var m in value)
            {
                if (text.Length > 0) text.Append(';');
                text.Append(m.Uscc).Append(' ').Append(m.PoolSize).Append(' ').Append(m.PoolSha256 == pool ? SamePool : m.PoolSha256).Append(' ');
                text.AppendJoin(',', m.Picks).Append(' ').AppendJoin(',', m.Selected).Append(' ').Append(m.Failure);
                pool = m.PoolSha256;
            }
            return text.ToString();
        }

        /// <summary>
        /// Stored teams, taken apart only when first used: the bus relay reads every event of the store, and taking
        /// 300,000 teams apart for it would be CPU time taken from the next matching, for nothing.
        /// </summary>
        private sealed class StoredTeams(string text) : IReadOnlyList<Match>
        {
            private IReadOnlyList<Match>? teams;

            public string Text => text;

            private IReadOnlyList<Match> Teams => teams ??= [.. Parse(text)];

            public int Count => Teams.Count;

            public Match this[int index] => Teams[index];

            public IEnumerator<Match> GetEnumerator() => Teams.GetEnumerator();

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

            /// <summary>
            /// The teams one by one, taken apart as they come and not kept on the event: the bus relay reads each team
            /// once, while its whole page of events stays referenced; kept, the parsed teams (a million small objects for a
            /// province-wide matching) would live as long as the page and be copied by any collection meanwhile.
            /// </summary>
            public IEnumerable<Match> OneByOne() => teams ?? Parse(text);

            private static IEnumerable<Match> Parse(string text)
            {
                string? pool = null;
                foreach (var team in Split(text, ';'))
                {
                    var f = team.Split(' ', 6);
                    pool = f[2] == SamePool ? pool! : f[2];
                    yield return new Match(f[0], int.Parse(f[1], CultureInfo.InvariantCulture), pool,
                        [.. Split(f[3], ',').Select(n => long.Parse(n, CultureInfo.InvariantCulture))], Split(f[4], ','), f[5].Length == 0 ? null : f[5]);
                }
            }
        }

        /// <summary>Each team once, for a single pass: stored teams are taken apart as they come and not kept.</summary>
        public static IEnumerable<Match> OneByOne(IReadOnlyList<Match> matches) => matches is StoredTeams stored ? stored.OneByOne() : matches;
    }

    // An event and the snapshot it goes into hold the same lists: each is turned into text once and stored twice.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, string> Written = [];

    private static string Once<T>(T value, Func<T, string> text) where T : class => Written.GetValue(value, v => text((T)v));

    private static string[] Split(string text, char separator) => text.Length == 0 ? [] : text.Split(separator);
}
