using Shuangsuiji.Api.Directories.V1;

namespace Shuangsuiji.Workbench.Admin.Departments;

public static class DepartmentLabels
{
    public static string Level(DepartmentLevel level) => level switch
    {
        DepartmentLevel.Province => "省级", DepartmentLevel.City => "市级", DepartmentLevel.County => "县级", _ => "",
    };

    public static string Kind(DepartmentKind kind) => kind == DepartmentKind.Office ? "领导小组办公室" : "成员单位";

    /// <summary>A retired department's state as lists show it: merged into its successor (并入 …), or retired.</summary>
    public static string State(Department d, IReadOnlyDictionary<string, string> names) => d switch
    {
        { Merged: true } => $"并入{names.GetValueOrDefault(d.SuccessorId, d.SuccessorId)}",
        { Retired: true } when d.SuccessorId.Length > 0 => $"已撤销，职责由{names.GetValueOrDefault(d.SuccessorId, d.SuccessorId)}承继",
        { Retired: true } => "已撤销",
        _ => "在用",
    };

    public static string Page(string departmentId) => $"/admin/departments/{Uri.EscapeDataString(departmentId)}";
}
