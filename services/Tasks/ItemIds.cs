using Shuangsuiji.Kernel;

namespace Shuangsuiji.Tasks;

public static class ItemIds
{
    /// <summary>
    /// Item ids as the catalog makes them ("department:code"), each on the list of the department that inspects
    /// it: a department checks only its own items (谁检查、谁录入). At least one, each once.
    /// </summary>
    public static IReadOnlyList<string> Valid(IReadOnlyList<string> ids, string departmentId, string field)
    {
        if (ids.Count == 0) throw new InvalidFieldException(field, "give at least one inspection item", "至少列出一个检查事项", Reasons.FieldRequired);
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var parts = id.Split(':');
            if (parts.Length != 2 || parts[0] != departmentId)
                throw new InvalidFieldException($"{field}[{i}]", $"'{id}' is not an item of {departmentId} ({departmentId}:CODE)",
                    $"“{id}”不是 {departmentId} 的检查事项（{departmentId}:编码）", TasksReasons.ItemNotOfDepartment.About(departmentId));
            Require.Code(parts[1], $"{field}[{i}]");
        }
        if (ids.Distinct().Count() != ids.Count) throw new InvalidFieldException(field, "an item is given twice", "检查事项重复列出", Reasons.FieldDuplicate);
        return ids;
    }
}
