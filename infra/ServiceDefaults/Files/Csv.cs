namespace Shuangsuiji.ServiceDefaults.Files;

/// <summary>CSV as RFC 4180 writes it: a value with a comma, quote or line break is quoted, quotes doubled.</summary>
public static class Csv
{
    public static string Line(IEnumerable<string?> values) => string.Join(',', values.Select(Quote));

    private static string Quote(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : $"\"{value.Replace("\"", "\"\"")}\"";
}
