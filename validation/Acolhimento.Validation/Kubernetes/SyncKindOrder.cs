namespace Acolhimento.Validation.Kubernetes;

/// <summary>
/// The order Argo CD applies kinds in within one sync wave: namespaces and definitions first, unknown kinds last. Source:
/// Argo CD's gitops-engine (<c>pkg/sync/sync_tasks.go</c>, <c>kindOrder</c>), which takes Helm's install order.
/// </summary>
internal static class SyncKindOrder
{
    public static readonly IReadOnlyList<string> Kinds =
    [
        "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret",
        "SecretList", "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole",
        "ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
        "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob",
        "IngressClass", "Ingress", "APIService",
    ];

    private static readonly Dictionary<string, int> Rank = Kinds.Select((kind, i) => (kind, i)).ToDictionary(x => x.kind, x => x.i, StringComparer.Ordinal);

    /// <summary>The kind's place in the order; every unknown kind shares the last place.</summary>
    public static int Of(string kind) => Rank.TryGetValue(kind, out var rank) ? rank : Kinds.Count;
}
