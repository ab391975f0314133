using YamlDotNet.RepresentationModel;

namespace Shuangsuiji.Platform.Tests.Kubernetes;

/// <summary>Every object both overlays render is of a known kind and has only fields of the right type (<see cref="ManifestKinds"/>).</summary>
public sealed class ManifestSchemaTests(DevOverlayFixture dev, ProductionOverlayFixture production)
    : IClassFixture<DevOverlayFixture>, IClassFixture<ProductionOverlayFixture>
{
    [Fact]
    public void Every_object_of_the_dev_overlay_is_a_known_kind_with_known_fields_of_the_right_type() =>
        AssertValid(dev.Rendered, dev.OverlayPath);

    [Fact]
    public void Every_object_of_the_production_overlay_is_a_known_kind_with_known_fields_of_the_right_type() =>
        AssertValid(production.Rendered, production.OverlayPath);

    [Fact]
    public void The_checks_catch_a_misspelt_field_a_wrong_type_a_missing_field_and_an_unknown_kind()
    {
        const string manifests = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: gateway
            spec:
              replica: 2
              selector:
                matchLabels:
                  app.kubernetes.io/name: gateway
              template:
                spec:
                  containers:
                    - name: app
                      env:
                        - name: Auth__RequireHttpsMetadata
                          value: true
            ---
            apiVersion: postgresql.cnpg.io/v1
            kind: Pooler
            metadata:
              name: draws-postgres-pooler
            spec:
              pgbouncer:
                poolMode: statement
            ---
            apiVersion: rabbitmq.com/v1beta1
            kind: Queue
            metadata:
              name: q
            """;
        var problems = Problems(manifests);
        Assert.Contains(problems, p => p.Contains("spec.replica: no such field", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("env[0].value: should be a string, is bool `true`", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("spec.cluster: required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("poolMode: should be one of session, transaction", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("rabbitmq.com/v1beta1 Queue", StringComparison.Ordinal));
        Assert.Equal(5, problems.Count);
    }

    private static void AssertValid(string rendered, string overlay)
    {
        var problems = Problems(rendered);
        Assert.True(problems.Count == 0, $"{overlay}:\n{string.Join('\n', problems)}");
    }

    private static List<string> Problems(string rendered)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(rendered));
        var problems = new List<string>();
        foreach (var document in stream.Documents)
        {
            var root = (YamlMappingNode)document.RootNode;
            string Field(string name) => root.Children.TryGetValue(name, out var node) ? ((YamlScalarNode)node).Value ?? "" : "";
            var name = root.Children.TryGetValue("metadata", out var metadata) && metadata is YamlMappingNode m
                && m.Children.TryGetValue("name", out var n) ? ((YamlScalarNode)n).Value : "?";
            var what = $"{Field("apiVersion")} {Field("kind")} {name}";
            if (ManifestKinds.ByKind.TryGetValue((Field("apiVersion"), Field("kind")), out var shape)) shape.Check(root, what, problems);
            else problems.Add($"{what}: a kind the checks do not know (add its fields to ManifestKinds from its schema)");
        }
        return problems;
    }
}

public sealed class ProductionOverlayFixture() : OverlayFixture("k8s/overlays/production")
{
    public const string Namespace = "shuangsuiji";
}
