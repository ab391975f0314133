using System.Globalization;

namespace Shuangsuiji.Kernel;

/// <summary>
/// A kind of refusal a program can act on without reading the message: a stable code in UPPER_SNAKE_CASE (the reason of
/// the error's ErrorInfo), the status it always comes with, and the keys of what it is about (the ErrorInfo's metadata).
/// A service declares its reasons in one class; docs/api.md lists every one, and a test keeps the two in step.
/// </summary>
public abstract class ReasonCode
{
    private protected ReasonCode(string code, string status, IReadOnlyList<string> keys, IReadOnlyDictionary<string, string> metadata)
    {
        Code = code;
        Status = status;
        Keys = keys;
        Metadata = metadata;
    }

    public string Code { get; }

    /// <summary>The gRPC status the reason comes with, as gRPC names it (FAILED_PRECONDITION).</summary>
    public string Status { get; }

    public IReadOnlyList<string> Keys { get; }

    /// <summary>What this refusal is about, by key: ids, the field, a deadline. Empty on a declaration.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>
    /// Set on a "not yet": the command waits for a fact another service sends over the bus, so the same command may succeed
    /// after this delay (the error's RetryInfo).
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }

    public override string ToString() => Code;

    /// <summary>The status of a marker type, as gRPC names it.</summary>
    private protected static class StatusName<TStatus> where TStatus : IErrorStatus
    {
        public static readonly string Value = string.Concat(typeof(TStatus).Name.Select((c, i) => i > 0 && char.IsUpper(c) ? $"_{c}" : $"{char.ToUpperInvariant(c)}"));
    }

    private protected static IReadOnlyDictionary<string, string> Pair(IReadOnlyList<string> keys, params object?[] values)
    {
        var about = new Dictionary<string, string>();
        for (var i = 0; i < keys.Count; i++)
            if (values[i] is { } value && Text(value) is { Length: > 0 } text)
                about[keys[i]] = text;
        return about;
    }

    private static string Text(object value) => value switch
    {
        string s => s,
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable<string> list => string.Join(",", list),
        _ => value.ToString() ?? "",
    };
}

/// <summary>A reason with no metadata of its own, or one of the reasons below given what it is about.</summary>
public sealed class Reason<TStatus> : ReasonCode where TStatus : IErrorStatus
{
    public Reason(string code) : base(code, StatusName<TStatus>.Value, [], new Dictionary<string, string>()) { }

    internal Reason(ReasonCode declared, IReadOnlyDictionary<string, string> metadata) : base(declared.Code, StatusName<TStatus>.Value, declared.Keys, metadata) =>
        RetryAfter = declared.RetryAfter;
}

/// <summary>
/// A reason about one thing (Reason2 to Reason4: two to four), declared with its key; where a command is refused for it,
/// <see cref="About"/> gives the value, so no refusal of this kind goes without its metadata.
/// </summary>
public sealed class Reason1<TStatus>(string code, string key) : ReasonCode(code, StatusName<TStatus>.Value, [key], new Dictionary<string, string>())
    where TStatus : IErrorStatus
{
    public Reason<TStatus> About(object? value) => new(this, Pair(Keys, value));
}

public sealed class Reason2<TStatus>(string code, string key1, string key2)
    : ReasonCode(code, StatusName<TStatus>.Value, [key1, key2], new Dictionary<string, string>()) where TStatus : IErrorStatus
{
    public Reason<TStatus> About(object? value1, object? value2) => new(this, Pair(Keys, value1, value2));
}

public sealed class Reason3<TStatus>(string code, string key1, string key2, string key3)
    : ReasonCode(code, StatusName<TStatus>.Value, [key1, key2, key3], new Dictionary<string, string>()) where TStatus : IErrorStatus
{
    public Reason<TStatus> About(object? value1, object? value2, object? value3) => new(this, Pair(Keys, value1, value2, value3));
}

public sealed class Reason4<TStatus>(string code, string key1, string key2, string key3, string key4)
    : ReasonCode(code, StatusName<TStatus>.Value, [key1, key2, key3, key4], new Dictionary<string, string>()) where TStatus : IErrorStatus
{
    public Reason<TStatus> About(object? value1, object? value2, object? value3, object? value4) => new(this, Pair(Keys, value1, value2, value3, value4));
}

/// <summary>
/// The status a reason comes with, one per kind of domain error: the status as gRPC names it, from the marker's name
/// (<see cref="FailedPrecondition"/> is FAILED_PRECONDITION).
/// </summary>
public interface IErrorStatus;

/// <summary>Bad input (<see cref="InvalidFieldException"/>).</summary>
public abstract class InvalidArgument : IErrorStatus;

/// <summary>Nothing with that name (<see cref="NotFoundException"/>).</summary>
public abstract class NotFound : IErrorStatus;

/// <summary>Made already (<see cref="AlreadyExistsException"/>).</summary>
public abstract class AlreadyExists : IErrorStatus;

/// <summary>Not this caller's to do (<see cref="ForbiddenException"/>).</summary>
public abstract class PermissionDenied : IErrorStatus;

/// <summary>Not in the record's present state (<see cref="RuleViolationException"/>).</summary>
public abstract class FailedPrecondition : IErrorStatus;
