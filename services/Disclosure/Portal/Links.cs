namespace Shuangsuiji.Disclosure.Portal;

/// <summary>The portal's addresses, in one place; the gateway forwards everything under <see cref="Home"/> here unchanged.</summary>
public static class Links
{
    public const string Home = "/portal";
    public const string SearchPath = Home + "/search";
    public const string ResultsPath = Home + "/results";
    public const string CheckpointsPath = Home + "/checkpoints";
    public const string JointItemsPath = Home + "/joint-items";
    public const string CircularsPath = Home + "/circulars";

    public static string Circular(string circularId) => $"{CircularsPath}/{Uri.EscapeDataString(circularId)}";

    /// <summary>A circular as JSON, from the public records API.</summary>
    public static string CircularDocument(string circularId) => $"/v1/public/circulars/{Uri.EscapeDataString(circularId)}";

    public static string Department(string departmentId) => $"{Home}/departments/{Uri.EscapeDataString(departmentId)}";

    public static string Item(string departmentId, string code) => $"{Department(departmentId)}/items/{Uri.EscapeDataString(code)}";

    public static string JointItems(string region, long version) => WithQuery(JointItemsPath, ("region", region), ("version", version.ToString()));

    public static string Plans(string departmentId) => $"{Department(departmentId)}/plans";

    public static string Tasks(string departmentId) => $"{Department(departmentId)}/tasks";

    public static string InspectionTask(string taskId) => $"{Home}/tasks/{Uri.EscapeDataString(taskId)}";

    public static string Result(string taskId, string departmentId, string uscc) =>
        $"{InspectionTask(taskId)}/results/{Uri.EscapeDataString(departmentId)}/{Uri.EscapeDataString(uscc)}";

    public static string DepartmentResults(string departmentId) => WithQuery(ResultsPath, ("department", departmentId));

    /// <summary>A draw's public record, served by the gateway beside the portal (the draw engine's, not disclosure's).</summary>
    public static string DrawRecord(string drawId) => $"/v1/public/draws/{Uri.EscapeDataString(drawId)}/record";

    /// <summary>A signed checkpoint as JSON, served by the gateway beside the portal.</summary>
    public static string CheckpointDocument(long treeSize) => $"/v1/public/checkpoints/{treeSize}";

    /// <summary>The path with those parameters that have a value.</summary>
    public static string WithQuery(string path, params (string Name, string? Value)[] parameters)
    {
        var query = string.Join("&", parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
        return query.Length == 0 ? path : $"{path}?{query}";
    }
}
