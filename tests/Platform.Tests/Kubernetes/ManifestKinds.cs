using static Shuangsuiji.Platform.Tests.Kubernetes.Shape;

namespace Shuangsuiji.Platform.Tests.Kubernetes;

/// <summary>
/// The kinds our overlays render and the fields of each we use, by apiVersion and kind: Kubernetes' core kinds as its API
/// reference states them, the operators' kinds as their CRDs do (CloudNativePG's postgresql.cnpg.io_clusters, _poolers and
/// _scheduledbackups; the RabbitMQ Cluster Operator's rabbitmq.com_rabbitmqclusters; the Messaging Topology Operator's
/// rabbitmq.com_users, _permissions and _vhosts). A field used for the first time is added here after reading its schema.
/// </summary>
internal static class ManifestKinds
{
    private static readonly Fields Metadata = Obj(("name", Str), ("namespace", Str), ("labels", MapOf(Str)), ("annotations", MapOf(Str)))
        .Requires("name");

    private static readonly Shape LabelSelector = Obj(("matchLabels", MapOf(Str)), ("matchExpressions", ListOf(
        Obj(("key", Str), ("operator", OneOf("In", "NotIn", "Exists", "DoesNotExist")), ("values", ListOf(Str))).Requires("key", "operator"))));

    private static readonly Shape KeyRef = Obj(("name", Str), ("key", Str), ("optional", Bool)).Requires("key");

    private static readonly Shape EnvVar = Obj(("name", Str), ("value", Str),
        ("valueFrom", Obj(("secretKeyRef", KeyRef), ("configMapKeyRef", KeyRef), ("fieldRef", Obj(("fieldPath", Str), ("apiVersion", Str)).Requires("fieldPath")))))
        .Requires("name");

    private static readonly Shape Probe = Obj(
        ("httpGet", Obj(("path", Str), ("port", IntOrStr), ("scheme", OneOf("HTTP", "HTTPS"))).Requires("port")),
        ("tcpSocket", Obj(("port", IntOrStr)).Requires("port")),
        ("exec", Obj(("command", ListOf(Str)))),
        ("initialDelaySeconds", AtLeast(0)), ("periodSeconds", AtLeast(1)), ("timeoutSeconds", AtLeast(1)),
        ("failureThreshold", AtLeast(1)), ("successThreshold", AtLeast(1)));

    private static readonly Shape Resources = Obj(("requests", MapOf(Quantity)), ("limits", MapOf(Quantity)));

    private static readonly Shape Protocol = OneOf("TCP", "UDP", "SCTP");

    private static readonly Shape Container = Obj(
        ("name", Str), ("image", Str), ("command", ListOf(Str)), ("args", ListOf(Str)),
        // A port's name is an IANA service name: at most 15 characters, lower case, digits and inner dashes.
        ("ports", ListOf(Obj(("name", Matching("^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$")), ("containerPort", Port), ("protocol", Protocol))
            .Requires("containerPort"))),
        ("env", ListOf(EnvVar)),
        ("envFrom", ListOf(Obj(("secretRef", Obj(("name", Str))), ("configMapRef", Obj(("name", Str))), ("prefix", Str)))),
        ("startupProbe", Probe), ("livenessProbe", Probe), ("readinessProbe", Probe),
        ("resources", Resources),
        ("securityContext", Obj(("allowPrivilegeEscalation", Bool), ("readOnlyRootFilesystem", Bool), ("runAsNonRoot", Bool),
            ("runAsUser", AtLeast(0)), ("capabilities", Obj(("drop", ListOf(Str)), ("add", ListOf(Str)))))),
        ("volumeMounts", ListOf(Obj(("name", Str), ("mountPath", Str), ("readOnly", Bool), ("subPath", Str)).Requires("name", "mountPath"))))
        .Requires("name");

    private static readonly Shape Volume = Obj(("name", Str),
        ("emptyDir", Obj(("sizeLimit", Quantity), ("medium", Str))),
        ("persistentVolumeClaim", Obj(("claimName", Str), ("readOnly", Bool)).Requires("claimName")),
        ("secret", Obj(("secretName", Str), ("defaultMode", AtLeast(0, 511)), ("optional", Bool))),
        ("configMap", Obj(("name", Str), ("defaultMode", AtLeast(0, 511)), ("optional", Bool))))
        .Requires("name");

