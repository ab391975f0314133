namespace Shuangsuiji.Kernel.Calendar;

public static class ChinaDate
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>The calendar date in China (UTC+8, no daylight saving): check dates and deadlines are Beijing dates.</summary>
    public static DateOnly Of(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Beijing).DateTime);

    /// <summary>Midnight in China at the start of <paramref name="date"/>: the time of a record that kept only its day.</summary>
    public static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), Beijing);
}
