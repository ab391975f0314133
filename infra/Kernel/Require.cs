using System.Globalization;
using System.Text.RegularExpressions;

namespace Shuangsuiji.Kernel;

/// <summary>Field checks shared by every decider; each failure names the API field it concerns.</summary>
public static partial class Require
{
    public static string Text(string? value, string field, int maxLength = 200)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed)) throw new InvalidFieldException(field, "is required", "必填", Reasons.FieldRequired);
        if (trimmed.Length > maxLength)
            throw new InvalidFieldException(field, $"is longer than {maxLength} characters", $"超过 {maxLength} 个字符",
                Reasons.FieldTooLong.About(maxLength));
        return trimmed;
    }

    public static string? OptionalText(string? value, string field, int maxLength = 200) =>
        string.IsNullOrWhiteSpace(value) ? null : Text(value, field, maxLength);

    /// <summary>An identifier used in stream keys: letters, digits and '-', '_' or '.'; never ':' or '/' (key separators).</summary>
    public static string Code(string? value, string field)
    {
        var code = value?.Trim() ?? "";
        if (code.Length == 0) throw new InvalidFieldException(field, "is required", "必填", Reasons.FieldRequired);
        if (!CodePattern().IsMatch(code))
            throw new InvalidFieldException(field, $"'{code}' must be 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit",
                $"“{code}”须为 1–64 个字母、数字、“-”、“_”或“.”，并以字母或数字开头");
        return code;
    }

    /// <summary>An ISO date "YYYY-MM-DD".</summary>
    public static DateOnly Date(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new InvalidFieldException(field, "is required (YYYY-MM-DD)", "必填（YYYY-MM-DD）", Reasons.FieldRequired);
        return DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new InvalidFieldException(field, $"'{value}' is not a date (YYYY-MM-DD)", $"“{value}”不是日期（YYYY-MM-DD）");
    }

    public static T Defined<T>(T? value, string field) where T : struct, Enum =>
        value is { } v && Enum.IsDefined(v) ? v : throw new InvalidFieldException(field, "is required", "必填", Reasons.FieldRequired);

    [GeneratedRegex("^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$")]
    private static partial Regex CodePattern();
}
