using System.Text.RegularExpressions;

namespace Shuangsuiji.ServiceDefaults.Files;

/// <summary>
/// CSV as RFC 4180 writes it: a value with a comma, quote or line break is quoted, quotes doubled. A value a spreadsheet
/// would run as a formula (it begins with = + - @, a tab or a carriage return, and is not a plain number) is written
/// behind an apostrophe, which spreadsheets show as text: a name entered as "=HYPERLINK(…)" cannot act on the machine of
/// whoever opens the export. Imports take the apostrophe off again (<see cref="Unneutralised"/>).
/// </summary>
public static partial class Csv
{
    public static string Line(IEnumerable<string?> values) => string.Join(',', values.Select(v => Quote(Neutralised(v))));

    /// <summary>The value as an export writes it: behind an apostrophe when a spreadsheet would take it for a formula.</summary>
    public static string? Neutralised(string? value) => value is not null && NeedsMark(value) ? "'" + value : value;

    /// <summary>The value an export neutralised, as it was.</summary>
    public static string? Unneutralised(string? value) => value is ['\'', .. var rest] && NeedsMark(rest) ? rest : value;

    /// <summary>
    /// A formula, or an apostrophe before what needs one: a value that itself begins with the mark is marked again, so that
    /// taking one mark off always gives back the value.
    /// </summary>
    private static bool NeedsMark(string value) => value switch
    {
        ['\'', .. var rest] => NeedsMark(rest),
        // A sign alone ("-" for no figure) runs nothing.
        [var first, _, ..] => first is '=' or '+' or '-' or '@' or '\t' or '\r' && !PlainNumber().IsMatch(value),
        _ => false,
    };

    private static string Quote(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : $"\"{value.Replace("\"", "\"\"")}\"";

    [GeneratedRegex(@"^[+-]?\d+(\.\d+)?$")]
    private static partial Regex PlainNumber();
}
