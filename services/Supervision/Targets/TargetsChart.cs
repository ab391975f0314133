using System.Globalization;
using System.Security;
using System.Text;

namespace Shuangsuiji.Supervision.Targets;

/// <summary>
/// The year's three target ratios per department as an SVG bar chart: one group of bars per department, a dashed mark
/// at each target, bars below their target in red. Plain SVG, so any browser, office suite or report can show it.
/// </summary>
public static class TargetsChart
{
    private const int Left = 230, BarHeight = 12, GroupGap = 14, Width = 760, PlotWidth = 480;
    private static readonly (string Code, string Color)[] Bars = [(Figures.JointTasks, "#2b6cb0"), (Figures.JointInspections, "#2f855a"), (Figures.RiskStratified, "#805ad5")];

    public sealed record Row(string Name, IReadOnlyList<Figure> Figures);

    public static string Svg(int year, IReadOnlyList<Row> rows)
    {
        var groupHeight = Bars.Length * BarHeight + GroupGap;
        var height = 70 + rows.Count * groupHeight + 40;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{height}" font-family="sans-serif" font-size="12">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Width / 2}" y="22" text-anchor="middle" font-size="16">{year}年“双随机、一公开”监管目标完成情况</text>""");
        for (var i = 0; i < Bars.Length; i++)
        {
            var x = Left + i * 170;
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{x}" y="36" width="12" height="12" fill="{Bars[i].Color}"/><text x="{x + 16}" y="46">{Escape(Figures.Names[Bars[i].Code])}（目标≥{Figures.Targets[Bars[i].Code] * 100:0}%）</text>""");
        }
        var y = 64;
        foreach (var row in rows)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left - 8}" y="{y + Bars.Length * BarHeight / 2 + 4}" text-anchor="end">{Escape(row.Name)}</text>""");
            foreach (var (code, color) in Bars)
            {
                var figure = row.Figures.First(f => f.Code == code);
                var width = figure.Ratio * PlotWidth;
                var target = Left + Figures.Targets[code] * PlotWidth;
                svg.Append(CultureInfo.InvariantCulture,
                    $"""<rect x="{Left}" y="{y}" width="{width:0.#}" height="{BarHeight - 2}" fill="{(figure.BelowTarget ? "#c53030" : color)}"><title>{Escape(figure.Name)} {figure.Numerator}/{figure.Denominator}</title></rect>""");
                svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{target:0.#}" x2="{target:0.#}" y1="{y - 1}" y2="{y + BarHeight - 1}" stroke="#333" stroke-dasharray="2,2"/>""");
                svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left + width + 4:0.#}" y="{y + BarHeight - 3}" font-size="10">{(figure.Denominator == 0 ? "—" : $"{figure.Ratio * 100:0.0}%")}</text>""");
                y += BarHeight;
            }
            y += GroupGap;
        }
        for (var pct = 0; pct <= 100; pct += 20)
        {
            var x = Left + pct / 100.0 * PlotWidth;
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x:0.#}" y="{y + 14}" text-anchor="middle" font-size="10">{pct}%</text>""");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Escape(string text) => SecurityElement.Escape(text);
}
