using System.Reflection;
using Shuangsuiji.Catalog;
using Shuangsuiji.Directories;
using Shuangsuiji.Disclosure;
using Shuangsuiji.Draws;
using Shuangsuiji.Identity;
using Shuangsuiji.Kernel;
using Shuangsuiji.Supervision;
using Shuangsuiji.Tasks;

namespace Shuangsuiji.Domain.Tests.Architecture;

/// <summary>
/// The pure domain stands on the Kernel alone (docs/architecture.md, "Inside a service"): no decider — nor any type of the
/// service it takes, returns or holds, such as the aggregate it decides or a department tree, nor theirs in turn — names a
/// type of the event store, the bus, gRPC, ASP.NET Core or ServiceDefaults' hosting, and their files do not import those
/// namespaces.
/// </summary>
public sealed class DeciderDependencyTests
{
    private static readonly Assembly[] Services =
    [
        typeof(CatalogReasons).Assembly, typeof(DirectoriesReasons).Assembly, typeof(DisclosureReasons).Assembly, typeof(DrawsReasons).Assembly,
        typeof(IdentityReasons).Assembly, typeof(SupervisionReasons).Assembly, typeof(TasksReasons).Assembly,
    ];

    private static readonly string[] Hosting = ["Marten", "JasperFx", "Weasel", "Npgsql", "MassTransit", "Grpc", "Microsoft.AspNetCore", "Shuangsuiji.ServiceDefaults"];

    private static bool IsHosting(string? space) => space is not null && Hosting.Any(h => space == h || space.StartsWith(h + ".", StringComparison.Ordinal));

    /// <summary>The deciders: the services' types named *Decider.</summary>
    private static IEnumerable<Type> Deciders() => Services.SelectMany(a => a.GetTypes()).Where(t => t.Name.EndsWith("Decider", StringComparison.Ordinal));

    /// <summary>
    /// The deciders and every type of the services their members name, and those types' members name, and so on — the
    /// aggregates they decide, the events, what a decision is given (a department tree, an item's view) — each with the way
    /// it was reached; and every type of hosting code named on the way.
    /// </summary>
    private static (IReadOnlyDictionary<Type, string> Reached, IReadOnlyList<string> Hosting) Walk()
    {
        var reached = new Dictionary<Type, string>();
        var hosting = new List<string>();
        var pending = new Queue<(Type Type, string Path)>(Deciders().Select(t => (t, t.FullName!)));
        while (pending.TryDequeue(out var next))
        {
            if (!reached.TryAdd(next.Type, next.Path)) continue;
            foreach (var (used, where) in Signature(next.Type))
                foreach (var type in Parts(used))
                {
                    if (IsHosting(type.Namespace)) hosting.Add($"{next.Path}{where}: {type.FullName}");
                    else if (Services.Contains(type.Assembly) && !reached.ContainsKey(type)) pending.Enqueue((type, $"{next.Path}{where} → {type.FullName}"));
                }
        }
        return (reached, hosting);
    }

    [Fact]
    public void The_walk_reaches_the_deciders_and_aggregates_of_every_service_that_decides()
    {
        var reached = Walk().Reached.Keys.ToList();
        Assert.Contains(reached, t => t.Name == "DrawDecider");
        Assert.Contains(reached, t => t.Name == "InspectionTask");
        Assert.Contains(reached, t => t.Name == "AccountDecider");
        Assert.Contains(reached, t => t.Name == "DepartmentTree" && t.Namespace == "Shuangsuiji.Tasks.Departments");
        Assert.All(Services.Where(a => a != typeof(DisclosureReasons).Assembly),
            a => Assert.Contains(reached, t => t.Assembly == a && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IAggregate<>))));
    }

    [Fact]
    public void No_decider_depends_on_hosting_code()
    {
        var hosting = Walk().Hosting.Distinct().ToList();
        Assert.True(hosting.Count == 0, string.Join("\n", hosting));
    }

    [Fact]
    public void The_files_of_what_deciders_use_do_not_import_hosting_namespaces()
    {
        var root = Errors.ReasonCatalogTests.FindRoot();
        var files = Walk().Reached.Keys.Select(t => t.Name.Split('`')[0]).Distinct()
            .SelectMany(name => Directory.EnumerateFiles(Path.Combine(root, "services"), $"{name}.cs", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")).ToList();
        Assert.NotEmpty(files);
        var imports = files.SelectMany(f => File.ReadLines(f).Where(l => l.StartsWith("using ", StringComparison.Ordinal))
            .Select(l => (File: Path.GetRelativePath(root, f), Space: l["using ".Length..].TrimEnd(';').Split('=')[^1].Trim().Replace("static ", ""))))
            .Where(u => IsHosting(u.Space)).Select(u => $"{u.File}: using {u.Space}").ToList();
        Assert.True(imports.Count == 0, string.Join("\n", imports));
    }

    /// <summary>Every type the type's own members name: base, interfaces, fields, properties, constructor and method parameters and returns.</summary>
    private static IEnumerable<(Type Used, string Where)> Signature(Type type)
    {
        const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.BaseType is { } b) yield return (b, " (base)");
        foreach (var i in type.GetInterfaces()) yield return (i, " (interface)");
        foreach (var f in type.GetFields(declared)) yield return (f.FieldType, $".{f.Name}");
        foreach (var p in type.GetProperties(declared)) yield return (p.PropertyType, $".{p.Name}");
        foreach (var m in type.GetMethods(declared).Cast<MethodBase>().Concat(type.GetConstructors(declared)))
        {
            if (m is MethodInfo method) yield return (method.ReturnType, $".{m.Name}()");
            foreach (var p in m.GetParameters()) yield return (p.ParameterType, $".{m.Name}({p.Name})");
        }
        foreach (var nested in type.GetNestedTypes(declared)) yield return (nested, $"+{nested.Name}");
    }

    /// <summary>A type and what it is made of: an array's or reference's element, a generic type's arguments.</summary>
    private static IEnumerable<Type> Parts(Type type)
    {
        if (type.HasElementType) return Parts(type.GetElementType()!);
        if (type.IsGenericParameter) return [];
        return type.IsGenericType ? type.GetGenericArguments().SelectMany(Parts).Prepend(type.GetGenericTypeDefinition()) : [type];
    }
}
