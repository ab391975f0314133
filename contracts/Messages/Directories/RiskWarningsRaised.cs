namespace Shuangsuiji.Contracts.Directories;

/// <summary>Entities whose credit risk class rose by two classes or more, or into the highest class.</summary>
public sealed record RiskWarningsRaised(IReadOnlyList<RiskWarningInfo> Warnings, DateTimeOffset At);

/// <param name="Name">the entity's name; null in messages from before it was carried, and for an entity the directory does not hold</param>
/// <param name="Division">its six-digit administrative division; null as <paramref name="Name"/></param>
/// <param name="DepartmentIds">the departments responsible for it: the registering authority and the departments of the sub-libraries
/// it is in; null as <paramref name="Name"/></param>
public sealed record RiskWarningInfo(string Uscc, string? FromClass, string ToClass, DateOnly EffectiveOn, string? Name = null, string? Division = null,
    IReadOnlyList<string>? DepartmentIds = null);
