using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using Shuangsuiji.Platform.Tests.Infrastructure;

namespace Shuangsuiji.Platform.Tests.Kubernetes;

/// <summary>Renders an overlay once with <c>kubectl kustomize</c> for a whole test class.</summary>
public abstract class OverlayFixture(string overlayPath) : IAsyncLifetime
{
    public string OverlayPath => overlayPath;

    /// <summary>The rendered text, as kubectl printed it.</summary>
    public string Rendered { get; private set; } = "";

    public IReadOnlyList<Dictionary<object, object>> Objects { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var repoRoot = TestEnvironment.RepositoryRoot;
        Rendered = await RenderAsync(repoRoot, OverlayPath);
        Objects = ParseDocuments(Rendered);
        if (Objects.Count == 0)
        {
            throw new InvalidOperationException($"`kubectl kustomize {OverlayPath}` rendered no objects.");
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public IEnumerable<Dictionary<object, object>> OfKind(string kind) =>
        Objects.Where(o => Yaml.Str(o, "kind") == kind);

    public Dictionary<object, object>? Find(string kind, string name) =>
        OfKind(kind).SingleOrDefault(o => Yaml.Str(o, "metadata", "name") == name);

    /// <summary>What to do when kubectl is missing or too old, in every failure's message.</summary>
    private const string HowToGetKubectl =
        "These tests render k8s/ with `kubectl kustomize` (no cluster needed) and need kubectl 1.21 or later on PATH, whose " +
        "kustomize reads our overlays (Debian 12's kubernetes-client is 1.20 and cannot). `infra/dev.sh test` installs one " +
        "where it is missing (infra/lib/servers.sh, ensure_kubectl); otherwise install kubectl, e.g. Kubernetes' own release.";

    private static async Task<string> RenderAsync(string repoRoot, string overlay)
    {
        var (_, version, _) = await KubectlAsync(repoRoot, "version", "--client");
        if (!version.Contains("Kustomize Version", StringComparison.Ordinal))
            throw new InvalidOperationException($"kubectl is older than 1.21 (`kubectl version --client`: {version.Trim()}). {HowToGetKubectl}");
        var (exitCode, yaml, errors) = await KubectlAsync(repoRoot, "kustomize", overlay);
        return exitCode == 0 ? yaml : throw new InvalidOperationException($"`kubectl kustomize {overlay}` exited with {exitCode}:\n{errors}");
    }

    private static async Task<(int ExitCode, string Output, string Errors)> KubectlAsync(string repoRoot, params string[] arguments)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            WorkingDirectory = repoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"kubectl is not on PATH. {HowToGetKubectl}", e);
        }

        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
    }

    public static List<Dictionary<object, object>> ParseDocuments(string yaml)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        var documents = new List<Dictionary<object, object>>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (deserializer.Deserialize<Dictionary<object, object>>(parser) is { } document)
            {
                documents.Add(document);
            }
        }

        return documents;
    }
}

public sealed class DevOverlayFixture() : OverlayFixture("k8s/overlays/dev")
{
    public const string Namespace = "shuangsuiji-dev";
}

