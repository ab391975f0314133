namespace Shuangsuiji.Contracts.Directories;

/// <summary>Entities whose credit risk class rose by two classes or more, or into the highest class.</summary>
public sealed record RiskWarningsRaised(IReadOnlyList<RiskWarningInfo> Warnings, DateTimeOffset At);

public sealed record RiskWarningInfo(string Uscc, string? FromClass, string ToClass, DateOnly EffectiveOn);
