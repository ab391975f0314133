using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using MassTransit;

namespace Shuangsuiji.Platform.Tests.Kubernetes;

/// <summary>
/// The production overlay (<c>k8s/overlays/production</c>) rendered offline: the databases, the broker and its users, the
/// scaling, the exposure, and NetworkPolicies that allow exactly the connections the code makes.
/// </summary>
public sealed class ProductionOverlayTests(ProductionOverlayFixture overlay) : IClassFixture<ProductionOverlayFixture>
{
    private static readonly string[] Hosts = ["identity", "directories", "catalog", "disclosure", "draws", "tasks", "supervision", "gateway", "workbench"];

    /// <summary>The hosts that keep a database (all but the gateway).</summary>
    private static readonly string[] DatabaseOwners = ["identity", "directories", "catalog", "disclosure", "draws", "tasks", "supervision", "workbench"];

    /// <summary>The hosts on the bus (all but the gateway and the console).</summary>
    private static readonly string[] BusServices = ["identity", "directories", "catalog", "disclosure", "draws", "tasks", "supervision"];

    [Fact]
    public void The_network_policies_allow_exactly_the_connections_the_platform_makes()
    {
        var model = new NetworkPolicyModel(overlay.OfKind("NetworkPolicy"), ProductionOverlayFixture.Namespace);
        var expected = new HashSet<(string From, string To, int Port)>();
        void Allow(string from, string to, params int[] ports) => expected.UnionWith(ports.Select(p => (from, to, p)));

        // From outside, through the Ingress controller: the gateway, the console, the identity service's sign-in and keys.
        Allow("ingress-controller", "gateway", 8080, 8081);
        Allow("ingress-controller", "workbench", 8080);
        Allow("ingress-controller", "identity", 8080);
        // The console calls the platform through the gateway; the gateway proxies every service's API.
        Allow("workbench", "gateway", 8081);
        foreach (var service in BusServices) Allow("gateway", service, 8081);
        // The checkpoints' notary reads every service's chain rows (its own included); the draw engine and the tasks
        // service ask each other (Services__* of their Deployments).
        foreach (var service in BusServices) Allow("supervision", service, 8081);
        Allow("tasks", "draws", 8081);
        Allow("draws", "tasks", 8081);
        foreach (var owner in DatabaseOwners)
        {
            Allow(owner, $"{owner}-postgres-pooler", 5432);
            Allow($"{owner}-postgres-pooler", $"{owner}-postgres", 5432);
            Allow($"{owner}-postgres", $"{owner}-postgres", 5432);
            Allow("cnpg-operator", $"{owner}-postgres", 5432, 8000);
        }
        foreach (var service in BusServices) Allow(service, "rabbitmq", 5672);
        Allow("rabbitmq", "rabbitmq", 4369, 25672);
        Allow("rabbitmq-operators", "rabbitmq", 15672);
        // Prometheus scrapes the hosts' metrics port, the PostgreSQL instances' exporter and the broker's plugin.
        foreach (var host in BusServices.Append("gateway").Append("workbench")) Allow("prometheus", host, 9464);
        foreach (var owner in DatabaseOwners) Allow("prometheus", $"{owner}-postgres", 9187);
        Allow("prometheus", "rabbitmq", 15692);

        var pods = Pods().ToList();
        var ports = new Dictionary<string, int[]>();
        foreach (var pod in pods)
        {
            ports[pod.Name] = pod.Labels.GetValueOrDefault("cnpg.io/podRole") == "instance" ? [5432, 8000, 9187]
                : pod.Labels.ContainsKey("cnpg.io/poolerName") ? [5432]
                : pod.Name == "rabbitmq" ? [4369, 5672, 15672, 15692, 25672]
                : [8080, 8081, 9464];
        }
        var wrong = (from source in pods
                     from target in pods.Where(t => t.Namespace == ProductionOverlayFixture.Namespace)
                     from port in ports[target.Name]
                     let allowed = model.Allows(source, target, port)
                     where allowed != expected.Contains((source.Name, target.Name, port))
                     select $"{source.Name} -> {target.Name}:{port} is {(allowed ? "allowed but should not be" : "refused but should be allowed")}").ToList();
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
        Assert.Contains(overlay.OfKind("NetworkPolicy"), p => Yaml.Map(p, "spec", "podSelector").Count == 0);
    }

