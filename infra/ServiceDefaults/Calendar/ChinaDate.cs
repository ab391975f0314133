namespace Shuangsuiji.ServiceDefaults.Calendar;

public static class ChinaDate
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>The calendar date in China (UTC+8, no daylight saving): check dates and deadlines are Beijing dates.</summary>
    public static DateOnly Of(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Beijing).DateTime);
}