    private static readonly Shape PodAffinityTerm = Obj(("topologyKey", Str), ("labelSelector", LabelSelector)).Requires("topologyKey");

    private static readonly Shape PodSpec = Obj(
        ("containers", ListOf(Container)), ("volumes", ListOf(Volume)),
        ("automountServiceAccountToken", Bool), ("terminationGracePeriodSeconds", AtLeast(0)), ("serviceAccountName", Str),
        ("securityContext", Obj(("runAsNonRoot", Bool), ("runAsUser", AtLeast(0)), ("runAsGroup", AtLeast(0)), ("fsGroup", AtLeast(0)),
            ("seccompProfile", Obj(("type", OneOf("RuntimeDefault", "Localhost", "Unconfined"))).Requires("type")))),
        ("topologySpreadConstraints", ListOf(Obj(("maxSkew", AtLeast(1)), ("topologyKey", Str),
            ("whenUnsatisfiable", OneOf("DoNotSchedule", "ScheduleAnyway")), ("labelSelector", LabelSelector), ("matchLabelKeys", ListOf(Str)))
            .Requires("maxSkew", "topologyKey", "whenUnsatisfiable"))))
        .Requires("containers");

    private static readonly Shape PodTemplate = Obj(("metadata", Obj(("labels", MapOf(Str)), ("annotations", MapOf(Str)))), ("spec", PodSpec));

    private static readonly Shape ClaimSpec = Obj(
        ("accessModes", ListOf(OneOf("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"))),
        ("resources", Obj(("requests", MapOf(Quantity)))), ("storageClassName", Str));

    private static readonly Shape ClusterReference = Obj(("name", Str), ("namespace", Str), ("connectionSecret", Obj(("name", Str))));

    private static readonly Shape SecretKeySelector = Obj(("name", Str), ("key", Str)).Requires("name", "key");

    /// <summary>Barman's object store, as CloudNativePG's Cluster has it under backup and externalClusters.</summary>
    private static readonly Shape BarmanObjectStore = Obj(
        ("destinationPath", Matching(".")), ("endpointURL", Str), ("serverName", Str),
        ("s3Credentials", Obj(("accessKeyId", SecretKeySelector), ("secretAccessKey", SecretKeySelector), ("region", SecretKeySelector),
            ("sessionToken", SecretKeySelector), ("inheritFromIAMRole", Bool))),
        ("wal", Obj(("compression", OneOf("bzip2", "gzip", "lz4", "snappy", "xz", "zstd")), ("maxParallel", AtLeast(1)))),
        ("data", Obj(("compression", OneOf("bzip2", "gzip", "lz4", "snappy")), ("jobs", AtLeast(1)), ("immediateCheckpoint", Bool))))
        .Requires("destinationPath");

    private static readonly Shape CnpgStorage = Obj(("size", Quantity), ("storageClass", Str), ("resizeInUseVolumes", Bool));

    private static Fields Kind(params (string Name, Shape Shape)[] fields) =>
        Obj(("apiVersion", Str), ("kind", Str), ("metadata", Metadata)).With(fields).Requires("apiVersion", "kind", "metadata");

