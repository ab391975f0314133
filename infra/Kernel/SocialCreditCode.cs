namespace Shuangsuiji.Kernel;

/// <summary>
/// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I, O, S, V, Z): registration
/// authority, entity category, six-digit division code, nine-character organisation code, and a check
/// character computed from the first seventeen with fixed weights modulo 31.
/// </summary>
public static class SocialCreditCode
{
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Null when the code is valid, else why not.</summary>
    public static string? Problem(string? code)
    {
        if (string.IsNullOrEmpty(code)) return "is required";
        if (code.Length != 18) return $"'{code}' has {code.Length} characters, not 18";
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(code[i]);
            if (value < 0) return $"'{code}' has '{code[i]}' at position {i + 1}, which is not a USCC character";
            sum += value * Weights[i];
        }
        if (Alphabet.IndexOf(code[17]) < 0) return $"'{code}' has '{code[17]}' at position 18, which is not a USCC character";
        var expected = CheckCharacter(sum);
        return code[17] == expected ? null : $"'{code}' fails the GB 32100-2015 check: the last character should be {expected}";
    }

    public static bool IsValid(string? code) => Problem(code) is null;

    /// <summary>Completes a 17-character body with its check character.</summary>
    public static string WithCheck(string body)
    {
        if (body.Length != 17) throw new ArgumentException("a USCC body has 17 characters", nameof(body));
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += Alphabet.IndexOf(body[i]) * Weights[i];
        return body + CheckCharacter(sum);
    }

    private static char CheckCharacter(int weightedSum) => Alphabet[(31 - weightedSum % 31) % 31];
}