/// <summary>Navigation in the generic dictionaries and lists YamlDotNet produces.</summary>
internal static class Yaml
{
    public static object? At(object? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not Dictionary<object, object> map || !map.TryGetValue(key, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? Str(object? node, params string[] path) => At(node, path) as string;

    public static Dictionary<object, object> Map(object? node, params string[] path) =>
        At(node, path) as Dictionary<object, object>
        ?? throw new InvalidOperationException($"Expected a mapping at {string.Join('.', path)}.");

    public static IEnumerable<Dictionary<object, object>> Seq(object? node, params string[] path) =>
        (At(node, path) as List<object> ?? []).Cast<Dictionary<object, object>>();
}

public sealed class KubernetesManifestsTests(DevOverlayFixture overlay) : IClassFixture<DevOverlayFixture>
{
    public static TheoryData<string> Hosts => ["identity", "directories", "catalog", "disclosure", "draws", "tasks", "supervision", "gateway", "workbench"];

    public static TheoryData<string> Services => ["identity", "directories", "catalog", "disclosure", "draws", "tasks", "supervision"];

    /// <summary>Kinds that have no namespace; everything else in the overlay must be in the dev one.</summary>
    private static readonly HashSet<string> ClusterScopedKinds =
    [
        "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume",
        "StorageClass", "PriorityClass", "IngressClass", "ValidatingWebhookConfiguration",
        "MutatingWebhookConfiguration",
    ];

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Each_host_has_a_deployment_and_a_service_that_selects_its_pods(string host)
    {
        var deployment = overlay.Find("Deployment", host);
        var service = overlay.Find("Service", host);
        Assert.True(deployment is not null, $"No Deployment `{host}` in the dev overlay.");
        Assert.True(service is not null, $"No Service `{host}` in the dev overlay.");

        var podLabels = Yaml.Map(deployment, "spec", "template", "metadata", "labels");
        var selector = Yaml.Map(service, "spec", "selector");
        Assert.NotEmpty(selector);
        Assert.All(selector, pair => Assert.Equal(pair.Value, podLabels.GetValueOrDefault(pair.Key)));

        var containerPorts = Yaml.Seq(Container(deployment), "ports")
            .ToDictionary(p => Yaml.Str(p, "name")!, p => Yaml.Str(p, "containerPort"));
        var servicePorts = Yaml.Seq(service, "spec", "ports")
            .ToDictionary(p => Yaml.Str(p, "name")!, p => (Port: Yaml.Str(p, "port"), Target: Yaml.Str(p, "targetPort")));
        Assert.Equal("8080", containerPorts.GetValueOrDefault("http"));
        Assert.Equal("8081", containerPorts.GetValueOrDefault("grpc"));
        Assert.Equal(("8080", "http"), servicePorts.GetValueOrDefault("http"));
        // The console serves people's browsers only: its Service offers no gRPC.
        if (host == "workbench") Assert.Equal(["http"], servicePorts.Keys);
        else Assert.Equal(("8081", "grpc"), servicePorts.GetValueOrDefault("grpc"));
    }

    [Fact]
    public void The_workbench_keeps_its_sessions_in_its_own_database_calls_the_gateway_and_shares_its_client_secret_with_identity_only()
    {
        var workbench = Env(overlay.Find("Deployment", "workbench"));
        Assert.Contains("Database=workbench;", SecretValue(workbench, "ConnectionStrings__Postgres") + ";", StringComparison.OrdinalIgnoreCase);
        Assert.Equal("http://gateway:8081", Yaml.Str(workbench["Services__Gateway"], "value"));
        var identity = Env(overlay.Find("Deployment", "identity"));
        Assert.Equal(SecretValue(workbench, "Workbench__ClientSecret"), SecretValue(identity, "Identity__Applications__0__ClientSecret"));
        Assert.Equal(Yaml.Str(workbench["Workbench__ClientId"], "value"), Yaml.Str(identity["Identity__Applications__0__ClientId"], "value"));
        Assert.Equal("$(WORKBENCH_ADDRESS)signin-oidc", Yaml.Str(identity["Identity__Applications__0__RedirectUris__0"], "value"));
        Assert.Equal("workbench-address", Yaml.Str(identity["WORKBENCH_ADDRESS"], "valueFrom", "configMapKeyRef", "key"));
        var holders = overlay.OfKind("Deployment").Where(d => Env(d).Values.Any(v => Yaml.Str(v, "valueFrom", "secretKeyRef", "key") == "workbench-client-secret"));
        Assert.Equal(new[] { "identity", "workbench" }, holders.Select(d => Yaml.Str(d, "metadata", "name")!).Order().ToArray());
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Each_host_is_probed_on_alive_and_health(string host)
    {
        var container = Container(overlay.Find("Deployment", host));

        Assert.Equal("/health", Yaml.Str(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("http", Yaml.Str(container, "readinessProbe", "httpGet", "port"));
        Assert.Equal("/alive", Yaml.Str(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("http", Yaml.Str(container, "livenessProbe", "httpGet", "port"));
        Assert.NotNull(Yaml.At(container, "startupProbe"));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Each_host_runs_the_dev_image_once_non_root_on_a_read_only_filesystem(string host)
    {
        var deployment = overlay.Find("Deployment", host);
        var container = Container(deployment);

        Assert.Equal($"shuangsuiji/{host}:dev", Yaml.Str(container, "image"));
        Assert.Equal("1", Yaml.Str(deployment, "spec", "replicas"));
        Assert.Equal("true", Yaml.Str(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot"));
        Assert.Equal("true", Yaml.Str(container, "securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("false", Yaml.Str(container, "securityContext", "allowPrivilegeEscalation"));
        Assert.Equal(["ALL"], (Yaml.At(container, "securityContext", "capabilities", "drop") as List<object>)?.Cast<string>() ?? []);

        var tmp = Assert.Single(Yaml.Seq(container, "volumeMounts"), m => Yaml.Str(m, "mountPath") == "/tmp");
        var volume = Assert.Single(
            Yaml.Seq(deployment, "spec", "template", "spec", "volumes"), v => Yaml.Str(v, "name") == Yaml.Str(tmp, "name"));
        Assert.NotNull(Yaml.At(volume, "emptyDir"));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Each_host_spreads_its_own_replicas_over_nodes(string host)
    {
        var pod = Yaml.Map(overlay.Find("Deployment", host), "spec", "template", "spec");
        var spread = Assert.Single(Yaml.Seq(pod, "topologySpreadConstraints"));
        Assert.Equal("kubernetes.io/hostname", Yaml.Str(spread, "topologyKey"));
        Assert.Equal("ScheduleAnyway", Yaml.Str(spread, "whenUnsatisfiable"));
        Assert.Contains("app.kubernetes.io/name", (Yaml.At(spread, "matchLabelKeys") as List<object>)?.Cast<string>() ?? []);
    }

    /// <summary>
    /// The base is what a cluster runs: two replicas of every host, whose background work runs on one replica at a time;
    /// the identity service alone runs one (its keys are on a volume only one pod mounts).
    /// </summary>
    [Theory]
    [MemberData(nameof(Hosts))]
    public void The_base_runs_two_replicas_of_every_host_but_the_identity_service(string host)
    {
        var file = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "k8s", "base", $"{host}.yaml"));
        var deployment = Assert.Single(OverlayFixture.ParseDocuments(file), o => Yaml.Str(o, "kind") == "Deployment");
        Assert.Equal(host == "identity" ? "1" : "2", Yaml.Str(deployment, "spec", "replicas"));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Services_take_their_connection_strings_from_the_secret(string service)
    {
        var env = Env(overlay.Find("Deployment", service));

        var postgres = SecretValue(env, "ConnectionStrings__Postgres");
        SecretValue(env, "ConnectionStrings__RabbitMq");
        Assert.Equal($"{service}-postgres", Yaml.Str(env["ConnectionStrings__Postgres"], "valueFrom", "secretKeyRef", "key"));
        Assert.Contains($"Database={service};", postgres + ";", StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Each_host_checks_tokens_against_the_identity_services_keys_and_holds_none_itself(string host)
    {
        var env = Env(overlay.Find("Deployment", host));
        Assert.Equal("identity-issuer", Yaml.Str(env["Auth__Authority"], "valueFrom", "configMapKeyRef", "key"));
        Assert.DoesNotContain(env.Keys, k => k.Contains("SigningKey", StringComparison.Ordinal) && k.StartsWith("Auth", StringComparison.Ordinal));
        Assert.DoesNotContain(overlay.OfKind("Secret"), s => Yaml.At(s, "data", "auth-signing-key") is not null);
    }

    [Fact]
    public void Only_the_identity_service_mounts_its_key_volume_and_the_notary_has_a_client_secret_only_it_shares_with_identity()
    {
        var identity = overlay.Find("Deployment", "identity");
        Assert.Equal("Recreate", Yaml.Str(identity, "spec", "strategy", "type"));
        Assert.Contains(Yaml.Seq(identity, "spec", "template", "spec", "volumes"), v => Yaml.Str(v, "persistentVolumeClaim", "claimName") == "identity-keys");
        foreach (var deployment in overlay.OfKind("Deployment").Where(d => Yaml.Str(d, "metadata", "name") != "identity"))
            Assert.DoesNotContain(Yaml.Seq(deployment, "spec", "template", "spec", "volumes"), v => Yaml.Str(v, "persistentVolumeClaim", "claimName") == "identity-keys");
        // The gateway is the door to its accounts and clients API too.
        Assert.Equal("http://identity:8081", Yaml.Str(Env(overlay.Find("Deployment", "gateway"))["Services__Identity"], "value"));
        var notary = SecretValue(Env(overlay.Find("Deployment", "supervision")), "Checkpoints__ClientSecret");
        Assert.Equal(notary, SecretValue(Env(identity), "Identity__ServiceClients__0__Secret"));
        var holders = overlay.OfKind("Deployment").Where(d => Env(d).Values.Any(v => Yaml.Str(v, "valueFrom", "secretKeyRef", "key") == "notary-client-secret"));
        Assert.Equal(new[] { "identity", "supervision" }, holders.Select(d => Yaml.Str(d, "metadata", "name")!).Order().ToArray());
    }

    [Fact]
    public void Only_the_draw_engine_holds_its_sealing_key_and_it_and_the_tasks_service_reach_each_other()
    {
        var draws = Env(overlay.Find("Deployment", "draws"));
        Assert.Equal(32, Convert.FromBase64String(SecretValue(draws, "Draws__SealingKey")).Length);
        Assert.Equal("http://tasks:8081", Yaml.Str(draws["Services__Tasks"], "value"));
        Assert.Equal("http://draws:8081", Yaml.Str(Env(overlay.Find("Deployment", "tasks"))["Services__Draws"], "value"));
        foreach (var deployment in overlay.OfKind("Deployment").Where(d => Yaml.Str(d, "metadata", "name") != "draws"))
            Assert.DoesNotContain("Draws__SealingKey", Env(deployment).Keys);
    }

    [Theory]
    [InlineData("Services__Directories", "directories")]
    [InlineData("Services__Catalog", "catalog")]
    [InlineData("Services__Disclosure", "disclosure")]
    [InlineData("Services__Draws", "draws")]
    [InlineData("Services__Tasks", "tasks")]
    [InlineData("Services__Supervision", "supervision")]
    [InlineData("Services__Identity", "identity")]
    public void The_gateway_and_the_checkpoints_notary_call_each_service_on_its_grpc_service_port(string variable, string service)
    {
        foreach (var host in new[] { "gateway", "supervision" })
        {
            var env = Env(overlay.Find("Deployment", host));
            Assert.True(env.ContainsKey(variable), $"The {host} has no `{variable}`.");

            var url = Yaml.Str(env[variable], "value");
            Assert.True(Uri.TryCreate(url, UriKind.Absolute, out var uri), $"`{variable}` of the {host} is not an absolute URL: `{url}`.");
            Assert.Equal("http", uri.Scheme);
            Assert.Equal(service, uri.Host);

            var target = overlay.Find("Service", uri.Host);
            Assert.True(target is not null, $"`{variable}` points at `{uri.Host}`, which is no Service in the overlay.");
            var grpcPort = Assert.Single(Yaml.Seq(target, "spec", "ports"), p => Yaml.Str(p, "name") == "grpc");
            Assert.Equal(Yaml.Str(grpcPort, "port"), uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Only_the_checkpoints_notary_is_given_the_signing_key_a_pkcs8_pem_mounted_read_only_from_a_secret()
    {
        var deployment = overlay.Find("Deployment", "supervision");
        var (secretName, pem) = MountedSecretFile(deployment, "Checkpoints__SigningKeyFile");
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pem);
        Assert.NotNull(Yaml.At(Env(deployment)["Checkpoints__OfficeDepartment"], "valueFrom", "configMapKeyRef"));
        OnlyMountedBy("supervision", secretName);
    }

    [Fact]
    public void The_identity_services_data_protection_keys_are_encrypted_with_a_certificate_of_a_secret_mounted_read_only_apart_from_its_key_volume()
    {
        var deployment = overlay.Find("Deployment", "identity");
        var (secretName, certificate) = MountedSecretFile(deployment, "Identity__KeyProtectionCertificate");
        var (keySecret, key) = MountedSecretFile(deployment, "Identity__KeyProtectionKey");
        Assert.Equal(secretName, keySecret);
        Assert.Equal("kubernetes.io/tls", Yaml.Str(overlay.Find("Secret", secretName), "type"));
        using var loaded = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(certificate, key);
        Assert.NotNull(System.Security.Cryptography.X509Certificates.RSACertificateExtensions.GetRSAPrivateKey(loaded)); // Data Protection encrypts with RSA
        var keys = Yaml.Str(Env(deployment)["Identity__KeysPath"], "value")!;
        Assert.False(Yaml.Str(Env(deployment)["Identity__KeyProtectionCertificate"], "value")!.StartsWith(keys + "/", StringComparison.Ordinal));
        OnlyMountedBy("identity", secretName);
    }

    /// <summary>The Secret a host's setting names a file of (mounted read-only), and that file's content.</summary>
    private (string SecretName, string Content) MountedSecretFile(Dictionary<object, object>? deployment, string setting)
    {
        var file = Yaml.Str(Env(deployment)[setting], "value")!;
        var mount = Assert.Single(Yaml.Seq(Container(deployment), "volumeMounts"), m => file.StartsWith(Yaml.Str(m, "mountPath") + "/", StringComparison.Ordinal));
        Assert.Equal("true", Yaml.Str(mount, "readOnly"));
        var volume = Assert.Single(Yaml.Seq(deployment, "spec", "template", "spec", "volumes"), v => Yaml.Str(v, "name") == Yaml.Str(mount, "name"));
        var secretName = Yaml.Str(volume, "secret", "secretName")!;
        return (secretName, Encoding.UTF8.GetString(Convert.FromBase64String(Yaml.Str(overlay.Find("Secret", secretName), "data", Path.GetFileName(file))!)));
    }

    private void OnlyMountedBy(string host, string secretName)
    {
        var others = overlay.OfKind("Deployment").Where(d => Yaml.Str(d, "metadata", "name") != host);
        Assert.All(others, d => Assert.DoesNotContain(Yaml.Seq(d, "spec", "template", "spec", "volumes"), v => Yaml.Str(v, "secret", "secretName") == secretName));
    }

    [Fact]
    public void Every_namespaced_object_is_in_the_dev_namespace()
    {
        var namespaced = overlay.Objects.Where(o => !ClusterScopedKinds.Contains(Yaml.Str(o, "kind") ?? "")).ToList();

        Assert.NotEmpty(namespaced);
        Assert.All(namespaced, o => Assert.True(
            Yaml.Str(o, "metadata", "namespace") == DevOverlayFixture.Namespace,
            $"{Yaml.Str(o, "kind")}/{Yaml.Str(o, "metadata", "name")} is in namespace " +
            $"`{Yaml.Str(o, "metadata", "namespace") ?? "(none)"}`, not `{DevOverlayFixture.Namespace}`."));
    }

    [Fact]
    public void Only_the_gateway_is_reachable_from_outside_the_cluster()
    {
        var services = overlay.OfKind("Service").ToList();
        Assert.Contains(services, s => Yaml.Str(s, "metadata", "name") == "gateway");

        Assert.All(services.Where(s => Yaml.Str(s, "metadata", "name") != "gateway"), s => Assert.True(
            Yaml.Str(s, "spec", "type") is null or "ClusterIP",
            $"Service/{Yaml.Str(s, "metadata", "name")} is of type {Yaml.Str(s, "spec", "type")}: only the gateway may be exposed."));

        var ingressBackends = overlay.OfKind("Ingress")
            .SelectMany(i => Yaml.Seq(i, "spec", "rules"))
            .SelectMany(r => Yaml.Seq(r, "http", "paths"))
            .Select(p => Yaml.Str(p, "backend", "service", "name"));
        Assert.All(ingressBackends, name => Assert.Equal("gateway", name));
    }

    private static Dictionary<object, object> Container(Dictionary<object, object>? deployment)
    {
        Assert.NotNull(deployment);
        return Assert.Single(Yaml.Seq(deployment, "spec", "template", "spec", "containers"));
    }

    private static Dictionary<string, Dictionary<object, object>> Env(Dictionary<object, object>? deployment) =>
        Yaml.Seq(Container(deployment), "env").ToDictionary(e => Yaml.Str(e, "name")!);

    /// <summary>
    /// Asserts that <paramref name="variable"/> comes from a key of a Secret rendered in the overlay
    /// (never a literal value) and returns the decoded value.
    /// </summary>
    private string SecretValue(Dictionary<string, Dictionary<object, object>> env, string variable)
    {
        Assert.True(env.TryGetValue(variable, out var entry), $"`{variable}` is not set.");
        Assert.True(Yaml.At(entry, "value") is null, $"`{variable}` has a literal value; it must come from a Secret.");

        var secretName = Yaml.Str(entry, "valueFrom", "secretKeyRef", "name");
        var key = Yaml.Str(entry, "valueFrom", "secretKeyRef", "key");
        Assert.True(secretName is not null && key is not null, $"`{variable}` is not taken from a secretKeyRef.");

        var secret = overlay.Find("Secret", secretName);
        Assert.True(secret is not null, $"`{variable}` refers to Secret `{secretName}`, which the overlay does not render.");
        var encoded = Yaml.Str(secret, "data", key);
        Assert.True(encoded is not null, $"Secret `{secretName}` has no key `{key}` for `{variable}`.");

        var value = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        Assert.False(string.IsNullOrWhiteSpace(value), $"Secret `{secretName}` key `{key}` is empty.");
        return value;
    }
}
