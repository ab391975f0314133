using System.Reflection;
using System.Text.RegularExpressions;
using Google.Protobuf.Reflection;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Contracts.Tasks;

namespace Shuangsuiji.Workbench.Results;

/// <summary>The record form's words (市场监管领域随机抽查情况记录表) for the API's codes, from the platform's one list of them.</summary>
public static partial class ResultTerms
{
    public static string Of(CheckMethod method) => ResultCodes.Methods.Label(Code(method));

    public static string Of(ResultCategory category) => ResultCodes.Categories.Label(Code(category));

    public static string Of(PendingReason reason) => ResultCodes.PendingReasons.Label(Code(reason));

    public static string Of(FollowUpKind kind) => ResultCodes.FollowUps.Label(Code(kind));

    /// <summary>Every value of a list but the unspecified one, in the form's order.</summary>
    public static IEnumerable<T> Choices<T>() where T : struct, Enum => Enum.GetValues<T>().Where(v => Convert.ToInt32(v) != 0);

    /// <summary>The proto value's code as the contracts' lists name it: CHECK_METHOD_ON_SITE → on_site.</summary>
    public static string Code<T>(T value) where T : struct, Enum
    {
        var name = typeof(T).GetField(value.ToString())?.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? value.ToString();
        var prefix = Words().Replace(typeof(T).Name, "$1_$2").ToUpperInvariant() + "_";
        return (name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name).ToLowerInvariant();
    }

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex Words();
}
