using System.Reflection;
using System.Text.RegularExpressions;
using Shuangsuiji.AuditTrail;
using Shuangsuiji.Catalog;
using Shuangsuiji.Directories;
using Shuangsuiji.Disclosure;
using Shuangsuiji.Draws;
using Shuangsuiji.Identity;
using Shuangsuiji.Kernel;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Supervision;
using Shuangsuiji.Tasks;

namespace Shuangsuiji.Domain.Tests.Errors;

/// <summary>
/// docs/api.md lists every reason the code declares, with its status, its metadata keys and whether it is a "not yet";
/// every reason declared is used by a refusal, and none is declared outside the classes that list them.
/// </summary>
public sealed partial class ReasonCatalogTests
{
    private static readonly Type[] Declaring =
    [
        typeof(Reasons), typeof(ErrorDetails), typeof(AuditTrailReasons), typeof(CatalogReasons), typeof(DirectoriesReasons),
        typeof(DisclosureReasons), typeof(DrawsReasons), typeof(IdentityReasons), typeof(SupervisionReasons), typeof(TasksReasons),
    ];

    private static readonly string Root = FindRoot();

    private sealed record Declared(Type Owner, string Field, ReasonCode Reason);

    private static IReadOnlyList<Declared> All() =>
    [
        .. Declaring.SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => typeof(ReasonCode).IsAssignableFrom(f.FieldType))
            .Select(f => new Declared(t, f.Name, (ReasonCode)f.GetValue(null)!))),
    ];

    private sealed record Row(string Code, string Status, string Keys, bool NotYet);

    private static IReadOnlyList<Row> Documented() =>
    [
        .. RowPattern().Matches(File.ReadAllText(Path.Combine(Root, "docs", "api.md"))).Select(m => new Row(m.Groups["code"].Value, m.Groups["status"].Value,
            string.Join(",", KeyPattern().Matches(m.Groups["keys"].Value).Select(k => k.Groups[1].Value)), m.Groups["meaning"].Value.StartsWith("\"Not yet\""))),
    ];

    private static IEnumerable<(string Path, string Text)> Sources() =>
        new[] { "services", "infra", "gateway", "contracts" }.Select(d => Path.Combine(Root, d)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(p => (p, File.ReadAllText(p)));

    [Fact]
    public void Every_declared_reason_is_documented_with_its_status_keys_and_retry_and_every_documented_one_is_declared()
    {
        var declared = All().Select(d => new Row(d.Reason.Code, d.Reason.Status, string.Join(",", d.Reason.Keys), d.Reason.RetryAfter is not null)).ToHashSet();
        var documented = Documented().ToHashSet();
        Assert.NotEmpty(documented);
        Assert.Empty(declared.Except(documented));
        Assert.Empty(documented.Except(declared));
    }

    [Fact]
    public void Reason_codes_are_upper_snake_case_and_one_code_keeps_one_status()
    {
        var all = All();
        Assert.All(all, d => Assert.Matches("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$", d.Reason.Code));
        Assert.Empty(all.GroupBy(d => d.Reason.Code).Where(g => g.Select(d => d.Reason.Status).Distinct().Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public void Every_declared_reason_is_used_and_none_is_declared_elsewhere()
    {
        var sources = Sources().ToList();
        var unused = All().Select(d => $"{d.Owner.Name}.{d.Field}").Where(use => !sources.Any(s => Regex.IsMatch(s.Text, $@"\b{Regex.Escape(use)}\b")));
        Assert.Empty(unused);
        var codes = All().Select(d => d.Reason.Code).ToHashSet();
        var elsewhere = sources.SelectMany(s => InlinePattern().Matches(s.Text).Select(m => m.Groups[1].Value)).Where(c => !codes.Contains(c));
        Assert.Empty(elsewhere);
    }

    /// <summary>The checkout: the directory above the test's binaries that holds the solution.</summary>
    internal static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Shuangsuiji.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"No Shuangsuiji.slnx above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^\| `(?<code>[A-Z0-9_]+)` \| (?<status>[A-Z_]+) \| (?<keys>[^|]*) \| (?<meaning>.*) \|$", RegexOptions.Multiline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("`([a-z_]+)`")]
    private static partial Regex KeyPattern();

    /// <summary>A reason made where it is used: <c>new Reason&lt;…&gt;("CODE")</c> or a declaration <c>Reason1&lt;…&gt; X = new("CODE"</c>.</summary>
    [GeneratedRegex(@"Reason\d?<\w+>(?:\s+\w+\s*=\s*new)?\(""([A-Z0-9_]+)""")]
    private static partial Regex InlinePattern();
}
