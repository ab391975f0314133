using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using MiniExcelLibs;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Directories.Imports;

public enum FileFormat { Csv, Xlsx }

/// <summary>One row of an uploaded file: its line number, its values in column order, or why it cannot be read.</summary>
public sealed record SourceRow(int Line, string?[] Values, string? Problem);

/// <summary>
/// Reads CSV (UTF-8 or GB18030, as Chinese government systems export) or XLSX row by row, never the whole file
/// at once. A malformed line is reported with its number and the reading goes on.
/// </summary>
public static class SourceTable
{
    static SourceTable() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding EncodingOf(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "utf-8" or "utf8" => new UTF8Encoding(false),
        "gb18030" or "gbk" or "gb2312" => Encoding.GetEncoding("GB18030"),
        _ => throw new InvalidFieldException("encoding", $"'{name}' is not supported (utf-8 or gb18030)", $"不支持“{name}”编码（请用 utf-8 或 gb18030）"),
    };

    /// <summary>
    /// The rows after the header, within the <paramref name="limits"/> (bytes, rows, line length, a workbook's unpacked
    /// size); the header itself is the first row returned, with line 1.
    /// </summary>
    public static async IAsyncEnumerable<SourceRow> ReadAsync(Stream file, FileFormat format, Encoding encoding, ImportLimits limits,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var limited = new LimitedStream(file, limits);
        var rows = format == FileFormat.Csv ? ReadCsvAsync(limited, encoding, limits, ct) : ReadXlsx(limited, limits, ct);
        var count = -1; // the header is not a row of data
        await foreach (var row in rows)
        {
            if (++count > limits.MaxRows) throw limits.TooManyRows();
            yield return row;
        }
    }

    private static async IAsyncEnumerable<SourceRow> ReadCsvAsync(Stream file, Encoding encoding, ImportLimits limits, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(file, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        await foreach (var row in CsvRows.ReadAsync(reader, limits.MaxLineLength, ct)) yield return row;
    }

    private static async IAsyncEnumerable<SourceRow> ReadXlsx(Stream file, ImportLimits limits, [EnumeratorCancellation] CancellationToken ct)
    {
        // A workbook is a zip archive: it is read from a temporary copy, streamed row by row from there once its unpacked
        // size is known to be within the limit.
        var path = Path.Combine(limits.TempFolder, $"ssyg-import-{Guid.NewGuid():N}.xlsx");
        try
        {
            await using (var copy = File.Create(path)) await file.CopyToAsync(copy, ct);
            await limits.CheckWorkbookAsync(path, ct);
            var line = 0;
            string[]? columns = null;
            foreach (IDictionary<string, object?> row in MiniExcel.Query(path, useHeaderRow: false, excelType: ExcelType.XLSX))
            {
                ct.ThrowIfCancellationRequested();
                line++;
                columns ??= [.. row.Keys];
                var values = columns.Select(c => row.TryGetValue(c, out var v) ? Text(v) : null).ToArray();
                if (values.All(string.IsNullOrWhiteSpace)) continue;
                yield return new SourceRow(line, values, null);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double n => n.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString()?.Trim(),
    };

}

/// <summary>Finds a kind of file's columns in its header, by English name or the Chinese one used in government exports.</summary>
public sealed class ColumnMap
{
    private readonly Dictionary<string, int> positions = [];

    public ColumnMap(string?[] header, IEnumerable<(string Name, string[] Aliases, bool Required)> columns)
    {
        var normalized = header.Select(h => h?.Trim().TrimStart('\uFEFF').ToLowerInvariant() ?? "").ToArray();
        foreach (var (name, aliases, required) in columns)
        {
            var index = Array.FindIndex(normalized, h => h == name || aliases.Contains(h));
            if (index >= 0) positions[name] = index;
            else if (required)
                throw new InvalidFieldException("header", $"line 1 has no column {name} ({string.Join(" / ", aliases)})",
                    $"第 1 行缺少列 {name}（{string.Join(" / ", aliases)}）", Reasons.FieldRequired);
        }
        Width = header.Length;
    }

    public int Width { get; }

    /// <summary>The row's value in the column, trimmed; a value our own export neutralised comes back as it was.</summary>
    public string? this[SourceRow row, string column] =>
        positions.TryGetValue(column, out var i) && i < row.Values.Length && !string.IsNullOrWhiteSpace(row.Values[i])
            ? ServiceDefaults.Files.Csv.Unneutralised(row.Values[i]!.Trim()) : null;
}
