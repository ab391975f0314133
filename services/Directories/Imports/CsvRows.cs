using System.Runtime.CompilerServices;
using System.Text;

namespace Shuangsuiji.Directories.Imports;

/// <summary>
/// RFC 4180 CSV, record by record, with the line each record starts on. A quoted field may span lines, but an
/// unterminated quote does not swallow the rest of the file: when the quote is still open after
/// <see cref="MaxLinesPerRecord"/> lines, or closes only by pairing with a quote of a later line so that the
/// record is malformed or no longer has the header's number of fields, the first line is reported as malformed and reading
/// resumes on the next one — good rows after a broken one are kept.
/// </summary>
public static class CsvRows
{
    public const int MaxLinesPerRecord = 20;

    public static async IAsyncEnumerable<SourceRow> ReadAsync(TextReader reader, [EnumeratorCancellation] CancellationToken ct)
    {
        var pending = new Queue<(int Line, string Text)>();
        var next = 1;
        int? width = null; // the header's number of fields
        async Task<bool> Fill()
        {
            var text = await reader.ReadLineAsync(ct);
            if (text is null) return false;
            pending.Enqueue((next++, text));
            return true;
        }

        while (pending.Count > 0 || await Fill())
        {
            var lines = new List<(int Line, string Text)> { pending.Dequeue() };
            var parsed = Parse(lines[0].Text);
            while (parsed.OpenQuote && lines.Count < MaxLinesPerRecord && (pending.Count > 0 || await Fill()))
            {
                lines.Add(pending.Dequeue());
                parsed = Parse(string.Join('\n', lines.Select(l => l.Text)));
            }
            if (parsed.OpenQuote || lines.Count > 1 && (parsed.Problem is not null || width is { } w && parsed.Values.Length != w))
            {
                // Give back every line but the first: they are most likely good records of their own.
                foreach (var line in lines.Skip(1).Reverse()) Requeue(pending, line);
                yield return new SourceRow(lines[0].Line, [], "unterminated quoted field");
                continue;
            }
            if (parsed.Values.Length == 1 && parsed.Values[0].Length == 0) continue; // blank line
            width ??= parsed.Values.Length;
            yield return new SourceRow(lines[0].Line, parsed.Values, parsed.Problem);
        }
    }

    private static void Requeue(Queue<(int, string)> queue, (int, string) line)
    {
        var rest = queue.ToArray();
        queue.Clear();
        queue.Enqueue(line);
        foreach (var item in rest) queue.Enqueue(item);
    }

    private static (string[] Values, bool OpenQuote, string? Problem) Parse(string text)
    {
        var values = new List<string>();
        var field = new StringBuilder();
        string? problem = null;
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length) return ([.. values], true, problem);
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    field.Append(text[i++]);
                }
                // After the closing quote only a separator or the end may follow.
                while (i < text.Length && text[i] != ',')
                {
                    if (!char.IsWhiteSpace(text[i])) problem ??= $"text after the closing quote of field {values.Count + 1}";
                    field.Append(text[i++]);
                }
            }
            else
            {
                while (i < text.Length && text[i] != ',')
                {
                    if (text[i] == '"') problem ??= $"a quote inside unquoted field {values.Count + 1}";
                    field.Append(text[i++]);
                }
            }
            values.Add(field.ToString().Trim());
            if (i >= text.Length) return ([.. values], false, problem);
            i++; // the separator
        }
    }
}
