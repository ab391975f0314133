namespace Shuangsuiji.Identity.Accounts;

/// <summary>
/// A password people choose: 10 to 128 characters, of three kinds or more among lower-case and upper-case letters, digits
/// and other characters, and not containing the username. The one-time passwords administrators hand out are made by the
/// service (<see cref="AccountSecrets.OneTimePassword"/>) and are changed at the first sign-in.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 128;

    /// <summary>Why the password does not do, or null; the reason never repeats the password.</summary>
    public static string? Problem(string? password, string username)
    {
        if (string.IsNullOrEmpty(password)) return "is required";
        if (password.Length < MinLength) return $"must have at least {MinLength} characters";
        if (password.Length > MaxLength) return $"must have at most {MaxLength} characters";
        if (password.Any(char.IsControl)) return "must not contain control characters";
        var kinds = new[] { password.Any(char.IsLower), password.Any(char.IsUpper), password.Any(char.IsDigit), password.Any(c => !char.IsLetterOrDigit(c)) }
            .Count(k => k);
        if (kinds < 3) return "must mix three kinds of characters or more: lower-case and upper-case letters, digits, others";
        if (password.Contains(username, StringComparison.OrdinalIgnoreCase)) return "must not contain the username";
        return null;
    }

    /// <summary>The same reason in Chinese, for the sign-in pages.</summary>
    public static string? ProblemZh(string? password, string username) => Problem(password, username) switch
    {
        null => null,
        "is required" => "请输入新密码",
        var p when p.StartsWith("must have at least") => $"密码至少需要 {MinLength} 个字符",
        var p when p.StartsWith("must have at most") => $"密码最多 {MaxLength} 个字符",
        var p when p.StartsWith("must not contain control") => "密码不能包含控制字符",
        var p when p.StartsWith("must mix") => "密码需包含大写字母、小写字母、数字、其他符号中的至少三类",
        _ => "密码不能包含用户名",
    };
}
