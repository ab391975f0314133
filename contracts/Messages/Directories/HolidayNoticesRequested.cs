namespace Shuangsuiji.Contracts.Directories;

/// <summary>
/// A service that follows the working-day calendar asks for every year's notice when it starts: one started for the
/// first time after the directories published them never saw them. The directories answer with a
/// <see cref="HolidayNoticeChanged"/> per year, each with the message id it was first published with.
/// </summary>
public sealed record HolidayNoticesRequested(string Service, DateTimeOffset At);