    public static readonly IReadOnlyDictionary<(string ApiVersion, string Kind), Shape> ByKind = new Dictionary<(string, string), Shape>
    {
        [("v1", "Namespace")] = Kind(),
        [("v1", "ConfigMap")] = Kind(("data", MapOf(Str))),
        // Base64, which kustomize writes in lines when it is long.
        [("v1", "Secret")] = Kind(("data", MapOf(Matching(@"^([A-Za-z0-9+/]+\n)*[A-Za-z0-9+/]*={0,2}\n?$"))), ("type", Str)),
        [("v1", "PersistentVolumeClaim")] = Kind(("spec", ClaimSpec)).Requires("spec"),
        [("v1", "Service")] = Kind(("spec", Obj(
            ("type", OneOf("ClusterIP", "NodePort", "LoadBalancer", "ExternalName")), ("selector", MapOf(Str)),
            ("ports", ListOf(Obj(("name", Str), ("port", Port), ("targetPort", IntOrStr), ("protocol", Protocol), ("appProtocol", Str))
                .Requires("port")))))).Requires("spec"),
        [("apps/v1", "Deployment")] = Kind(("spec", Obj(
            ("replicas", AtLeast(0)), ("revisionHistoryLimit", AtLeast(0)), ("selector", LabelSelector),
            ("strategy", Obj(("type", OneOf("Recreate", "RollingUpdate")), ("rollingUpdate", Obj(("maxSurge", IntOrStr), ("maxUnavailable", IntOrStr))))),
            ("template", PodTemplate)).Requires("selector", "template"))).Requires("spec"),
        [("apps/v1", "StatefulSet")] = Kind(("spec", Obj(
            ("replicas", AtLeast(0)), ("serviceName", Str), ("selector", LabelSelector), ("template", PodTemplate),
            ("volumeClaimTemplates", ListOf(Obj(("metadata", Metadata), ("spec", ClaimSpec))))).Requires("selector", "template"))).Requires("spec"),
        [("autoscaling/v2", "HorizontalPodAutoscaler")] = Kind(("spec", Obj(
            ("scaleTargetRef", Obj(("apiVersion", Str), ("kind", Str), ("name", Str)).Requires("kind", "name")),
            ("minReplicas", AtLeast(1)), ("maxReplicas", AtLeast(1)),
            ("metrics", ListOf(Obj(("type", OneOf("Resource", "Pods", "Object", "External", "ContainerResource")),
                ("resource", Obj(("name", Str), ("target", Obj(("type", OneOf("Utilization", "Value", "AverageValue")),
                    ("averageUtilization", AtLeast(1)), ("averageValue", Quantity), ("value", Quantity)).Requires("type"))).Requires("name", "target")))
                .Requires("type"))),
            ("behavior", Obj(("scaleDown", Obj(("stabilizationWindowSeconds", AtLeast(0, 3600)))), ("scaleUp", Obj(("stabilizationWindowSeconds", AtLeast(0, 3600)))))))
            .Requires("scaleTargetRef", "maxReplicas"))).Requires("spec"),
        [("policy/v1", "PodDisruptionBudget")] = Kind(("spec", Obj(("minAvailable", IntOrStr), ("maxUnavailable", IntOrStr), ("selector", LabelSelector))))
            .Requires("spec"),
        [("networking.k8s.io/v1", "NetworkPolicy")] = Kind(("spec", Obj(
            ("podSelector", LabelSelector), ("policyTypes", ListOf(OneOf("Ingress", "Egress"))),
            ("ingress", ListOf(Obj(
                ("from", ListOf(Obj(("podSelector", LabelSelector), ("namespaceSelector", LabelSelector),
                    ("ipBlock", Obj(("cidr", Str), ("except", ListOf(Str))).Requires("cidr"))))),
                ("ports", ListOf(Obj(("port", IntOrStr), ("endPort", Port), ("protocol", Protocol))))))))
            .Requires("podSelector"))).Requires("spec"),
        [("networking.k8s.io/v1", "Ingress")] = Kind(("spec", Obj(
            ("ingressClassName", Str),
            ("tls", ListOf(Obj(("hosts", ListOf(Str)), ("secretName", Str)))),
            ("rules", ListOf(Obj(("host", Str), ("http", Obj(("paths", ListOf(Obj(
                ("path", Str), ("pathType", OneOf("Exact", "Prefix", "ImplementationSpecific")),
                ("backend", Obj(("service", Obj(("name", Str), ("port", Obj(("name", Str), ("number", Port)))).Requires("name"))).Requires("service")))
                .Requires("pathType", "backend")))).Requires("paths")))))))).Requires("spec"),

        [("postgresql.cnpg.io/v1", "Cluster")] = Kind(("spec", Obj(
            ("instances", AtLeast(1)), ("imageName", Str), ("primaryUpdateStrategy", OneOf("unsupervised", "supervised")),
            ("minSyncReplicas", AtLeast(0)), ("maxSyncReplicas", AtLeast(0)), ("enableSuperuserAccess", Bool),
            ("storage", CnpgStorage), ("walStorage", CnpgStorage),
            ("postgresql", Obj(("parameters", MapOf(Str)), ("pg_hba", ListOf(Str)))),
            ("resources", Resources),
            ("affinity", Obj(("enablePodAntiAffinity", Bool), ("podAntiAffinityType", OneOf("preferred", "required")), ("topologyKey", Str))),
            ("bootstrap", Obj(
                ("initdb", Obj(("database", Str), ("owner", Str), ("secret", Obj(("name", Str)).Requires("name")))),
                ("recovery", Obj(("source", Str), ("database", Str), ("owner", Str), ("backup", Obj(("name", Str)).Requires("name")),
                    ("recoveryTarget", Obj(("targetTime", Str), ("targetImmediate", Bool))))))),
            ("externalClusters", ListOf(Obj(("name", Str), ("barmanObjectStore", BarmanObjectStore)).Requires("name"))),
            ("backup", Obj(("retentionPolicy", Matching("^[1-9][0-9]*[dwm]$")), ("barmanObjectStore", BarmanObjectStore))))
            .Requires("instances"))).Requires("spec"),
        [("postgresql.cnpg.io/v1", "Pooler")] = Kind(("spec", Obj(
            ("cluster", Obj(("name", Str)).Requires("name")), ("instances", AtLeast(0)), ("type", OneOf("rw", "ro", "r")),
            ("pgbouncer", Obj(("poolMode", OneOf("session", "transaction")), ("parameters", MapOf(Str)), ("paused", Bool))))
            .Requires("cluster", "pgbouncer"))).Requires("spec"),
        [("postgresql.cnpg.io/v1", "ScheduledBackup")] = Kind(("spec", Obj(
            ("cluster", Obj(("name", Str)).Requires("name")),
            // Six fields, seconds first (the operator's cron library), where Kubernetes' CronJob has five.
            ("schedule", Matching(@"^\S+( \S+){5}$")), ("immediate", Bool), ("suspend", Bool),
            ("method", OneOf("barmanObjectStore", "volumeSnapshot", "plugin")), ("backupOwnerReference", OneOf("none", "self", "cluster")))
            .Requires("cluster", "schedule"))).Requires("spec"),
        [("rabbitmq.com/v1beta1", "RabbitmqCluster")] = Kind(("spec", Obj(
            ("replicas", AtLeast(0)), ("image", Str), ("resources", Resources),
            ("persistence", Obj(("storage", Quantity), ("storageClassName", Str))),
            ("rabbitmq", Obj(("additionalPlugins", ListOf(Matching(@"^\w+$"))), ("additionalConfig", Str), ("advancedConfig", Str), ("envConfig", Str))),
            ("affinity", Obj(("podAntiAffinity", Obj(("requiredDuringSchedulingIgnoredDuringExecution", ListOf(PodAffinityTerm)))))))))
            .Requires("spec"),
        [("rabbitmq.com/v1beta1", "User")] = Kind(("spec", Obj(
            ("rabbitmqClusterReference", ClusterReference), ("importCredentialsSecret", Obj(("name", Str))),
            ("tags", ListOf(OneOf("management", "policymaker", "monitoring", "administrator"))))
            .Requires("rabbitmqClusterReference"))).Requires("spec"),
        [("rabbitmq.com/v1beta1", "Permission")] = Kind(("spec", Obj(
            ("vhost", Str), ("user", Str), ("userReference", Obj(("name", Str))),
            ("permissions", Obj(("configure", Str), ("write", Str), ("read", Str))), ("rabbitmqClusterReference", ClusterReference))
            .Requires("permissions", "rabbitmqClusterReference", "vhost"))).Requires("spec"),
        [("rabbitmq.com/v1beta1", "Vhost")] = Kind(("spec", Obj(
            ("name", Str), ("defaultQueueType", OneOf("quorum", "classic", "stream")), ("tracing", Bool),
            ("deletionPolicy", OneOf("delete", "retain")), ("rabbitmqClusterReference", ClusterReference))
            .Requires("name", "rabbitmqClusterReference"))).Requires("spec"),
    };
}
