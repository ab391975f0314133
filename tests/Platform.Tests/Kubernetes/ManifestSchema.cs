using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Shuangsuiji.Platform.Tests.Kubernetes;

/// <summary>
/// The shape of a manifest's field, checked offline: the project's own account of the fields it uses of each kind, each
/// with its type, required fields, allowed values and patterns as Kubernetes' API and the operators' published CRDs state
/// them. A field the shape does not know is a problem (a misspelt field is otherwise silently dropped by the API server
/// or, for a custom resource, pruned), as is a value of the wrong type (a plain <c>true</c> where a string is wanted).
/// </summary>
internal abstract class Shape
{
    public abstract void Check(YamlNode node, string path, List<string> problems);

    public static readonly Shape Str = new Scalar("a string", v => v.Type == ScalarType.String);
    public static readonly Shape Int = new Scalar("an integer", v => v.Type == ScalarType.Int);
    public static readonly Shape Bool = new Scalar("a boolean", v => v.Type == ScalarType.Bool);
    public static readonly Shape IntOrStr = new Scalar("an integer or a string", v => v.Type is ScalarType.Int or ScalarType.String);

    /// <summary>A quantity (<c>512Mi</c>, <c>500m</c>, <c>2</c>): a string in Kubernetes' quantity syntax, or an integer.</summary>
    public static readonly Shape Quantity = new Scalar("a quantity", v =>
        v.Type == ScalarType.Int || v.Type == ScalarType.String && Regex.IsMatch(v.Text, @"^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$"));

    public static readonly Shape Port = AtLeast(1, 65535);

    public static Shape AtLeast(long minimum, long maximum = long.MaxValue) => new Scalar($"an integer from {minimum} to {maximum}",
        v => v.Type == ScalarType.Int && long.Parse(v.Text, CultureInfo.InvariantCulture) is var n && n >= minimum && n <= maximum);

    public static Shape OneOf(params string[] values) => new Scalar($"one of {string.Join(", ", values)}",
        v => v.Type == ScalarType.String && values.Contains(v.Text));

    public static Shape Matching(string pattern) => new Scalar($"a string matching {pattern}",
        v => v.Type == ScalarType.String && Regex.IsMatch(v.Text, pattern));

    public static Fields Obj(params (string Name, Shape Shape)[] fields) => new(fields.ToDictionary(f => f.Name, f => f.Shape), []);

    public static Shape ListOf(Shape item) => new Items(item);

    /// <summary>A map whose keys are free (labels, data, parameters), each value of this shape.</summary>
    public static Shape MapOf(Shape value) => new FreeMap(value);

    public enum ScalarType { Null, Bool, Int, Float, String }

    /// <summary>A YAML scalar's type as a JSON decoder sees it: quoted is a string; plain is typed by its text.</summary>
    public readonly record struct Value(ScalarType Type, string Text)
    {
        public static Value Of(YamlScalarNode node)
        {
            var text = node.Value ?? "";
            if (node.Style is not (YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any)) return new(ScalarType.String, text);
            if (text is "" or "~" or "null" or "Null" or "NULL") return new(ScalarType.Null, text);
            if (text is "true" or "false" or "True" or "False" or "TRUE" or "FALSE") return new(ScalarType.Bool, text);
            if (Regex.IsMatch(text, @"^[-+]?\d+$")) return new(ScalarType.Int, text);
            if (Regex.IsMatch(text, @"^[-+]?(\.\d+|\d+(\.\d*)?)([eE][-+]?\d+)?$")) return new(ScalarType.Float, text);
            return new(ScalarType.String, text);
        }
    }

    private sealed class Scalar(string what, Func<Value, bool> accepts) : Shape
    {
        public override void Check(YamlNode node, string path, List<string> problems)
        {
            if (node is not YamlScalarNode scalar || !accepts(Value.Of(scalar)))
                problems.Add($"{path}: should be {what}, is {Describe(node)}");
        }
    }

    private sealed class Items(Shape item) : Shape
    {
        public override void Check(YamlNode node, string path, List<string> problems)
        {
            if (node is not YamlSequenceNode list)
            {
                problems.Add($"{path}: should be a list, is {Describe(node)}");
                return;
            }
            for (var i = 0; i < list.Children.Count; i++) item.Check(list.Children[i], $"{path}[{i}]", problems);
        }
    }

    private sealed class FreeMap(Shape value) : Shape
    {
        public override void Check(YamlNode node, string path, List<string> problems)
        {
            if (node is not YamlMappingNode map)
            {
                problems.Add($"{path}: should be a map, is {Describe(node)}");
                return;
            }
            foreach (var (key, child) in map.Children) value.Check(child, $"{path}.{key}", problems);
        }
    }

    protected static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s => $"{Value.Of(s).Type.ToString().ToLowerInvariant()} `{s.Value}`",
        YamlSequenceNode => "a list",
        _ => "a map",
    };
}

/// <summary>An object with known fields; <see cref="Requires"/> names those that must be there.</summary>
internal sealed class Fields(Dictionary<string, Shape> fields, string[] required) : Shape
{
    public Fields Requires(params string[] names) => new(fields, [.. required, .. names]);

    /// <summary>The same object with more fields (a kind's top level: apiVersion, kind, metadata and its own).</summary>
    public Fields With(params (string Name, Shape Shape)[] more) =>
        new(fields.Concat(more.Select(m => KeyValuePair.Create(m.Name, m.Shape))).ToDictionary(), required);

    public override void Check(YamlNode node, string path, List<string> problems)
    {
        if (node is not YamlMappingNode map)
        {
            problems.Add($"{path}: should be a map, is {Describe(node)}");
            return;
        }
        var present = new HashSet<string>();
        foreach (var (keyNode, child) in map.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value!;
            present.Add(key);
            if (fields.TryGetValue(key, out var shape)) shape.Check(child, $"{path}.{key}", problems);
            else problems.Add($"{path}.{key}: no such field (known: {string.Join(", ", fields.Keys.Order())})");
        }
        problems.AddRange(required.Where(r => !present.Contains(r)).Select(r => $"{path}.{r}: required"));
    }
}
