using Shuangsuiji.Kernel;

namespace Shuangsuiji.Tasks.Departments;

/// <summary>
/// Who is above whom (docs/domain.md, scopes of supervision), from the departments the directories told of. 本系统: a
/// department's parent is its counterpart of the same system one level up (the city market bureau over the county market
/// bureaus), and that one's parent above both; they read the records of the departments below them, never change them. An
/// office of the leading group supervises the departments of its region: the city office the whole city, a county's office
/// its county. A department this service has not heard of is above none and supervised by none.
/// </summary>
public sealed class DepartmentTree(IEnumerable<KnownDepartment> departments)
{
    private readonly Dictionary<string, KnownDepartment> byId = departments.ToDictionary(d => d.Id, StringComparer.Ordinal);

    public KnownDepartment? this[string id] => byId.GetValueOrDefault(id);

    public IEnumerable<KnownDepartment> All => byId.Values;

    /// <summary>Whether <paramref name="upperId"/> is the parent of <paramref name="lowerId"/>, or that one's parent, and so on up.</summary>
    public bool IsAbove(string upperId, string lowerId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { lowerId };
        for (var parent = this[lowerId]?.ParentId; parent is not null && seen.Add(parent); parent = this[parent]?.ParentId)
            if (parent == upperId) return true;
        return false;
    }

    /// <summary>Whether the caller is the supervisor of an office whose region holds the department's.</summary>
    public bool Supervises(Caller caller, string departmentId) =>
        caller.IsSupervisor() && this[caller.DepartmentId] is { Office: true, Retired: false } office
        && this[departmentId] is { } department && Regions.Within(department.RegionCode, office.RegionCode);

    /// <summary>Whose records the caller reads: its own department's, those below it in the same system, and those of its office's region.</summary>
    public bool MayRead(Caller caller, string departmentId) =>
        caller.ActsFor(departmentId) || IsAbove(caller.DepartmentId, departmentId) || Supervises(caller, departmentId);

    /// <summary>
    /// 备案: with whom a department's published plan is filed — the level above, its parent (the counterpart of the same
    /// system) and the office of the region one level up (a county department's city office). A province department files
    /// with no one.
    /// </summary>
    public IReadOnlyList<string> FilingRecipients(string departmentId)
    {
        if (this[departmentId] is not { } department) return [];
        var parent = department.ParentId is { } p && this[p] is { Retired: false } above ? above.Id : null;
        var region = Regions.Above(department.RegionCode);
        var office = region is null ? null
            : byId.Values.Where(d => d is { Office: true, Retired: false } && d.RegionCode == region).Select(d => d.Id).Order(StringComparer.Ordinal).FirstOrDefault();
        return [.. new[] { parent, office }.OfType<string>()];
    }
}
