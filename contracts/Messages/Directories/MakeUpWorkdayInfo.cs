namespace Shuangsuiji.Contracts.Directories;

/// <summary>A weekend day worked (调休上班) for the holiday named.</summary>
public sealed record MakeUpWorkdayInfo(DateOnly Date, string Holiday);
