namespace Shuangsuiji.Disclosure.Portal;

/// <summary>The sections of a department's public records, shown on each of its pages.</summary>
public static class DepartmentTabs
{
    public static Html For(string departmentId, string current)
    {
        (string Text, string Href)[] tabs =
        [
            ("随机抽查事项清单", Links.Department(departmentId)),
            ("年度抽查计划", Links.Plans(departmentId)),
            ("抽查任务", Links.Tasks(departmentId)),
            ("抽查结果", Links.DepartmentResults(departmentId)),
            ("公示及时性", Links.Department(departmentId) + "#timeliness"),
        ];
        return $"""<nav class="tabs" aria-label="部门公示栏目">{tabs.Select(t => t.Text == current
            ? (Html)$"<strong aria-current=\"page\">{t.Text}</strong>"
            : (Html)$"<a href=\"{t.Href}\">{t.Text}</a>")}</nav>""";
    }
}
