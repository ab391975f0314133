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

    /// <summary>The records of <paramref name="reader"/>; a line longer than <paramref name="maxLineLength"/> is a malformed record of its own.</summary>
    public static async IAsyncEnumerable<SourceRow> ReadAsync(TextReader reader, int maxLineLength, [EnumeratorCancellation] CancellationToken ct)
    {
        var pending = new Queue<(int Line, string Text)>();
        var next = 1;
        int? width = null; // the header's number of fields
        var lineReader = new BoundedLines(reader, maxLineLength);
        var tooLong = new HashSet<int>();
        async Task<bool> Fill()
        {
            var (text, overLimit) = await lineReader.NextAsync(ct);
            if (text is null) return false;
            if (overLimit) tooLong.Add(next);
            pending.Enqueue((next++, text));
            return true;
        }

        while (pending.Count > 0 || await Fill())
        {
            var lines = new List<(int Line, string Text)> { pending.Dequeue() };
            if (tooLong.Remove(lines[0].Line))
            {
                yield return new SourceRow(lines[0].Line, [], $"line longer than {maxLineLength} characters");
                continue;
            }
            var parsed = Parse(lines[0].Text);
            // A quoted field does not run on into a line over the limit.
            while (parsed.OpenQuote && lines.Count < MaxLinesPerRecord && (pending.Count > 0 || await Fill()) && !tooLong.Contains(pending.Peek().Line))
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

/// <summary>
/// Lines of a text, each at most a given length: a longer line is read to its end without being kept (a file of one
/// endless line cannot fill the memory) and comes back empty, marked as over the limit. Lines end with LF or CR LF.
/// </summary>
internal sealed class BoundedLines(TextReader reader, int maxLength)
{
    private readonly char[] buffer = new char[1 << 16];
    private readonly StringBuilder line = new();
    private int start, end;

    /// <summary>The next line (null at the end of the text), and whether it was over the limit.</summary>
    public async ValueTask<(string? Text, bool OverLimit)> NextAsync(CancellationToken ct)
    {
        line.Clear();
        var overLimit = false;
        var any = false;
        while (true)
        {
            if (start == end)
            {
                start = 0;
                end = await reader.ReadAsync(buffer.AsMemory(), ct);
                if (end == 0) break;
            }
            any = true;
            var newline = Array.IndexOf(buffer, '\n', start, end - start);
            var stop = newline < 0 ? end : newline;
            if (!overLimit)
            {
                line.Append(buffer, start, stop - start);
                // One character more than the limit may be the CR of a CR LF.
                if (line.Length > maxLength + 1) (overLimit, line.Length) = (true, 0);
            }
            start = newline < 0 ? end : newline + 1;
            if (newline >= 0) break;
        }
        if (!any) return (null, false);
        if (line.Length > 0 && line[^1] == '\r') line.Length--;
        return overLimit || line.Length > maxLength ? ("", true) : (line.ToString(), false);
    }
}