    /// <summary>
    /// The pods of the namespace (hosts from their templates; the operators' pods with the labels they give them:
    /// CloudNativePG's pkg/specs, the RabbitMQ Cluster Operator's) and some outside it.
    /// </summary>
    private IEnumerable<Pod> Pods()
    {
        const string ns = ProductionOverlayFixture.Namespace;
        foreach (var deployment in overlay.OfKind("Deployment"))
        {
            var labels = Yaml.Map(deployment, "spec", "template", "metadata", "labels").ToDictionary(l => (string)l.Key, l => (string)l.Value);
            yield return new Pod(Yaml.Str(deployment, "metadata", "name")!, ns, labels);
        }
        foreach (var cluster in overlay.OfKind("Cluster").Select(c => Yaml.Str(c, "metadata", "name")!))
            yield return new Pod(cluster, ns, new Dictionary<string, string> { ["cnpg.io/cluster"] = cluster, ["cnpg.io/podRole"] = "instance" });
        foreach (var pooler in overlay.OfKind("Pooler"))
        {
            var name = Yaml.Str(pooler, "metadata", "name")!;
            yield return new Pod(name, ns, new Dictionary<string, string>
            {
                ["cnpg.io/cluster"] = Yaml.Str(pooler, "spec", "cluster", "name")!, ["cnpg.io/poolerName"] = name, ["cnpg.io/podRole"] = "pooler",
            });
        }
        var broker = Yaml.Str(Assert.Single(overlay.OfKind("RabbitmqCluster")), "metadata", "name")!;
        yield return new Pod(broker, ns, new Dictionary<string, string> { ["app.kubernetes.io/name"] = broker, ["app.kubernetes.io/component"] = "rabbitmq" });
        yield return new Pod("ingress-controller", "ingress-nginx", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "ingress-nginx" });
        yield return new Pod("cnpg-operator", "cnpg-system", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "cloudnative-pg" });
        yield return new Pod("rabbitmq-operators", "rabbitmq-system", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "messaging-topology-operator" });
        yield return new Pod("prometheus", "monitoring", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "prometheus" });
        yield return new Pod("a-pod-elsewhere", "default", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "gateway" });
        yield return new Pod("a-debug-pod-here", ns, new Dictionary<string, string> { ["run"] = "debug" });
    }

    [Theory]
    [MemberData(nameof(Owners))]
    public void Each_database_is_a_cluster_of_three_with_backups_and_the_service_connects_through_its_session_pooler(string owner)
    {
        var cluster = overlay.Find("Cluster", $"{owner}-postgres");
        Assert.NotNull(cluster);
        Assert.Equal("3", Yaml.Str(cluster, "spec", "instances"));
        Assert.Equal(owner, Yaml.Str(cluster, "spec", "bootstrap", "initdb", "database"));
        Assert.Equal(owner, Yaml.Str(cluster, "spec", "bootstrap", "initdb", "owner"));
        Assert.StartsWith("s3://", Yaml.Str(cluster, "spec", "backup", "barmanObjectStore", "destinationPath"));
        Assert.NotNull(Yaml.Str(cluster, "spec", "backup", "barmanObjectStore", "wal", "compression"));
        Assert.NotNull(Yaml.Str(cluster, "spec", "backup", "retentionPolicy"));
        Assert.Contains(overlay.OfKind("ScheduledBackup"), b => Yaml.Str(b, "spec", "cluster", "name") == $"{owner}-postgres");

        var pooler = overlay.Find("Pooler", $"{owner}-postgres-pooler");
        Assert.NotNull(pooler);
        Assert.Equal($"{owner}-postgres", Yaml.Str(pooler, "spec", "cluster", "name"));
        Assert.Equal("rw", Yaml.Str(pooler, "spec", "type"));
        // The background work's leader election holds advisory locks for a connection's life: transaction pooling would break it.
        Assert.Equal("session", Yaml.Str(pooler, "spec", "pgbouncer", "poolMode"));

        var env = Env(owner);
        var names = env.Select(e => Yaml.Str(e, "name")).ToList();
        var connection = Assert.Single(env, e => Yaml.Str(e, "name") == "ConnectionStrings__Postgres");
        Assert.Null(Yaml.At(connection, "valueFrom"));
        var settings = Yaml.Str(connection, "value")!.Split(';').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal($"{owner}-postgres-pooler", settings["Host"]);
        Assert.Equal(owner, settings["Database"]);
        Assert.Equal(owner, settings["Username"]);
        Assert.Equal("$(POSTGRES_PASSWORD)", settings["Password"]);
        // Kubernetes expands $(VAR) only from variables defined before it.
        var password = Assert.Single(env, e => Yaml.Str(e, "name") == "POSTGRES_PASSWORD");
        Assert.True(names.IndexOf("POSTGRES_PASSWORD") < names.IndexOf("ConnectionStrings__Postgres"));
        Assert.Equal($"{owner}-postgres-app", Yaml.Str(password, "valueFrom", "secretKeyRef", "name"));
        Assert.Equal("password", Yaml.Str(password, "valueFrom", "secretKeyRef", "key"));
    }

    public static TheoryData<string> Owners => [.. DatabaseOwners];

    public static TheoryData<string> OnTheBus => [.. BusServices];

    [Theory]
    [MemberData(nameof(OnTheBus))]
    public void Each_service_is_its_own_broker_user_writing_only_its_own_exchanges_and_reading_only_its_own_queues(string service)
    {
        Assert.Equal("3", Yaml.Str(Assert.Single(overlay.OfKind("RabbitmqCluster")), "spec", "replicas"));
        var vhost = Assert.Single(overlay.OfKind("Vhost"));
        Assert.Equal("quorum", Yaml.Str(vhost, "spec", "defaultQueueType"));
        var user = overlay.Find("User", service);
        Assert.Equal($"rabbitmq-user-{service}", Yaml.Str(user, "spec", "importCredentialsSecret", "name"));
        var permission = Assert.Single(overlay.OfKind("Permission"), p => Yaml.Str(p, "spec", "userReference", "name") == service);
        Assert.Equal(Yaml.Str(vhost, "spec", "name"), Yaml.Str(permission, "spec", "vhost"));
        var read = new Regex(Yaml.Str(permission, "spec", "permissions", "read")!);
        var write = new Regex(Yaml.Str(permission, "spec", "permissions", "write")!);
        var configure = new Regex(Yaml.Str(permission, "spec", "permissions", "configure")!);

        // Queues (and their endpoints' exchanges) as MassTransit names them for every service: its consumers' endpoints, their
        // error and skipped queues, and a host's temporary bus queue (named after the pod, which is named after the service).
        foreach (var other in BusServices)
        {
            var queues = QueuesOf(other).ToList();
            Assert.NotEmpty(queues);
            foreach (var queue in queues)
            {
                Assert.True(read.IsMatch(queue) == (other == service), $"{service} {(other == service ? "cannot read its own" : "can read")} queue {queue}");
                Assert.True(write.IsMatch(queue) == (other == service), $"{service} {(other == service ? "cannot write its own" : "can write")} {queue}");
                Assert.True(configure.IsMatch(queue) == (other == service), $"{service} {(other == service ? "cannot declare its own" : "can declare")} {queue}");
            }
        }

        // A contract's exchange is written by the service whose contracts namespace it is in (and the requests by any
        // service); any service may read (bind from) and declare any contract's exchange.
        foreach (var contract in typeof(Shuangsuiji.Contracts.Tasks.EntityInspected).Assembly.GetExportedTypes()
                     .Where(t => t.Namespace?.StartsWith("Shuangsuiji.Contracts.", StringComparison.Ordinal) == true))
        {
            var exchange = $"{contract.Namespace}:{contract.Name}";
            var publisher = contract.Namespace!["Shuangsuiji.Contracts.".Length..].ToLowerInvariant();
            var request = contract.Name is "DepartmentsRequested" or "HolidayNoticesRequested";
            Assert.True(write.IsMatch(exchange) == (publisher == service || request), $"{service} {(write.IsMatch(exchange) ? "can" : "cannot")} publish {exchange}");
            Assert.Matches(read, exchange);
            Assert.Matches(configure, exchange);
        }
        Assert.Matches(write, "MassTransit:Fault--Shuangsuiji.Contracts.Tasks:EntityInspected--");

        var env = Env(service);
        Assert.Equal("amqp://$(RABBITMQ_USERNAME):$(RABBITMQ_PASSWORD)@rabbitmq:5672/shuangsuiji",
            Yaml.Str(Assert.Single(env, e => Yaml.Str(e, "name") == "ConnectionStrings__RabbitMq"), "value"));
        Assert.All(env.Where(e => Yaml.Str(e, "name") is "RABBITMQ_USERNAME" or "RABBITMQ_PASSWORD"),
            e => Assert.Equal($"rabbitmq-user-{service}", Yaml.Str(e, "valueFrom", "secretKeyRef", "name")));
        Assert.Equal("true", Yaml.Str(Assert.Single(env, e => Yaml.Str(e, "name") == "Bus__QuorumQueues"), "value"));
    }

    /// <summary>The queue names a service's hosts use, as MassTransit's kebab-case formatter with the service's prefix makes them.</summary>
    private static IEnumerable<string> QueuesOf(string service)
    {
        var formatter = new KebabCaseEndpointNameFormatter(service, false);
        var consumer = typeof(IEndpointNameFormatter).GetMethod(nameof(IEndpointNameFormatter.Consumer))!;
        var assembly = Assembly.Load($"Shuangsuiji.{CultureInfo.InvariantCulture.TextInfo.ToTitleCase(service)}");
        foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IConsumer).IsAssignableFrom(t)))
        {
            var queue = (string)consumer.MakeGenericMethod(type).Invoke(formatter, null)!;
            yield return queue;
            yield return $"{queue}_error";
            yield return $"{queue}_skipped";
        }
        yield return $"{service}-5f7d8c9b4-x2k4q_Shuangsuiji{CultureInfo.InvariantCulture.TextInfo.ToTitleCase(service)}_bus_myyyyyfcbrrbcnpebdqmrwxmrj";
    }

    [Fact]
    public void The_gateway_the_console_and_disclosure_scale_and_every_host_but_identity_keeps_a_replica_through_a_drain()
    {
        foreach (var host in new[] { "gateway", "workbench", "disclosure" })
        {
            var autoscaler = overlay.Find("HorizontalPodAutoscaler", host);
            Assert.NotNull(autoscaler);
            Assert.Equal(("Deployment", host), (Yaml.Str(autoscaler, "spec", "scaleTargetRef", "kind"), Yaml.Str(autoscaler, "spec", "scaleTargetRef", "name")));
            Assert.True(int.Parse(Yaml.Str(autoscaler, "spec", "minReplicas")!, CultureInfo.InvariantCulture) >= 2);
            // The autoscaler owns the count: a deploy must not reset it.
            Assert.Null(Yaml.At(overlay.Find("Deployment", host), "spec", "replicas"));
            Assert.NotNull(Yaml.Str(Container(host), "resources", "requests", "cpu"));
        }
        Assert.Equal(3, overlay.OfKind("HorizontalPodAutoscaler").Count());

        foreach (var host in Hosts.Where(h => h != "identity"))
        {
            var budget = overlay.Find("PodDisruptionBudget", host);
            Assert.NotNull(budget);
            Assert.Equal(host, Yaml.Str(budget, "spec", "selector", "matchLabels", "app.kubernetes.io/name"));
            Assert.Equal("1", Yaml.Str(budget, "spec", "minAvailable"));
        }
        Assert.Null(overlay.Find("PodDisruptionBudget", "identity"));
        Assert.Equal("1", Yaml.Str(overlay.Find("PodDisruptionBudget", "rabbitmq"), "spec", "maxUnavailable"));
    }

    [Fact]
    public void Only_the_gateway_the_console_and_the_sign_in_are_published_at_the_settings_addresses_with_tls()
    {
        var settings = Yaml.Map(overlay.OfKind("ConfigMap").Single(c => Yaml.Str(c, "metadata", "name")!.StartsWith("shuangsuiji-settings", StringComparison.Ordinal)), "data");
        var published = new Dictionary<string, string>();
        foreach (var ingress in overlay.OfKind("Ingress"))
        {
            var tlsHosts = Yaml.Seq(ingress, "spec", "tls").SelectMany(t => (Yaml.At(t, "hosts") as List<object> ?? []).Cast<string>()).ToHashSet();
            foreach (var rule in Yaml.Seq(ingress, "spec", "rules"))
            {
                var host = Yaml.Str(rule, "host")!;
                Assert.Contains(host, tlsHosts);
                foreach (var path in Yaml.Seq(rule, "http", "paths"))
                    published[$"{host} {Yaml.Str(path, "backend", "service", "port", "name")}"] = Yaml.Str(path, "backend", "service", "name")!;
            }
        }
        Assert.Equal(["gateway", "identity", "workbench"], published.Values.Distinct().Order());
        Assert.Equal("gateway", published[$"{new Uri((string)settings["gateway-address"]).Host} http"]);
        Assert.Equal("workbench", published[$"{new Uri((string)settings["workbench-address"]).Host} http"]);
        Assert.Equal("identity", published[$"{new Uri((string)settings["identity-issuer"]).Host} http"]);
        Assert.Equal("true", settings["identity-requires-https"]);
        Assert.All(overlay.OfKind("Service"), s => Assert.Equal("ClusterIP", Yaml.Str(s, "spec", "type")));
    }

    [Fact]
    public void The_gateway_takes_client_addresses_from_the_ingress_network_alone()
    {
        var trusted = Assert.Single(Env("gateway"), e => Yaml.Str(e, "name") == "Gateway__TrustedProxies__0");
        Assert.Equal("trusted-proxies", Yaml.Str(trusted, "valueFrom", "configMapKeyRef", "key"));
        var settings = Yaml.Map(overlay.OfKind("ConfigMap").Single(c => Yaml.Str(c, "metadata", "name")!.StartsWith("shuangsuiji-settings", StringComparison.Ordinal)), "data");
        Assert.True(System.Net.IPNetwork.TryParse((string)settings["trusted-proxies"], out _));
    }

    [Fact]
    public void The_draw_engine_has_room_for_ten_million_candidates_and_every_host_has_memory_requests_and_limits()
    {
        // 32 bytes a candidate: 320 MB for ten million, plus a draw's working copies; the base's 512 MiB is not enough.
        Assert.True(Bytes(Yaml.Str(Container("draws"), "resources", "requests", "memory")!) >= 1L << 31);
        Assert.True(Bytes(Yaml.Str(Container("draws"), "resources", "limits", "memory")!) >= 3L << 30);
        foreach (var host in Hosts)
        {
            var resources = Yaml.Map(Container(host), "resources");
            Assert.True(Bytes(Yaml.Str(resources, "requests", "memory")!) <= Bytes(Yaml.Str(resources, "limits", "memory")!), host);
        }
    }

    [Fact]
    public void Every_object_is_in_the_production_namespace_at_a_released_image_and_no_secret_comes_from_git()
    {
        Assert.Empty(overlay.OfKind("Secret"));
        Assert.All(overlay.Objects.Where(o => Yaml.Str(o, "kind") != "Namespace"),
            o => Assert.Equal(ProductionOverlayFixture.Namespace, Yaml.Str(o, "metadata", "namespace")));
        foreach (var host in Hosts)
            Assert.Matches($@"^[a-z0-9.-]+/shuangsuiji/{host}:\d+\.\d+\.\d+$", Yaml.Str(Container(host), "image")!);
    }

    private static long Bytes(string quantity)
    {
        var match = Regex.Match(quantity, @"^(\d+)(Ki|Mi|Gi)?$");
        Assert.True(match.Success, $"memory `{quantity}` is not in Ki, Mi or Gi");
        var shift = match.Groups[2].Value switch { "Ki" => 10, "Mi" => 20, "Gi" => 30, _ => 0 };
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) << shift;
    }

    private Dictionary<object, object> Container(string host) =>
        Assert.Single(Yaml.Seq(overlay.Find("Deployment", host), "spec", "template", "spec", "containers"));

    private List<Dictionary<object, object>> Env(string host) => [.. Yaml.Seq(Container(host), "env")];
}
