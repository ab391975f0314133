namespace Shuangsuiji.Kernel;

/// <summary>
/// 公民身份号码 (GB 11643-1999): six-digit division code, eight-digit birth date, three-digit sequence and a
/// check character (0-9 or X) from ISO 7064 MOD 11-2 over the first seventeen digits. Checked on entry so a
/// mistyped number is caught at the department that keeps it; the reason never repeats the number, which is
/// personal data.
/// </summary>
public static class ResidentIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string Checks = "10X98765432";

    /// <summary>Null when the number is valid, else why not.</summary>
    public static string? Problem(string number)
    {
        if (number.Length != 18) return $"has {number.Length} characters, not 18";
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(number[i])) return $"has a non-digit at position {i + 1}";
            sum += (number[i] - '0') * Weights[i];
        }
        if (!DateOnly.TryParseExact(number[6..14], "yyyyMMdd", out _)) return "has no valid birth date at positions 7-14";
        return char.ToUpperInvariant(number[17]) == Checks[sum % 11] ? null : "fails the GB 11643 check (last character)";
    }

    /// <summary>Completes a 17-digit body with its check character.</summary>
    public static string WithCheck(string body) => body + Checks[body.Select((c, i) => (c - '0') * Weights[i]).Sum() % 11];
}
