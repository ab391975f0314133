namespace Shuangsuiji.Directories.Departments;

/// <summary>All departments, to answer "which departments is this one responsible for" (itself and those below it).</summary>
public sealed class DepartmentTree(IReadOnlyDictionary<string, Department> departments)
{
    public Department? Find(string id) => departments.GetValueOrDefault(id);

    /// <summary>The department and every department under it, at any depth.</summary>
    public IReadOnlySet<string> Scope(string id)
    {
        var scope = new HashSet<string>();
        if (!departments.ContainsKey(id)) return scope;
        var children = departments.Values.Where(d => d.ParentId is not null).ToLookup(d => d.ParentId!);
        var pending = new Stack<string>([id]);
        while (pending.TryPop(out var next))
            if (scope.Add(next))
                foreach (var child in children[next]) pending.Push(child.Id);
        return scope;
    }
}
