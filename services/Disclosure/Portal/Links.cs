namespace Shuangsuiji.Disclosure.Portal;

/// <summary>The portal's addresses, in one place; the gateway forwards everything under <see cref="Home"/> here unchanged.</summary>
public static class Links
{
    public const string Home = "/portal";
    public const string SearchPath = Home + "/search";

    public static string Department(string departmentId) => $"{Home}/departments/{Uri.EscapeDataString(departmentId)}";

    public static string Item(string departmentId, string code) => $"{Department(departmentId)}/items/{Uri.EscapeDataString(code)}";

    /// <summary>The path with those parameters that have a value.</summary>
    public static string WithQuery(string path, params (string Name, string? Value)[] parameters)
    {
        var query = string.Join("&", parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
        return query.Length == 0 ? path : $"{path}?{query}";
    }
}
