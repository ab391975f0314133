namespace Shuangsuiji.Platform.Tests.Kubernetes;

/// <summary>A pod as NetworkPolicies see it: its namespace's name and its labels.</summary>
internal sealed record Pod(string Name, string Namespace, IReadOnlyDictionary<string, string> Labels);

/// <summary>
/// Kubernetes' ingress rules for NetworkPolicies, evaluated offline: a pod no policy selects (for Ingress) takes any
/// connection; a selected pod takes one only when a rule of a policy selecting it names the source (a podSelector alone:
/// pods of the policy's namespace; a namespaceSelector alone: every pod of those namespaces; both: those pods of those
/// namespaces) and the port (no ports: all). Namespaces are matched by their kubernetes.io/metadata.name label.
/// </summary>
internal sealed class NetworkPolicyModel(IEnumerable<Dictionary<object, object>> policies, string policyNamespace)
{
    private readonly List<Dictionary<object, object>> policies = [.. policies];

    public bool Allows(Pod from, Pod to, int port)
    {
        var selecting = policies.Where(p => to.Namespace == policyNamespace && Selects(Yaml.Map(p, "spec", "podSelector"), to.Labels)
            && ((Yaml.At(p, "spec", "policyTypes") as List<object>)?.Contains("Ingress") ?? true)).ToList();
        if (selecting.Count == 0) return true;
        return selecting.SelectMany(p => Yaml.Seq(p, "spec", "ingress")).Any(rule =>
            Yaml.Seq(rule, "from").Any(peer => Admits(peer, from)) && PortMatches(rule, port));
    }

    private bool Admits(Dictionary<object, object> peer, Pod from)
    {
        var pods = Yaml.At(peer, "podSelector") as Dictionary<object, object>;
        var namespaces = Yaml.At(peer, "namespaceSelector") as Dictionary<object, object>;
        var namespaceMatches = namespaces is null
            ? from.Namespace == policyNamespace
            : Selects(namespaces, new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = from.Namespace });
        return namespaceMatches && (pods is null || Selects(pods, from.Labels)) && (pods is not null || namespaces is not null);
    }

    private static bool PortMatches(Dictionary<object, object> rule, int port)
    {
        var ports = Yaml.Seq(rule, "ports").ToList();
        return ports.Count == 0 || ports.Any(p => Yaml.Str(p, "port") == port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A label selector: every matchLabels pair and every matchExpressions term holds (an empty selector: all).</summary>
    private static bool Selects(Dictionary<object, object> selector, IReadOnlyDictionary<string, string> labels)
    {
        var pairs = Yaml.At(selector, "matchLabels") as Dictionary<object, object> ?? [];
        return pairs.All(p => labels.GetValueOrDefault((string)p.Key) == (string)p.Value)
            && Yaml.Seq(selector, "matchExpressions").All(e =>
            {
                var key = Yaml.Str(e, "key")!;
                var values = (Yaml.At(e, "values") as List<object> ?? []).Cast<string>().ToList();
                return Yaml.Str(e, "operator") switch
                {
                    "In" => labels.TryGetValue(key, out var v) && values.Contains(v),
                    "NotIn" => !labels.TryGetValue(key, out var v) || !values.Contains(v),
                    "Exists" => labels.ContainsKey(key),
                    "DoesNotExist" => !labels.ContainsKey(key),
                    var other => throw new InvalidOperationException($"unknown selector operator {other}"),
                };
            });
    }
}
