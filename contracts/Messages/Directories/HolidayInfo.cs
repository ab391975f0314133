namespace Shuangsuiji.Contracts.Directories;

/// <summary>A public holiday of a notice, from and to inclusive (春节: 2026-02-15 to 2026-02-23).</summary>
public sealed record HolidayInfo(string Name, DateOnly From, DateOnly To);
