namespace Shuangsuiji.Contracts.Directories;

/// <summary>
/// A year's State Council holiday notice (国务院办公厅关于××年部分节假日安排的通知) was recorded or corrected by the
/// supervising office: the working-day calendar of that year. Carries the year's whole notice as of
/// <paramref name="Version"/> (a correction replaces the notice it corrects); keep the newest version seen.
/// </summary>
/// <param name="Change">recorded, corrected</param>
/// <param name="IssuedOn">the date the notice was issued</param>
/// <param name="Holidays">public holidays (a New Year holiday may begin in the year before)</param>
/// <param name="Workdays">make-up working days (调休上班), each a Saturday or Sunday of the year</param>
/// <param name="Reason">why a correction replaced the notice</param>
public sealed record HolidayNoticeChanged(
    int Year,
    long Version,
    string Change,
    string Title,
    DateOnly IssuedOn,
    IReadOnlyList<HolidayInfo> Holidays,
    IReadOnlyList<MakeUpWorkdayInfo> Workdays,
    string? Reason,
    DateTimeOffset At);
