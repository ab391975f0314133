using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace Shuangsuiji.Supervision.Reports;

/// <summary>A report as a file: XLSX laid out like the paper form (title, reporting unit, the table, signature lines), or CSV.</summary>
public static class ReportFiles
{
    public static byte[] Csv(Report report)
    {
        var text = new StringBuilder();
        text.AppendLine(ServiceDefaults.Files.Csv.Line(["code", "项目", report.PeriodColumn, "本年累计"]));
        foreach (var line in report.Lines)
            text.AppendLine(ServiceDefaults.Files.Csv.Line([line.Code, line.Label, Number(line.PeriodValue), Number(line.YearValue)]));
        if (report.Submission?.Summary is { } summary) text.AppendLine(ServiceDefaults.Files.Csv.Line(["summary_text", "工作总结", summary.Text, ""]));
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    public static byte[] Xlsx(Report report)
    {
        var confirmation = report.Submission?.Last;
        List<object?[]> rows =
        [
            [report.Title, null, null, null],
            [$"填报单位：{report.Scope.Name}", null, $"报送期限：{report.DueOn:yyyy年M月d日}", null],
            ["序号", "项目", report.PeriodColumn, "本年累计"],
            .. report.Lines.Select((l, i) => new object?[] { i + 1, l.Label, l.PeriodValue, l.YearValue }),
            [confirmation is null ? "（未报送：由平台根据记录生成）" : $"报送人：{confirmation.By.UserId}（{confirmation.By.DepartmentId}）", null,
                confirmation is null ? null : $"报送日期：{confirmation.ConfirmedOn:yyyy年M月d日}", null],
            [$"备注：{confirmation?.Remarks}", null, null, null],
            .. report.Paragraphs.Select((p, i) => new object?[] { i == 0 ? $"工作总结：{p}" : p, null, null, null }),
        ];
        string[] columns = ["A", "B", "C", "D"];
        var sheet = rows.Select(r => columns.Zip(r).ToDictionary(p => p.First, p => p.Second));
        using var file = new MemoryStream();
        file.SaveAs(sheet, printHeader: false, sheetName: report.Period.Code, excelType: ExcelType.XLSX);
        return file.ToArray();
    }

    /// <summary>The written summary as a plain document: title, unit, the text, then its figures.</summary>
    public static byte[] Text(Report report)
    {
        var text = new StringBuilder();
        text.AppendLine(report.Title).AppendLine();
        text.AppendLine($"填报单位：{report.Scope.Name}");
        if (report.Submission?.Summary is { } summary)
            text.AppendLine($"报送人：{summary.By.UserId}（{summary.By.DepartmentId}）  报送日期：{summary.WrittenOn:yyyy年M月d日}").AppendLine().AppendLine(summary.Text);
        else
            text.AppendLine().AppendLine("（尚未报送总结正文）");
        text.AppendLine().AppendLine($"附：{report.Period.Year}年主要数据（{report.PeriodColumn} / 本年累计）");
        foreach (var line in report.Lines) text.AppendLine($"{line.Label}：{Number(line.PeriodValue)} / {Number(line.YearValue)}");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
