using Shuangsuiji.Api.Directories.V1;

namespace Shuangsuiji.Workbench.Admin.Calendar;

/// <summary>
/// A notice's holidays and make-up workdays as typed on the page, one a line: "春节 2031-01-28 2031-02-03" and
/// "2031-01-26 春节". A line that is not of that shape is named with its number.
/// </summary>
public static class HolidayLines
{
    public static (List<Holiday> Holidays, string? Problem) Holidays(string? text)
    {
        var holidays = new List<Holiday>();
        foreach (var (line, number) in Lines(text))
        {
            if (line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is not [var name, var from, .. var rest] || rest.Length > 1)
                return (holidays, $"第 {number} 行应为“节日名称 起始日期 结束日期”");
            holidays.Add(new Holiday { Name = name, From = from, To = rest is [var to] ? to : from });
        }
        return (holidays, null);
    }

    public static (List<MakeUpWorkday> Workdays, string? Problem) Workdays(string? text)
    {
        var workdays = new List<MakeUpWorkday>();
        foreach (var (line, number) in Lines(text))
        {
            if (line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is not [var date, var holiday])
                return (workdays, $"第 {number} 行应为“调休上班日期 节日名称”");
            workdays.Add(new MakeUpWorkday { Date = date, Holiday = holiday });
        }
        return (workdays, null);
    }

    public static string Of(IEnumerable<Holiday> holidays) => string.Join("\n", holidays.Select(h => $"{h.Name} {h.From} {h.To}"));

    public static string Of(IEnumerable<MakeUpWorkday> workdays) => string.Join("\n", workdays.Select(w => $"{w.Date} {w.Holiday}"));

    private static IEnumerable<(string Line, int Number)> Lines(string? text) =>
        (text ?? "").Split('\n').Select((l, i) => (l.Trim().Replace('\u3000', ' '), i + 1)).Where(l => l.Item1.Length > 0);
}
